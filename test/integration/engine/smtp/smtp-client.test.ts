/**
 * SmtpClient as the manual console will use it: one command at a time, outcomes returned,
 * allowedCommands following the state machine. Real sockets on loopback.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import SMTPServerModule from 'smtp-server';
import { SmtpClient } from '../../../../electron/engine/smtp/smtp-client.ts';
import { SmtpEngineError } from '../../../../electron/engine/smtp/errors.ts';
import { runSmtp } from '../../../../electron/engine/smtp/run-smtp.ts';
import { encodeDataPayload } from '../../../../electron/engine/smtp/data-encoding.ts';
import { NO_SECRETS } from '../../../../electron/engine/smtp/secret-scrubber.ts';
import { createTranscript } from '../../../../electron/engine/transcript.ts';
import { startHostileServer, type HostileServer } from '../../../helpers/hostile-server.ts';
import { script } from '../../../helpers/smtp-script.ts';
import { createBlackholePort } from '../../../helpers/blackhole.ts';
import { testCerts } from '../../../helpers/test-certs.ts';
import { clientOptions, runOptions } from '../../../helpers/direct-connection.ts';

const { SMTPServer } = SMTPServerModule;
const timeouts = { connect: 2000, tlsHandshake: 2000, greeting: 2000, command: 2000, dataStart: 2000, dataEnd: 2000 };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function smtpServer(host = '127.0.0.1'): Promise<number> {
  const server = new SMTPServer({ logger: false, disableReverseLookup: true, hideSTARTTLS: true, authOptional: true, onData: (s, _x, cb) => (s.resume(), s.on('end', () => cb())) });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.server.address() as net.AddressInfo).port;
}

async function hostile(...args: Parameters<typeof startHostileServer>): Promise<HostileServer> {
  const server = await startHostileServer(...args);
  cleanups.push(() => server.close());
  return server;
}

async function engineErrorOf(p: Promise<unknown>): Promise<SmtpEngineError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SmtpEngineError);
  return err as SmtpEngineError;
}

describe('SmtpClient (manual console)', () => {
  it('walks a session command by command; allowedCommands follows the state', async () => {
    const port = await smtpServer();
    const transcript = createTranscript();
    const client = new SmtpClient(clientOptions({ host: '127.0.0.1', port, security: 'none', timeouts, transcript }));
    expect(client.allowedCommands()).toEqual([]);
    expect((await client.connect()).code).toBe(220);
    expect(client.allowedCommands()).toContain('EHLO');
    expect(client.allowedCommands()).not.toContain('MAIL');
    // Refused locally, nothing sent: MAIL before EHLO.
    expect((await engineErrorOf(client.mailFrom('a@client.test'))).code).toBe('EPOLICY');
    const ehlo = await client.ehlo('client.test');
    expect(ehlo.reply.code).toBe(250);
    expect(client.allowedCommands()).toEqual(expect.arrayContaining(['MAIL', 'VRFY', 'NOOP', 'RSET', 'QUIT']));
    expect((await client.noop()).reply.code).toBe(250);
    expect((await client.raw('NOOP')).reply.code).toBe(250);
    expect((await client.mailFrom('a@client.test')).reply.code).toBe(250);
    expect(client.allowedCommands()).toContain('RCPT');
    expect(client.allowedCommands()).not.toContain('DATA');
    expect((await client.rcptTo('b@server.test')).reply.code).toBe(250);
    expect(client.allowedCommands()).toContain('DATA');
    const data = await client.data(encodeDataPayload('Subject: t\n\nbody\n'));
    expect(data.start.reply.code).toBe(354);
    expect(data.end?.reply.code).toBe(250);
    expect((await client.rset()).reply.code).toBe(250);
    // Outcomes, not exceptions: an unknown command is a 5xx reply.
    expect((await client.raw('XYZZY')).reply.code).toBeGreaterThanOrEqual(500);
    // STARTTLS/AUTH/DATA are refused as raw lines; CR/LF are refused everywhere.
    expect((await engineErrorOf(client.raw('AUTH PLAIN AGEAYg=='))).code).toBe('EPOLICY');
    expect((await engineErrorOf(client.raw('NOOP\r\nRSET'))).code).toBe('EINVALID');
    expect((await client.quit()).reply.code).toBe(221);
    expect(client.allowedCommands()).toEqual([]);
    expect(client.closedByServer).toBeUndefined();
    expect(transcript.events.some((e) => e.text.includes('AGEAYg=='))).toBe(false);
    expect(client.commands.map((c) => c.command.split(' ')[0])).toEqual(['EHLO', 'NOOP', 'NOOP', 'MAIL', 'RCPT', 'DATA', '.', 'RSET', 'XYZZY', 'QUIT']);
  });

  it('one operation at a time: overlapping calls are refused (EPOLICY) with nothing sent, the first gets its own reply', async () => {
    const server = await hostile({ greeting: '220 x\r\n', onLine: script({ NOOP: '250 2.0.0 ok NOOP\r\n', RSET: '250 2.0.0 ok RSET\r\n' }) });
    const transcript = createTranscript();
    const client = new SmtpClient(clientOptions({ host: '127.0.0.1', port: server.port, security: 'none', timeouts, transcript }));
    await client.connect();
    await client.ehlo('client.test');
    const [noop, rset, quit] = await Promise.allSettled([client.noop().then((x) => x.reply), client.rset(), client.quit()]);
    expect(noop).toMatchObject({ status: 'fulfilled', value: { code: 250, lines: ['2.0.0 ok NOOP'] } });
    for (const refused of [rset, quit]) {
      expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'EPOLICY', message: expect.stringMatching(/NOOP\) is still waiting for its reply/) } });
    }
    // The refused QUIT did not close the connection: the session goes on, in step.
    expect(client.canSend()).toBe(true);
    expect((await client.rset()).reply.lines).toEqual(['2.0.0 ok RSET']);
    expect(server.lines).toEqual(['EHLO client.test', 'NOOP', 'RSET']);
    await client.quit();
  });

  it('nothing is sent in clear while STARTTLS and its handshake are under way', async () => {
    const certs = await testCerts();
    const server = await hostile({ greeting: '220 x\r\n', tls: certs.good, onLine: script({}, { extensions: ['STARTTLS', 'AUTH PLAIN'] }) });
    const client = new SmtpClient(clientOptions({ host: 'localhost', family: 4, port: server.port, security: 'starttls', ca: [certs.ca.cert], timeouts, transcript: createTranscript() }));
    await client.connect();
    await client.ehlo('client.test');
    const [tls, noop] = await Promise.allSettled([client.starttls(), client.noop()]);
    expect(tls).toMatchObject({ status: 'fulfilled', value: { ok: true } });
    expect(noop).toMatchObject({ status: 'rejected', reason: { code: 'EPOLICY' } });
    expect((await client.ehloAfterTls('client.test')).reply.code).toBe(250);
    expect(server.lines).toEqual(['EHLO client.test', 'STARTTLS', 'TLS: EHLO client.test']);
    await client.quit();
  });

  it('only CRLF-terminated lines are ever sent, whatever line endings the message has', async () => {
    const server = await hostile({ greeting: '220 x\r\n', onLine: script({}) });
    await runSmtp(runOptions({
      host: '127.0.0.1',
      port: server.port,
      security: 'none',
      ehloName: 'client.test',
      timeouts,
      transcript: createTranscript(),
      from: 'a@client.test',
      to: ['b@x.test'],
      message: { raw: Buffer.from('Subject: x\n\nbare\nLF\rand CR\r\n.\n..\n') },
    }));
    const sent = server.allSent().toString('latin1');
    expect(sent).toMatch(/^([^\r\n]*\r\n)*$/);
    expect(sent.endsWith('\r\n.\r\nQUIT\r\n')).toBe(true);
    expect(sent.split('\r\n.\r\n')).toHaveLength(2);
  });

  it('cancel through the AbortSignal: EABORTED at once, in the phase it was in', async () => {
    const server = await hostile({});
    const controller = new AbortController();
    const transcript = createTranscript({ secrets: NO_SECRETS, onEvent: (e) => e.text.startsWith('connected') && setTimeout(() => controller.abort(), 20) });
    const ev = await runSmtp(runOptions({ host: '127.0.0.1', port: server.port, security: 'none', ehloName: 'client.test', timeouts: { greeting: 60_000 }, signal: controller.signal, transcript }));
    expect(ev.error).toMatchObject({ code: 'EABORTED', phase: 'greeting' });
  });

  it('IPv6 loopback with family 6', async () => {
    const probe = net.createServer();
    const v6 = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen(0, '::1', () => probe.close(() => resolve(true)));
    });
    if (!v6) {
      console.warn('[skip] IPv6 loopback (::1) is not available here');
      return;
    }
    const port = await smtpServer('::1');
    const ev = await runSmtp(runOptions({ host: '::1', port, family: 6, security: 'none', ehloName: '[IPv6:::1]', timeouts, transcript: createTranscript() }));
    expect(ev.error).toBeUndefined();
    expect(ev.target).toMatchObject({ remoteAddress: '::1', family: 6 });
  });

  it('a port that drops SYNs: the connect deadline fires (ETIMEDOUT, phase connect)', async () => {
    const hole = await createBlackholePort();
    cleanups.push(() => hole.close());
    const ev = await runSmtp(runOptions({ host: hole.host, port: hole.port, security: 'none', ehloName: 'client.test', timeouts: { connect: 400 }, transcript: createTranscript() }));
    expect(ev.connect).toMatchObject({ ok: false, error: { code: 'ETIMEDOUT', phase: 'connect' } });
    expect(ev.banner).toBeUndefined();
  });

  it('ECONNREFUSED is reported in the connect phase', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const ev = await runSmtp(runOptions({ host: '127.0.0.1', port, security: 'none', ehloName: 'client.test', timeouts, transcript: createTranscript() }));
    expect(ev.connect).toMatchObject({ ok: false, error: { code: 'ECONNREFUSED', phase: 'connect' } });
    expect(ev.error?.code).toBe('ECONNREFUSED');
  });
});

describe('SmtpClient reads the session from one state (session-state.ts)', () => {
  async function ready(onLine: Parameters<typeof script>, options: { allowPlaintextAuth?: boolean } = {}): Promise<{ client: SmtpClient; server: HostileServer }> {
    const server = await hostile({ greeting: '220 x\r\n', onLine: script(...onLine) });
    const client = new SmtpClient(clientOptions({ host: '127.0.0.1', port: server.port, security: 'none', timeouts, transcript: createTranscript(), auth: { allowPlaintext: options.allowPlaintextAuth } }));
    await client.connect();
    return { client, server };
  }

  it('capabilities come from the EHLO reply, are none after HELO, and a raw EHLO updates them too', async () => {
    const { client } = await ready([{}, { extensions: ['SIZE 2000', 'PIPELINING'] }]);
    const ehlo = await client.ehlo('client.test');
    expect(client.capabilities).toEqual(ehlo.capabilities);
    expect(Object.keys(client.capabilities?.keywords ?? {})).toEqual(['SIZE', 'PIPELINING']);
    await client.raw('HELO client.test');
    expect(client.capabilities?.keywords).toEqual({});
    await client.raw('EHLO client.test');
    expect(client.capabilities?.keywords).toHaveProperty('PIPELINING');
    await client.quit();
  });

  it('one AUTH attempt per session: after a 535 AUTH is no longer offered and a second call is refused with nothing sent', async () => {
    const { client, server } = await ready([{ AUTH: '535 5.7.8 bad credentials\r\n' }, { extensions: ['AUTH PLAIN LOGIN'] }], { allowPlaintextAuth: true });
    await client.ehlo('client.test');
    expect(client.allowedCommands()).toContain('AUTH');
    const first = await client.auth({ user: 'u', password: 'p' });
    expect(first).toMatchObject({ attempted: true, ok: false, reply: { code: 535 } });
    expect(client.allowedCommands()).not.toContain('AUTH');
    const again = await engineErrorOf(client.auth({ user: 'u', password: 'p' }));
    expect(again.detail).toMatchObject({ code: 'EPOLICY', phase: 'auth' });
    expect(server.lines.filter((l) => l.startsWith('AUTH'))).toHaveLength(1);
    await client.quit();
  });

  it('after a 421 nothing is sent: the next command is ECLOSED with that reply, closedByServer names it', async () => {
    const { client, server } = await ready([{ MAIL: '421 4.3.2 shutting down\r\n' }]);
    await client.ehlo('client.test');
    expect((await client.mailFrom('a@client.test')).reply.code).toBe(421);
    expect(client.canSend()).toBe(false);
    expect(client.allowedCommands()).toEqual([]);
    expect(client.closedByServer).toMatchObject({ phase: 'mail', afterReply: { code: 421 } });
    const next = await engineErrorOf(client.noop());
    expect(next.detail).toMatchObject({ code: 'ECLOSED', reply: { code: 421 } });
    expect(server.lines).toEqual(['EHLO client.test', 'MAIL FROM:<a@client.test>']);
  });

  // unexpectedReply is the one rule for which reply may answer which command (RFC 5321 §4.3.2).
  it.each([
    ['a 250 to DATA (the message must follow a 354)', { DATA: '250 2.0.0 ok\r\n' }, 'data', 'DATA'],
    ['a 354 after the final dot', { DOT: '354 again\r\n' }, 'data-end', '.'],
    ['a 334 to MAIL', { MAIL: '334 VXNlcm5hbWU6\r\n' }, 'mail', 'MAIL FROM:<a@client.test>'],
  ] as const)('%s: EPROTO, the connection closed, nothing more sent', async (_name, overrides, phase, command) => {
    const { client, server } = await ready([overrides]);
    await client.ehlo('client.test');
    const sent = async () => {
      await client.mailFrom('a@client.test');
      await client.rcptTo('b@server.test');
      await client.data(encodeDataPayload('Subject: t\n\nbody\n'));
    };
    const err = await engineErrorOf(sent());
    expect(err.detail).toMatchObject({ code: 'EPROTO', phase, command });
    expect(err.message).toMatch(/^unexpected reply: /);
    expect(client.canSend()).toBe(false);
    expect(server.lines.at(-1)).toBe(command);
  });
});
