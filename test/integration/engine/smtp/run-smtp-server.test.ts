/**
 * The runner against nodemailer's smtp-server (a well-behaved baseline, reliability E.44),
 * configured here on loopback: plain, STARTTLS, implicit TLS, every AUTH mechanism, many
 * recipients, DSN, SIZE, stopAfter at every stage, certificates, and the canary-credentials
 * proof that no form of the secrets reaches the transcript or the evidence.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import SMTPServerModule from 'smtp-server';
import type { SMTPServerOptions, SMTPServerSession, SMTPServerAddress } from 'smtp-server';
import { STOP_STAGES, type AuthMechanism, type StopStage } from '../../../../shared/steps.ts';
import { runSmtp } from '../../../../electron/engine/smtp/run-smtp.ts';
import { secretForms } from '../../../../electron/engine/smtp/redact.ts';
import { createTranscript } from '../../../../electron/engine/transcript.ts';
import { testCerts, type KeyAndCert } from '../../../helpers/test-certs.ts';
import { runOptions, type FlatRunOptions } from '../../../helpers/direct-connection.ts';

const { SMTPServer } = SMTPServerModule;

const USER = 'canary-user-7Qx';
const PASSWORD = 'canary-pass-Z9k!';
const TOKEN = 'canary-token-ya29.Kq';

interface Received {
  mailFrom: SMTPServerAddress | false;
  rcptTo: SMTPServerAddress[];
  raw: string;
  user: unknown;
}

interface TestServer {
  port: number;
  messages: Received[];
  authMethods: string[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startServer(options: Partial<SMTPServerOptions> & { certs?: KeyAndCert } = {}): Promise<TestServer> {
  const messages: Received[] = [];
  const authMethods: string[] = [];
  const { certs, ...rest } = options;
  const server = new SMTPServer({
    logger: false,
    // No reverse lookup of 127.0.0.1: it would ask the system's DNS server, beyond loopback.
    disableReverseLookup: true,
    name: 'smtp-server.test',
    size: 1_000_000,
    authOptional: true,
    authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'],
    ...(certs ? { key: certs.key, cert: certs.cert } : {}),
    onAuth(auth, _session, callback) {
      authMethods.push(auth.method);
      const ok =
        auth.username === USER &&
        (auth.method === 'XOAUTH2' ? auth.accessToken === TOKEN : auth.method === 'CRAM-MD5' ? auth.validatePassword(PASSWORD) : auth.password === PASSWORD);
      if (ok) return callback(null, { user: USER });
      if (auth.method === 'XOAUTH2') return callback(null, { data: { status: '401', schemes: 'bearer' } });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({ mailFrom: session.envelope.mailFrom, rcptTo: session.envelope.rcptTo, raw: Buffer.concat(chunks).toString('utf8'), user: session.user });
        callback(null, 'Ok: queued as 4BXYZ123');
      });
    },
    ...rest,
  });
  server.on('error', () => {
    // Client-side failures (a refused certificate) show up here too; the test asserts on the client side.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const handle: TestServer = { port, messages, authMethods, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  servers.push(handle);
  return handle;
}

const timeouts = { connect: 3000, tlsHandshake: 3000, greeting: 3000, command: 3000, dataStart: 3000, dataEnd: 3000 };

async function probe(port: number, extra: Partial<FlatRunOptions> = {}) {
  const transcript = createTranscript();
  const ev = await runSmtp(runOptions({ host: '127.0.0.1', port, security: 'none', ehloName: 'client.test', timeouts, transcript, ...extra }));
  return { ev, transcript };
}

const envelope = { from: 'sender@client.test', to: ['rcpt@smtp-server.test'], message: { subject: 'probe', text: 'hello\n.leading dot\n' } };

describe('runSmtp against smtp-server', () => {
  it('full plain run: banner, EHLO, MAIL, RCPT, DATA with queue id, QUIT', async () => {
    const server = await startServer({ hideSTARTTLS: true });
    const { ev, transcript } = await probe(server.port, envelope);
    expect(ev.error).toBeUndefined();
    expect(ev.banner?.reply?.code).toBe(220);
    expect(ev.ehlo?.capabilities?.keywords).toHaveProperty('SIZE', ['1000000']);
    expect(ev.mail?.command).toMatch(/^MAIL FROM:<sender@client\.test> SIZE=\d+$/);
    expect(ev.rcpt?.map((r) => r.reply?.code)).toEqual([250]);
    expect(ev.data).toMatchObject({ queueId: '4BXYZ123', start: { reply: { code: 354 } }, end: { reply: { code: 250 } } });
    expect(ev.quit?.reply?.code).toBe(221);
    // Both ends are kept after the socket is gone: the report's "Source" line comes from localAddress.
    expect(ev.target).toMatchObject({ remoteAddress: '127.0.0.1', localAddress: '127.0.0.1', family: 4 });
    expect(ev.closedByServer).toBeUndefined();
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]?.raw).toMatch(/\r\n\.leading dot\r\n/);
    expect(server.messages[0]?.raw).toMatch(/^Subject: probe\r$/m);
    const size = Number(/SIZE=(\d+)/.exec(ev.mail?.command ?? '')?.[1]);
    expect(size).toBe(ev.data?.sizeOctets);
    // Every C line is one line; elapsedMs only on the last S line of a reply.
    expect(transcript.events.filter((e) => e.dir === 'C' && /[\r\n]/.test(e.text))).toEqual([]);
  });

  it('STARTTLS required with a CA given through `ca`: TLS report, EHLO again, message delivered', async () => {
    const certs = await testCerts();
    const server = await startServer({ certs: certs.good });
    const { ev } = await probe(server.port, { host: 'localhost', family: 4, security: 'starttls', ca: [certs.ca.cert], ...envelope });
    expect(ev.error).toBeUndefined();
    expect(ev.starttls).toMatchObject({ offered: true, attempted: true, ok: true });
    expect(ev.tls).toMatchObject({ authorized: true, servername: 'localhost' });
    expect(ev.tls?.chain.map((c) => c.subject)).toEqual(['CN=localhost', 'CN=SMTP Probe Test CA']);
    expect(ev.ehloAfterTls?.capabilities?.keywords).not.toHaveProperty('STARTTLS');
    expect(ev.target).toMatchObject({ remoteAddress: '127.0.0.1', localAddress: '127.0.0.1' });
    expect(server.messages).toHaveLength(1);
  });

  it('implicit TLS (465 style)', async () => {
    const certs = await testCerts();
    const server = await startServer({ certs: certs.good, secure: true });
    const { ev } = await probe(server.port, { host: 'localhost', family: 4, security: 'implicit', ca: [certs.ca.cert], ...envelope });
    expect(ev.error).toBeUndefined();
    expect(ev.implicitTls?.ok).toBe(true);
    expect(ev.starttls).toBeUndefined();
    expect(ev.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(ev.data?.queueId).toBe('4BXYZ123');
  });

  const mechanisms: AuthMechanism[] = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'];
  for (const mechanism of mechanisms) {
    it(`AUTH ${mechanism} over STARTTLS succeeds and no form of the secrets is in the transcript or evidence`, async () => {
      const certs = await testCerts();
      const server = await startServer({ certs: certs.good });
      const password = mechanism === 'XOAUTH2' ? TOKEN : PASSWORD;
      const { ev, transcript } = await probe(server.port, {
        host: 'localhost',
        family: 4,
        security: 'starttls',
        ca: [certs.ca.cert],
        auth: { user: USER, password, mechanism },
        ...envelope,
      });
      expect(ev.error).toBeUndefined();
      expect(ev.auth).toMatchObject({ attempted: true, ok: true, mechanism, reply: { code: 235 } });
      expect(server.authMethods).toEqual([mechanism]);
      expect(server.messages[0]?.user).toBe(USER);
      const dump = JSON.stringify(transcript.events) + JSON.stringify(ev);
      for (const form of secretForms(USER, password)) expect(dump).not.toContain(form);
      expect(transcript.events.some((e) => e.dir === 'C' && /^AUTH /.test(e.text))).toBe(true);
    });
  }

  it('a wrong password: 535 (with its enhanced code) reported, one attempt only, then QUIT (no MAIL)', async () => {
    const certs = await testCerts();
    const server = await startServer({ certs: certs.good, hideENHANCEDSTATUSCODES: false });
    const { ev } = await probe(server.port, { host: 'localhost', family: 4, security: 'starttls', ca: [certs.ca.cert], auth: { user: USER, password: 'wrong-password' }, ...envelope });
    expect(ev.auth).toMatchObject({ attempted: true, ok: false, mechanism: 'PLAIN', reply: { code: 535 } });
    expect(ev.auth?.reply?.enhanced).toMatch(/^5\.7\.\d+$/);
    expect(server.authMethods).toEqual(['PLAIN']);
    expect(ev.mail).toBeUndefined();
    expect(ev.quit?.reply?.code).toBe(221);
  });

  it('automatic choice prefers PLAIN, and plaintext AUTH runs only when allowed', async () => {
    const server = await startServer({ hideSTARTTLS: true, allowInsecureAuth: true });
    const refused = await probe(server.port, { auth: { user: USER, password: PASSWORD } });
    expect(refused.ev.auth).toMatchObject({ attempted: false, skippedReason: 'plaintext-refused' });
    expect(server.authMethods).toEqual([]);
    const allowed = await probe(server.port, { auth: { user: USER, password: PASSWORD, allowPlaintext: true } });
    expect(allowed.ev.auth).toMatchObject({ attempted: true, ok: true, mechanism: 'PLAIN' });
  });

  it('a mechanism the server does not offer is not tried (mechanism-unsupported)', async () => {
    const certs = await testCerts();
    const server = await startServer({ certs: certs.good, authMethods: ['PLAIN'] });
    const { ev } = await probe(server.port, { host: 'localhost', family: 4, security: 'starttls', ca: [certs.ca.cert], auth: { user: USER, password: PASSWORD, mechanism: 'CRAM-MD5' } });
    expect(ev.auth).toMatchObject({ attempted: false, skippedReason: 'mechanism-unsupported', offered: ['PLAIN'] });
  });

  it('many recipients: 452 after the server limit, then the rest in a second transaction (RFC 5321 §4.5.3.1.10)', async () => {
    const server = await startServer({ hideSTARTTLS: true, maxRecipients: 30 });
    const to = Array.from({ length: 40 }, (_, i) => `rcpt${i}@smtp-server.test`);
    const { ev, transcript } = await probe(server.port, { ...envelope, to });
    expect(ev.error).toBeUndefined();
    expect(ev.rcpt?.filter((r) => r.reply?.code === 250)).toHaveLength(30);
    expect(ev.rcpt?.[30]?.reply?.code).toBe(452);
    expect(ev.rcpt).toHaveLength(31);
    expect(ev.data?.end?.reply?.code).toBe(250);
    // The second transaction: MAIL again, the 10 others (the one refused with 452 first among them), DATA.
    expect(ev.moreTransactions).toHaveLength(1);
    const second = ev.moreTransactions![0]!;
    expect(second.mail?.reply?.code).toBe(250);
    expect(second.rcpt.map((r) => r.command)).toEqual(to.slice(30).map((a) => `RCPT TO:<${a}>`));
    expect(second.rcpt.every((r) => r.reply?.code === 250)).toBe(true);
    expect(second.dataEnd?.reply?.code).toBe(250);
    expect(second.queueId).toBe('4BXYZ123');
    expect(ev.quit?.reply?.code).toBe(221);
    expect(transcript.events.some((e) => e.dir === 'info' && /new transaction/.test(e.text))).toBe(true);
    // The server got the message twice: once for 30 recipients, once for the other 10; together, all 40.
    expect(server.messages.map((m) => m.rcptTo.length)).toEqual([30, 10]);
    expect(server.messages.flatMap((m) => m.rcptTo.map((r) => r.address)).sort()).toEqual([...to].sort());
  });

  it('a server that answers 452 to every recipient of the second transaction: no DATA for it, a clean QUIT, no loop', async () => {
    let transactions = 0;
    const server = await startServer({
      hideSTARTTLS: true,
      maxRecipients: 2,
      onMailFrom(_address, _session, callback) {
        transactions++;
        callback();
      },
      onRcptTo(_address, _session, callback) {
        // Second transaction: refuse everything with 452, so no progress can be made.
        if (transactions > 1) return callback(Object.assign(new Error('Too many recipients today'), { responseCode: 452 }));
        callback();
      },
    });
    const to = ['a@smtp-server.test', 'b@smtp-server.test', 'c@smtp-server.test', 'd@smtp-server.test'];
    const { ev } = await probe(server.port, { ...envelope, to });
    expect(ev.moreTransactions).toHaveLength(1);
    expect(ev.moreTransactions![0]!.rcpt.map((r) => r.reply?.code)).toEqual([452, 452]);
    expect(ev.moreTransactions![0]!.dataStart).toBeUndefined();
    expect(ev.quit?.reply?.code).toBe(221);
    expect(server.messages.map((m) => m.rcptTo.length)).toEqual([2]);
  });

  it('DSN: NOTIFY is sent when DSN is advertised', async () => {
    const server = await startServer({ hideSTARTTLS: true, hideDSN: false });
    const { ev } = await probe(server.port, { ...envelope, dsnNotify: ['SUCCESS', 'FAILURE'] });
    expect(ev.rcpt?.[0]?.command).toBe('RCPT TO:<rcpt@smtp-server.test> NOTIFY=SUCCESS,FAILURE');
    expect(server.messages[0]?.rcptTo[0]).toMatchObject({ dsn: { notify: ['SUCCESS', 'FAILURE'] } });
  });

  it('DSN hidden: no NOTIFY parameter', async () => {
    const server = await startServer({ hideSTARTTLS: true, hideDSN: true });
    const { ev } = await probe(server.port, { ...envelope, dsnNotify: ['SUCCESS'] });
    expect(ev.rcpt?.[0]?.command).toBe('RCPT TO:<rcpt@smtp-server.test>');
  });

  it('SIZE: a message over the advertised limit is refused by the server at MAIL FROM', async () => {
    const server = await startServer({ hideSTARTTLS: true, size: 100 });
    const { ev } = await probe(server.port, { ...envelope, message: { raw: Buffer.from(`Subject: big\r\n\r\n${'x'.repeat(500)}\r\n`) } });
    expect(ev.mail?.command).toMatch(/ SIZE=\d{3}$/);
    expect(ev.mail?.reply?.code).toBe(552);
    expect(ev.rcpt).toBeUndefined();
    expect(ev.quit?.reply?.code).toBe(221);
  });

  it('BODY=8BITMIME only when the message has 8-bit bytes', async () => {
    const server = await startServer({ hideSTARTTLS: true });
    const { ev } = await probe(server.port, { ...envelope, message: { raw: Buffer.from('Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n') } });
    expect(ev.mail?.command).toMatch(/ BODY=8BITMIME/);
    const plain = await probe(server.port, envelope);
    expect(plain.ev.mail?.command).not.toMatch(/BODY=/);
  });

  const expectedStages: Record<StopStage, string[]> = {
    banner: ['QUIT'],
    ehlo: ['EHLO', 'QUIT'],
    starttls: ['EHLO', 'STARTTLS', 'EHLO', 'QUIT'],
    auth: ['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'QUIT'],
    mail: ['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'MAIL', 'QUIT'],
    rcpt: ['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'QUIT'],
    data: ['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'DATA', 'QUIT'],
  };
  for (const stage of STOP_STAGES) {
    it(`stopAfter ${stage}: a clean QUIT right after that stage`, async () => {
      const certs = await testCerts();
      const server = await startServer({ certs: certs.good });
      const { ev } = await probe(server.port, {
        host: 'localhost',
        family: 4,
        security: 'starttls',
        ca: [certs.ca.cert],
        auth: { user: USER, password: PASSWORD },
        stopAfter: stage,
        ...envelope,
      });
      expect(ev.error).toBeUndefined();
      expect(ev.stopAfter).toBe(stage);
      const sent = ev.commands.map((c) => (c.command === '.' ? 'DATA' : (c.command.split(' ')[0] ?? '')));
      expect(sent).toEqual(expectedStages[stage]);
      expect(ev.quit?.reply?.code).toBe(221);
    });
  }

  it('without sender and recipients the run stops after AUTH with QUIT', async () => {
    const server = await startServer({ hideSTARTTLS: true });
    const { ev } = await probe(server.port);
    expect(ev.commands.map((c) => c.command)).toEqual(['EHLO client.test', 'QUIT']);
    expect(ev.auth).toMatchObject({ attempted: false, skippedReason: 'no-credentials' });
  });

  const badCerts = [
    ['selfSigned', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['expired', 'CERT_HAS_EXPIRED'],
    ['notYetValid', 'CERT_NOT_YET_VALID'],
    ['wrongHost', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    // The server forgets its intermediate: a classic mistake after a certificate renewal.
    ['incompleteChain', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    // Trusted chain, but a 1024-bit RSA key (hostile scenario #20).
    ['weakRsa', 'EE_KEY_TOO_SMALL'],
  ] as const;
  for (const [which, cause] of badCerts) {
    it(`${which} certificate: ETLS ${cause}, report kept, no AUTH attempted`, async () => {
      const certs = await testCerts();
      const server = await startServer({ certs: certs[which] });
      const { ev } = await probe(server.port, { host: 'localhost', family: 4, security: 'starttls', ca: [certs.ca.cert, certs.rsaCa.cert], auth: { user: USER, password: PASSWORD }, ...envelope });
      expect(ev.error).toMatchObject({ code: 'ETLS', phase: 'starttls', cause });
      expect(ev.tls).toMatchObject({ authorized: false, authorizationError: cause });
      expect(server.authMethods).toEqual([]);
      expect(server.messages).toEqual([]);
    });
  }

  it('a leaf served with its intermediate verifies, and the report shows the whole chain', async () => {
    const certs = await testCerts();
    const server = await startServer({ certs: certs.fullChain });
    const { ev } = await probe(server.port, { host: 'localhost', family: 4, security: 'starttls', ca: [certs.ca.cert], ...envelope });
    expect(ev.error).toBeUndefined();
    expect(ev.tls?.authorized).toBe(true);
    expect(ev.tls?.chain.map((c) => c.subject)).toEqual(['CN=localhost', 'CN=SMTP Probe Test Intermediate CA', 'CN=SMTP Probe Test CA']);
    expect(server.messages).toHaveLength(1);
  });

  it('a 1024-bit key with "inspect anyway": the key is shown, the session goes on, AUTH stays blocked', async () => {
    const certs = await testCerts();
    const server = await startServer({ certs: certs.weakRsa });
    const { ev } = await probe(server.port, { host: 'localhost', family: 4, security: 'starttls', ca: [certs.rsaCa.cert], tlsVerify: false, auth: { user: USER, password: PASSWORD }, ...envelope });
    expect(ev.tls).toMatchObject({ authorized: false, authorizationError: 'EE_KEY_TOO_SMALL', inspectedAnyway: true });
    expect(ev.tls?.chain[0]?.publicKey).toBe('RSA 1024');
    expect(ev.auth).toMatchObject({ attempted: false, skippedReason: 'tls-unverified' });
    expect(server.authMethods).toEqual([]);
  });

  it('bad input: clear errors and nothing is sent (not even a connection)', async () => {
    let connections = 0;
    const server = await startServer({
      hideSTARTTLS: true,
      onConnect(_session, callback) {
        connections++;
        callback();
      },
    });
    const { ev, transcript } = await probe(server.port, { ehloName: 'a\r\nRSET', from: 'x@y.test', to: ['bad address'] });
    expect(ev.error?.code).toBe('EINVALID');
    expect(ev.connect).toBeUndefined();
    expect(transcript.events.filter((e) => e.dir === 'error').length).toBeGreaterThanOrEqual(2);
    expect(transcript.events.some((e) => e.dir === 'C')).toBe(false);
    expect(connections).toBe(0);
  });
});
