/**
 * How tests find the Postfix + Dovecot peer that test/peers/start.sh runs on 127.0.0.1:
 * ports 25 (STARTTLS optional, no AUTH), 587 (STARTTLS and AUTH required), 465 (implicit TLS
 * and AUTH). start.sh writes everything a test needs to $SMTP_PROBE_PEERS_DIR/peer.json
 * (default /var/tmp/smtp-probe-peers/peer.json); this module reads it.
 *
 * Use with describeWithPeer, and read the peer inside beforeAll/it (a skipped suite's body still
 * runs to collect its tests, so it must not touch the peer at collection time):
 *
 *   await describeWithPeer('Postfix', postfixAvailable, 'engine against Postfix', () => {
 *     it('…', async () => { const peer = postfixPeer(); … });
 *   });
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { tcpReachable } from './peers.ts';

export interface PostfixPeer {
  /** Always 127.0.0.1. */
  host: string;
  /** The name in the banner, the EHLO reply and the certificate: mail.peer.test. */
  hostname: string;
  ports: { smtp: number; submission: number; smtps: number };
  /** The test CA that signed the server certificate (SAN: mail.peer.test, localhost, 127.0.0.1). */
  caFile: string;
  caPem: string;
  /** The local mail domain (peer.test); the only domain Postfix accepts mail for on port 25. */
  domain: string;
  /** The test user: an existing mailbox and the SASL login for 587/465 (PLAIN, LOGIN, CRAM-MD5). */
  user: { address: string; username: string; password: string };
  /** An address in `domain` that does not exist: RCPT TO gets 550 5.1.1. */
  unknownUser: string;
  /** The test user's Maildir (readable by root; owned by the smtp-probe-mail system user). */
  mailboxDir: string;
  /** Maildir where mail submitted (587/465, authenticated) to any other domain ends: nothing leaves. */
  outboundMailboxDir: string;
  logs: { postfix: string; dovecot: string };
}

export function peersRunDir(): string {
  return process.env.SMTP_PROBE_PEERS_DIR ?? '/var/tmp/smtp-probe-peers';
}

export function peerJsonPath(): string {
  return path.join(peersRunDir(), 'peer.json');
}

let cached: PostfixPeer | undefined;

/** The running peer's details. Throws with a plain message when start.sh has not run. */
export function postfixPeer(): PostfixPeer {
  if (cached) return cached;
  const file = peerJsonPath();
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Postfix peer: ${file} is missing; run test/peers/install.sh and test/peers/start.sh as root (${String(error)})`, { cause: error });
  }
  const json = JSON.parse(raw) as Omit<PostfixPeer, 'caPem'>;
  cached = { ...json, caPem: readFileSync(json.caFile, 'utf8') };
  return cached;
}

/** The probe for describeWithPeer: peer.json exists and all three ports accept connections. */
export async function postfixAvailable(): Promise<boolean> {
  let peer: PostfixPeer;
  try {
    peer = postfixPeer();
  } catch {
    return false; // not started here: describeWithPeer turns this into a skip, or a failure in CI
  }
  const reachable = await Promise.all(
    [peer.ports.smtp, peer.ports.submission, peer.ports.smtps].map((port) => tcpReachable(peer.host, port)),
  );
  return reachable.every(Boolean);
}

export interface DeliveredMessage {
  file: string;
  content: string;
}

/**
 * Waits until a message containing `marker` (a unique Subject or Message-ID) is in the Maildir
 * `mailboxDir` (new/ or cur/). Postfix delivers asynchronously after its 250 to DATA, so a test
 * polls; it rejects after `timeoutMs` with what it saw.
 */
export async function waitForDelivery(mailboxDir: string, marker: string, timeoutMs = 15_000): Promise<DeliveredMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = await maildirFiles(mailboxDir);
    for (const file of files) {
      const content = await readFile(file, 'utf8').catch(() => '');
      if (content.includes(marker)) return { file, content };
    }
    if (Date.now() > deadline) {
      throw new Error(`no message containing ${JSON.stringify(marker)} reached ${mailboxDir} in ${timeoutMs} ms (${files.length} other files there)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function maildirFiles(mailboxDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const sub of ['new', 'cur']) {
    const dir = path.join(mailboxDir, sub);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      // The Maildir appears with the first delivery; a permission error is a real problem.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    files.push(...names.map((name) => path.join(dir, name)));
  }
  return files;
}
