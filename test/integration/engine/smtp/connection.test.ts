import net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { SmtpConnection } from '../../../../electron/engine/smtp/connection.ts';
import { SmtpEngineError } from '../../../../electron/engine/smtp/errors.ts';
import { resolveTimeouts } from '../../../../electron/engine/smtp/timeouts.ts';
import { createTranscript } from '../../../../electron/engine/transcript.ts';
import { startHostileServer, type HostileServer } from '../../../helpers/hostile-server.ts';
import { testCerts } from '../../../helpers/test-certs.ts';

const fast = resolveTimeouts({ connect: 2000, tlsHandshake: 1500, greeting: 800, command: 1500, dataStart: 1500, dataEnd: 1500 });
let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function rejection(p: Promise<unknown>): Promise<SmtpEngineError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SmtpEngineError);
  return err as SmtpEngineError;
}

async function open(port: number, expectPlaintextGreeting = true) {
  const transcript = createTranscript();
  const conn = await SmtpConnection.connect({ host: '127.0.0.1', port, timeouts: fast, transcript, expectPlaintextGreeting });
  return { conn, transcript };
}

describe('SmtpConnection transport', () => {
  it('reports ECONNREFUSED with phase connect when nothing listens', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const err = await rejection(SmtpConnection.connect({ host: '127.0.0.1', port, timeouts: fast, transcript: createTranscript() }));
    expect(err.detail).toMatchObject({ code: 'ECONNREFUSED', phase: 'connect', cause: 'ECONNREFUSED' });
  });

  it('reads a greeting and records it as S lines with elapsedMs on the last line', async () => {
    server = await startHostileServer({ greeting: '220-first\r\n220 second\r\n' });
    const { conn, transcript } = await open(server.port);
    const reply = await conn.readReply('greeting', fast.greeting);
    expect(reply.code).toBe(220);
    expect(reply.lines).toEqual(['first', 'second']);
    const s = transcript.events.filter((e) => e.dir === 'S');
    expect(s.map((e) => e.text)).toEqual(['220-first', '220 second']);
    expect(s[0]?.elapsedMs).toBeUndefined();
    expect(typeof s[1]?.elapsedMs).toBe('number');
    conn.close();
  });

  it('detects TLS bytes where a plaintext greeting was expected (TLS_ON_PLAINTEXT_PORT)', async () => {
    server = await startHostileServer({ greeting: Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5]) });
    const { conn } = await open(server.port);
    const err = await rejection(conn.readReply('greeting', fast.greeting));
    expect(err.detail).toMatchObject({ code: 'EPROTO', phase: 'greeting', cause: 'TLS_ON_PLAINTEXT_PORT' });
  });

  it('reports plaintext answered to our ClientHello as ETLS PLAINTEXT_ON_TLS_PORT', async () => {
    server = await startHostileServer({ greeting: '220 plain.test ESMTP\r\n' });
    const { conn } = await open(server.port, false);
    const err = await rejection(conn.upgradeToTls({ verify: true }, 'tls-handshake'));
    expect(err.detail).toMatchObject({ code: 'ETLS', phase: 'tls-handshake', cause: 'PLAINTEXT_ON_TLS_PORT' });
  });

  it('the greeting deadline bounds the whole reply: a one-byte-per-interval drip still times out', async () => {
    server = await startHostileServer({ onConnect: (ctx) => ctx.drip('220 slowly but surely\r\n', 150) });
    const { conn, transcript } = await open(server.port);
    const err = await rejection(conn.readReply('greeting', fast.greeting));
    expect(err.detail).toMatchObject({ code: 'ETIMEDOUT', phase: 'greeting' });
    expect(transcript.events.some((e) => e.dir === 'S')).toBe(false);
  });

  it('keeps the partial line when the server closes mid-reply (ECLOSED, closedByServer)', async () => {
    server = await startHostileServer({ onConnect: (ctx) => ctx.end('220-PIPEL') });
    const { conn, transcript } = await open(server.port);
    const err = await rejection(conn.readReply('greeting', fast.greeting));
    expect(err.detail).toMatchObject({ code: 'ECLOSED', phase: 'greeting' });
    expect(conn.closedByServer).toBe(true);
    expect(transcript.events.filter((e) => e.dir === 'S').map((e) => e.text)).toEqual(['220-PIPEL']);
  });

  it('aborts a 1 MB line without CRLF at the 16 KiB cap (EPROTO)', async () => {
    server = await startHostileServer({ onConnect: (ctx) => ctx.write(`220 ${'x'.repeat(1024 * 1024)}`) });
    const { conn } = await open(server.port);
    const err = await rejection(conn.readReply('greeting', fast.greeting));
    expect(err.detail.code).toBe('EPROTO');
    expect(err.message).toMatch(/16384/);
  });

  it('cancels at once through the AbortSignal (EABORTED)', async () => {
    server = await startHostileServer({});
    const controller = new AbortController();
    const conn = await SmtpConnection.connect({ host: '127.0.0.1', port: server.port, timeouts: fast, transcript: createTranscript(), signal: controller.signal });
    const pending = conn.readReply('greeting', 60_000);
    controller.abort();
    const err = await rejection(pending);
    expect(err.detail).toMatchObject({ code: 'EABORTED', phase: 'greeting' });
  });

  it('reports ECONNRESET when the server resets the connection', async () => {
    server = await startHostileServer({ onConnect: (ctx) => setTimeout(() => ctx.reset(), 50) });
    const { conn } = await open(server.port);
    const err = await rejection(conn.readReply('greeting', fast.greeting));
    expect(err.detail).toMatchObject({ code: 'ECONNRESET', cause: 'ECONNRESET' });
  });
});

describe('SmtpConnection TLS', () => {
  const cases = [
    ['selfSigned', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['expired', 'CERT_HAS_EXPIRED'],
    ['notYetValid', 'CERT_NOT_YET_VALID'],
    ['wrongHost', 'ERR_TLS_CERT_ALTNAME_INVALID'],
  ] as const;
  for (const [which, cause] of cases) {
    it(`implicit TLS with a ${which} certificate fails with ETLS ${cause} and still reports the chain`, async () => {
      const certs = await testCerts();
      server = await startHostileServer({ implicitTls: true, tls: certs[which], greeting: '220 tls.test\r\n' });
      const transcript = createTranscript();
      const conn = await SmtpConnection.connect({ host: 'localhost', port: server.port, family: 4, timeouts: fast, transcript });
      const err = await rejection(conn.upgradeToTls({ verify: true, ca: [certs.ca.cert] }, 'tls-handshake'));
      expect(err.detail).toMatchObject({ code: 'ETLS', cause });
      expect(conn.tlsReport).toMatchObject({ authorized: false, authorizationError: cause });
      expect(conn.tlsReport?.chain.length).toBeGreaterThan(0);
      expect(server.tlsBytes.length).toBe(0);
    });
  }

  it('trusts a private CA given through `ca` and fills the report', async () => {
    const certs = await testCerts();
    server = await startHostileServer({ implicitTls: true, tls: certs.good, greeting: '220 tls.test\r\n' });
    const transcript = createTranscript();
    const conn = await SmtpConnection.connect({ host: 'localhost', port: server.port, family: 4, timeouts: fast, transcript });
    const report = await conn.upgradeToTls({ verify: true, ca: [certs.ca.cert] }, 'tls-handshake');
    expect(report).toMatchObject({ authorized: true, servername: 'localhost', protocol: 'TLSv1.3' });
    expect(report.chain[0]).toMatchObject({ subject: 'CN=localhost', issuer: 'CN=SMTP Probe Test CA', selfSigned: false });
    expect(report.chain[0]?.subjectAltNames).toContain('DNS:localhost');
    expect(report.chain[0]?.publicKey).toMatch(/^EC /);
    expect(report.chain[0]?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const reply = await conn.readReply('greeting', fast.greeting);
    expect(reply.code).toBe(220);
    expect(transcript.events.some((e) => e.dir === 'tls' && /TLSv1\.3/.test(e.text))).toBe(true);
    conn.close();
  });

  it('"inspect anyway" goes on with a self-signed certificate and records the problem', async () => {
    const certs = await testCerts();
    server = await startHostileServer({ implicitTls: true, tls: certs.selfSigned, greeting: '220 tls.test\r\n' });
    const conn = await SmtpConnection.connect({ host: 'localhost', port: server.port, family: 4, timeouts: fast, transcript: createTranscript() });
    const report = await conn.upgradeToTls({ verify: false }, 'tls-handshake');
    expect(report).toMatchObject({ authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', inspectedAnyway: true });
    expect(report.chain[0]?.selfSigned).toBe(true);
    expect((await conn.readReply('greeting', fast.greeting)).code).toBe(220);
    conn.close();
  });

  it('refuses a server that only speaks TLS 1.1 (protocol cause kept)', async () => {
    const certs = await testCerts();
    server = await startHostileServer({
      implicitTls: true,
      tls: { ...certs.good, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' },
      greeting: '220 old.test\r\n',
    });
    const conn = await SmtpConnection.connect({ host: 'localhost', port: server.port, family: 4, timeouts: fast, transcript: createTranscript() });
    const err = await rejection(conn.upgradeToTls({ verify: true, ca: [certs.ca.cert] }, 'tls-handshake'));
    expect(err.detail.code).toBe('ETLS');
    expect(err.detail.cause).toMatch(/PROTOCOL|VERSION/);
  });

  it('a stalled handshake hits the TLS handshake deadline', async () => {
    server = await startHostileServer({});
    const conn = await SmtpConnection.connect({ host: '127.0.0.1', port: server.port, timeouts: fast, transcript: createTranscript() });
    const err = await rejection(conn.upgradeToTls({ verify: true }, 'starttls'));
    expect(err.detail).toMatchObject({ code: 'ETIMEDOUT', phase: 'tls-handshake' });
  });
  void tls;
});
