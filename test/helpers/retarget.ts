/**
 * The retarget attack on a saved password, as any caller of the API could try it: a profile saved
 * with the canary password for a real server (smtp-server with STARTTLS and a verified certificate
 * on loopback), then re-saved WITHOUT a password to point at a capture server on another loopback
 * port, in plain text with plaintext AUTH allowed, and run. The capture server offers AUTH PLAIN
 * and LOGIN, accepts anything, and records every byte it receives.
 */
import fsp from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import SMTPServerModule from 'smtp-server';
import { secretForms } from '../../electron/engine/smtp/redact.ts';
import type { ProfileFields } from '../../shared/profile.ts';
import { emptyProfileFields } from '../../shared/profile.ts';
import { startHostileServer, type HostileServer, type ScenarioContext } from './hostile-server.ts';
import { testCerts } from './test-certs.ts';

const { SMTPServer } = SMTPServerModule;

export const CANARY = 'Canary-9f3e-Canary-9f3e';
export const CANARY_USER = 'canary-user-b1nd';

export interface GoodServer {
  port: number;
  caPem: string;
  /** Users that logged in with the right password. */
  logins: string[];
  close(): Promise<void>;
}

/** The server the password was entered for: STARTTLS with a certificate from a private CA. */
export async function startGoodServer(): Promise<GoodServer> {
  const certs = await testCerts();
  const logins: string[] = [];
  const server = new SMTPServer({
    logger: false,
    // No reverse lookup of 127.0.0.1: it would ask the system's DNS server, beyond loopback.
    disableReverseLookup: true,
    name: 'good.test',
    authOptional: true,
    key: certs.good.key,
    cert: certs.good.cert,
    onAuth(auth, _session, callback) {
      if (auth.username !== CANARY_USER || auth.password !== CANARY) return callback(new Error('Invalid username or password'));
      logins.push(auth.username);
      return callback(null, { user: auth.username });
    },
  });
  server.on('error', () => {
    // Client-side failures show up here too; the tests assert on the client side.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, caPem: certs.ca.cert, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** SASL lines a connection still owes after its AUTH command (LOGIN: user, then password). */
const saslLeft = new WeakMap<ScenarioContext, number>();

function answerAuth(mechanism: string, initial: string | undefined, ctx: ScenarioContext): void {
  const login = mechanism.toUpperCase() === 'LOGIN';
  const left = (login ? 2 : 1) - (initial === undefined ? 0 : 1);
  if (left === 0) return ctx.write('235 2.7.0 ok\r\n');
  saslLeft.set(ctx, left);
  ctx.write(!login ? '334 \r\n' : left === 2 ? '334 VXNlcm5hbWU6\r\n' : '334 UGFzc3dvcmQ6\r\n');
}

/** Offers AUTH PLAIN and LOGIN in plain text and says yes to everything: a password sent here is caught. */
export function startCaptureServer(): Promise<HostileServer> {
  return startHostileServer({
    greeting: '220 capture.test ESMTP\r\n',
    onLine(line, ctx) {
      const left = saslLeft.get(ctx) ?? 0;
      if (left > 0) {
        saslLeft.set(ctx, left - 1);
        return ctx.write(left > 1 ? '334 UGFzc3dvcmQ6\r\n' : '235 2.7.0 ok\r\n');
      }
      const [verb = '', mechanism = '', initial] = line.split(' ');
      if (/^EHLO$/i.test(verb)) ctx.write('250-capture.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n');
      else if (/^AUTH$/i.test(verb)) answerAuth(mechanism, initial, ctx);
      else if (/^QUIT$/i.test(verb)) ctx.end('221 bye\r\n');
      else ctx.write('250 ok\r\n');
    },
  });
}

/** The profile as saved with the canary password for the good server. */
export function goodFields(good: GoodServer): ProfileFields {
  return {
    ...emptyProfileFields(),
    name: 'Submission',
    targetKind: 'host',
    target: '127.0.0.1',
    port: good.port,
    security: 'starttls',
    tlsVerify: true,
    caPem: good.caPem,
    authUser: CANARY_USER,
    allowPlaintextAuth: false,
  };
}

/** The same profile re-pointed at the capture server, in plain text with plaintext AUTH allowed. */
export function retargetedFields(good: GoodServer, capture: HostileServer): ProfileFields {
  return { ...goodFields(good), port: capture.port, security: 'none', allowPlaintextAuth: true };
}

/** Every form of the canary the capture server received (raw, base64, PLAIN blob, LOGIN pieces); [] when none. */
export function canaryFormsReceived(capture: HostileServer): string[] {
  const received = capture.allSent().toString('latin1');
  return secretForms(CANARY_USER, CANARY).filter((form) => received.includes(form));
}

/** Rewrites profiles.json in `dataDir` as another process (or a hand edit) would. */
export async function editProfileOnDisk(dataDir: string, id: string, fields: ProfileFields): Promise<void> {
  const file = path.join(dataDir, 'profiles.json');
  const doc = JSON.parse(await fsp.readFile(file, 'utf8')) as { profiles: { id: string }[] };
  doc.profiles = doc.profiles.map((p) => (p.id === id ? { ...p, ...fields } : p));
  await fsp.writeFile(file, JSON.stringify(doc, null, 2));
}
