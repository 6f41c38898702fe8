/**
 * The Postfix + Dovecot peer (test/peers/start.sh) really behaves as the engine's integration
 * tests assume, checked with swaks as the reference client and with Node's own TLS client.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { expect, it } from 'vitest';
import { describeWithPeer } from '../../helpers/peers.ts';
import { postfixAvailable, postfixPeer, waitForDelivery, type PostfixPeer } from '../../helpers/postfix-peer.ts';
import { swaks, swaksInstalled } from './swaks.ts';

const available = async () => (await postfixAvailable()) && (await swaksInstalled());

/** swaks options that make it verify the certificate against the test CA, by name. */
function verifiedTls(peer: PostfixPeer): string[] {
  return ['--tls-verify', '--tls-ca-path', peer.caFile, '--tls-sni', peer.hostname];
}

function auth(peer: PostfixPeer, mechanism: string, password = peer.user.password): string[] {
  return ['--auth', mechanism, '--auth-user', peer.user.username, '--auth-password', password];
}

function server(peer: PostfixPeer, port: number): string[] {
  return ['--server', peer.host, '--port', String(port)];
}

/** The EHLO reply's keywords (after the first line, which carries the host name). */
function ehloKeywords(lines: string[]): string[] {
  return lines.filter((l) => /^250[- ]/.test(l)).slice(1).map((l) => l.slice(4).split(' ')[0]!.toUpperCase());
}

function firstEhlo(serverLines: string[]): string[] {
  const start = serverLines.findIndex((l) => l.startsWith('250-'));
  const end = serverLines.findIndex((l, i) => i >= start && l.startsWith('250 '));
  return serverLines.slice(start, end + 1);
}

/**
 * Sends each command after the previous reply and returns every reply's last line, in order
 * (the banner first). Bare-bones on purpose: swaks will not send AUTH that is not advertised.
 */
function plainExchange(host: string, port: number, commands: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const replies: string[] = [];
    let buffer = '';
    socket.setTimeout(15_000, () => socket.destroy(new Error(`no reply within 15 s after ${JSON.stringify(replies)}`)));
    socket.once('error', reject);
    socket.on('data', (data) => {
      buffer += data.toString('latin1');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!/^\d{3} /.test(line)) continue; // continuation line of a multi-line reply
        replies.push(line);
        const next = commands[replies.length - 1];
        if (next === undefined) {
          socket.end();
          resolve(replies);
        } else {
          socket.write(`${next}\r\n`);
        }
      }
    });
  });
}

await describeWithPeer('Postfix', available, 'Postfix peer, port 25 (SMTP, STARTTLS optional, no AUTH)', () => {
  it('greets as mail.peer.test and offers STARTTLS but no AUTH in the clear', async () => {
    const peer = postfixPeer();
    const run = await swaks([...server(peer, peer.ports.smtp), '--quit-after', 'EHLO']);
    expect(run.exitCode).toBe(0);
    expect(run.server[0]).toMatch(/^220 mail\.peer\.test ESMTP/);
    const keywords = ehloKeywords(firstEhlo(run.server));
    expect(keywords).toContain('STARTTLS');
    expect(keywords).toContain('ENHANCEDSTATUSCODES');
    expect(keywords).not.toContain('AUTH');
  });

  it('completes STARTTLS with a certificate that verifies against the test CA', async () => {
    const peer = postfixPeer();
    const run = await swaks([...server(peer, peer.ports.smtp), '--tls', ...verifiedTls(peer), '--quit-after', 'EHLO']);
    expect(run.exitCode).toBe(0);
    expect(run.server).toContain('220 2.0.0 Ready to start TLS');
    expect(run.lines.some((l) => l.from === 'server' && l.tls && l.text.startsWith('250 '))).toBe(true);
  });

  it('denies relaying to another domain with 554 5.7.1', async () => {
    const peer = postfixPeer();
    const run = await swaks([...server(peer, peer.ports.smtp), '--from', 'someone@example.org', '--to', 'else@example.net', '--quit-after', 'RCPT']);
    expect(run.server).toContainEqual(expect.stringMatching(/^554 5\.7\.1 <else@example\.net>: Relay access denied/));
  });

  it('rejects an unknown local user with 550 5.1.1', async () => {
    const peer = postfixPeer();
    const run = await swaks([...server(peer, peer.ports.smtp), '--from', 'someone@example.org', '--to', peer.unknownUser, '--quit-after', 'RCPT']);
    expect(run.server).toContainEqual(expect.stringMatching(/^550 5\.1\.1 <no-such-user@peer\.test>: .*User unknown/));
  });

  it('delivers mail for the test user into the Maildir on disk', async () => {
    const peer = postfixPeer();
    const marker = `peer-25-${randomUUID()}`;
    const run = await swaks([...server(peer, peer.ports.smtp), '--from', 'someone@example.org', '--to', peer.user.address, '--header', `Subject: ${marker}`]);
    expect(run.exitCode).toBe(0);
    expect(run.server).toContainEqual(expect.stringMatching(/^250 2\.0\.0 Ok: queued as [0-9A-F]+$/));
    const message = await waitForDelivery(peer.mailboxDir, marker);
    expect(message.content).toContain(`Delivered-To: ${peer.user.address}`);
    expect(message.content).toContain(`Subject: ${marker}`);
  });
});

await describeWithPeer('Postfix', available, 'Postfix peer, port 587 (submission: STARTTLS and AUTH required)', () => {
  it('offers no AUTH before STARTTLS and refuses mail until TLS is up', async () => {
    const peer = postfixPeer();
    const run = await swaks([...server(peer, peer.ports.submission), '--from', peer.user.address, '--to', peer.user.address, '--quit-after', 'MAIL']);
    const keywords = ehloKeywords(firstEhlo(run.server));
    expect(keywords).toContain('STARTTLS');
    expect(keywords).not.toContain('AUTH');
    expect(run.server).toContain('530 5.7.0 Must issue a STARTTLS command first');
  });

  it('refuses AUTH with the right credentials before STARTTLS', async () => {
    const peer = postfixPeer();
    const blob = Buffer.from(`\0${peer.user.username}\0${peer.user.password}`).toString('base64');
    const replies = await plainExchange(peer.host, peer.ports.submission, ['EHLO client.peer.test', `AUTH PLAIN ${blob}`, 'QUIT']);
    expect(replies[0]).toMatch(/^220 /);
    expect(replies[2]).toMatch(/^530 5\.7\.0 /);
    expect(replies[3]).toMatch(/^221 /);
  });

  it('offers AUTH PLAIN LOGIN CRAM-MD5 after STARTTLS', async () => {
    const peer = postfixPeer();
    const run = await swaks([...server(peer, peer.ports.submission), '--tls', ...verifiedTls(peer), '--quit-after', 'EHLO']);
    const tlsEhlo = run.lines.filter((l) => l.from === 'server' && l.tls).map((l) => l.text);
    const authLine = tlsEhlo.find((l) => /^250[- ]AUTH /.test(l));
    expect(authLine?.slice(4).split(' ').slice(1).sort()).toEqual(['CRAM-MD5', 'LOGIN', 'PLAIN']);
  });

  it.each(['PLAIN', 'LOGIN', 'CRAM-MD5'])('authenticates the test user with %s after STARTTLS', async (mechanism) => {
    const peer = postfixPeer();
    const run = await swaks([...server(peer, peer.ports.submission), '--tls', ...verifiedTls(peer), ...auth(peer, mechanism), '--quit-after', 'AUTH']);
    expect(run.exitCode).toBe(0);
    expect(run.server).toContain('235 2.7.0 Authentication successful');
  });

  it('rejects a wrong password with 535 5.7.8', async () => {
    const peer = postfixPeer();
    const run = await swaks([...server(peer, peer.ports.submission), '--tls', ...verifiedTls(peer), ...auth(peer, 'PLAIN', 'not-the-password'), '--quit-after', 'AUTH']);
    expect(run.exitCode).not.toBe(0);
    expect(run.server).toContainEqual(expect.stringMatching(/^535 5\.7\.8 /));
  });

  it('answers 530 5.7.0 Authentication required to mail without AUTH', async () => {
    const peer = postfixPeer();
    const run = await swaks([...server(peer, peer.ports.submission), '--tls', ...verifiedTls(peer), '--from', peer.user.address, '--to', peer.user.address, '--quit-after', 'RCPT']);
    expect(run.server).toContainEqual(expect.stringMatching(/^530 5\.7\.0 .*Authentication required/));
  });

  it('accepts authenticated mail for another domain and keeps it on this machine', async () => {
    const peer = postfixPeer();
    const marker = `peer-587-${randomUUID()}`;
    const run = await swaks([
      ...server(peer, peer.ports.submission), '--tls', ...verifiedTls(peer), ...auth(peer, 'PLAIN'),
      '--from', peer.user.address, '--to', 'someone@example.org', '--header', `Subject: ${marker}`,
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.server).toContainEqual(expect.stringMatching(/^250 2\.0\.0 Ok: queued as /));
    const message = await waitForDelivery(peer.outboundMailboxDir, marker);
    expect(message.content).toContain('To: someone@example.org');
  });
});

await describeWithPeer('Postfix', available, 'Postfix peer, port 465 (implicit TLS, AUTH required)', () => {
  it('speaks TLS from the first byte, authenticates with CRAM-MD5 and delivers to the mailbox', async () => {
    const peer = postfixPeer();
    const marker = `peer-465-${randomUUID()}`;
    const run = await swaks([
      ...server(peer, peer.ports.smtps), '--tls-on-connect', ...verifiedTls(peer), ...auth(peer, 'CRAM-MD5'),
      '--from', peer.user.address, '--to', peer.user.address, '--header', `Subject: ${marker}`,
    ]);
    expect(run.exitCode).toBe(0);
    // Every server line, the banner included, came inside TLS.
    expect(run.lines.filter((l) => l.from === 'server').every((l) => l.tls)).toBe(true);
    expect(run.server[0]).toMatch(/^220 mail\.peer\.test /);
    expect(run.server).toContain('235 2.7.0 Authentication successful');
    await waitForDelivery(peer.mailboxDir, marker);
  });

  it.each([
    ['the host name', 'mail.peer.test'],
    ['the IP address', undefined],
  ])('presents a certificate that Node verifies against the test CA by %s', async (_label, servername) => {
    const peer = postfixPeer();
    const banner = await new Promise<{ authorized: boolean; error: string | undefined; banner: string }>((resolve, reject) => {
      const socket = tls.connect({ host: peer.host, port: peer.ports.smtps, ca: peer.caPem, servername, rejectUnauthorized: false });
      socket.setTimeout(10_000, () => socket.destroy(new Error('no banner within 10 s')));
      socket.once('error', reject);
      socket.once('data', (data) => {
        resolve({ authorized: socket.authorized, error: socket.authorizationError?.toString(), banner: data.toString() });
        socket.end('QUIT\r\n');
      });
    });
    expect(banner.error).toBeUndefined();
    expect(banner.authorized).toBe(true);
    expect(banner.banner).toMatch(/^220 mail\.peer\.test /);
  });
});
