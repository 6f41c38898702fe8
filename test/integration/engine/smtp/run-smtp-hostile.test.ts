/**
 * Hostile-server scenarios (reliability "Hostile server scenarios", E.44) against the runner,
 * over real loopback sockets. Assertions are on the evidence, the transcript and the bytes the
 * server received; never on timings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SmtpEvidence } from '../../../../shared/evidence.ts';
import { runSmtp } from '../../../../electron/engine/smtp/run-smtp.ts';
import { createTranscript, type TranscriptSink } from '../../../../electron/engine/transcript.ts';
import { startHostileServer, type HostileServer, type Scenario, type ScenarioContext } from '../../../helpers/hostile-server.ts';
import { script } from '../../../helpers/smtp-script.ts';
import { testCerts } from '../../../helpers/test-certs.ts';
import { runOptions, type FlatRunOptions } from '../../../helpers/direct-connection.ts';

const timeouts = { connect: 2000, tlsHandshake: 1000, greeting: 1000, command: 1000, dataStart: 1000, dataEnd: 1000 };
const GREETING = '220 hostile.test ESMTP\r\n';
let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(scenario: Scenario, extra: Partial<FlatRunOptions> = {}): Promise<{ ev: SmtpEvidence; transcript: TranscriptSink; server: HostileServer }> {
  server = await startHostileServer(scenario);
  const transcript = createTranscript();
  const ev = await runSmtp(runOptions({ host: '127.0.0.1', port: server.port, security: 'none', ehloName: 'client.test', timeouts, transcript, ...extra }));
  return { ev, transcript, server };
}

const envelope = { from: 'sender@client.test', to: ['rcpt@hostile.test'], message: { raw: Buffer.from('Subject: hi\r\n\r\nhello\r\n') } };
const verbs = (s: HostileServer) => s.lines.map((l) => l.replace(/^TLS: /, '').split(/[ :]/)[0]?.toUpperCase());

describe('hostile servers: banner', () => {
  it('#1 no greeting: the greeting deadline fires and nothing is sent', async () => {
    const { ev, server } = await run({});
    expect(ev.banner?.error).toMatchObject({ code: 'ETIMEDOUT', phase: 'greeting' });
    expect(ev.error).toMatchObject({ code: 'ETIMEDOUT', phase: 'greeting' });
    expect(server.lines).toEqual([]);
  });

  it('#2 banner 554: refusal reported, QUIT sent, no EHLO', async () => {
    const { ev, server } = await run({ greeting: '554 go away\r\n', onLine: script({}) });
    expect(ev.banner?.reply?.code).toBe(554);
    expect(ev.ehlo).toBeUndefined();
    expect(server.lines).toEqual(['QUIT']);
    expect(ev.quit?.reply?.code).toBe(221);
    expect(ev.error).toBeUndefined();
  });

  it('#2 banner 421: reported, nothing at all is sent', async () => {
    const { ev, server } = await run({ greeting: '421 busy, try later\r\n', onLine: script({}) });
    expect(ev.banner?.reply?.code).toBe(421);
    expect(server.lines).toEqual([]);
    expect(ev.closedByServer).toMatchObject({ phase: 'greeting', afterReply: { code: 421 } });
  });

  it('#3 a 1 MB line without CRLF aborts at the 16 KiB cap (EPROTO)', async () => {
    const { ev, server } = await run({ onConnect: (ctx) => ctx.write(`220 ${'A'.repeat(1024 * 1024)}`) });
    expect(ev.banner?.error?.code).toBe('EPROTO');
    expect(ev.banner?.error?.message).toMatch(/16384/);
    expect(server.lines).toEqual([]);
  });

  it('TLS bytes instead of a greeting: wrong mode, EPROTO TLS_ON_PLAINTEXT_PORT', async () => {
    const { ev } = await run({ greeting: Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]) });
    expect(ev.banner?.error).toMatchObject({ code: 'EPROTO', cause: 'TLS_ON_PLAINTEXT_PORT' });
  });

  it('implicit TLS against a plaintext server: ETLS PLAINTEXT_ON_TLS_PORT', async () => {
    const { ev } = await run({ greeting: GREETING, onLine: script({}) }, { security: 'implicit' });
    expect(ev.connect?.ok).toBe(true);
    expect(ev.implicitTls?.error).toMatchObject({ code: 'ETLS', cause: 'PLAINTEXT_ON_TLS_PORT' });
  });
});

describe('hostile servers: replies', () => {
  it('#8 closes mid-reply: partial line kept in the transcript, ECLOSED, closedByServer', async () => {
    const { ev, transcript } = await run({ greeting: GREETING, onLine: script({ EHLO: (_l, ctx) => ctx.end('250-PIPEL') }) });
    expect(ev.ehlo?.error).toMatchObject({ code: 'ECLOSED', phase: 'ehlo' });
    expect(ev.closedByServer?.phase).toBe('ehlo');
    expect(transcript.events.some((e) => e.dir === 'S' && e.text === '250-PIPEL')).toBe(true);
  });

  it('#9 RST after connect: ECONNRESET', async () => {
    const { ev } = await run({ onConnect: (ctx) => setTimeout(() => ctx.reset(), 20) });
    expect(ev.error?.code).toBe('ECONNRESET');
  });

  it('#9 RST during DATA: ECONNRESET in the data-end phase (delivery state unknown)', async () => {
    const { ev } = await run({ greeting: GREETING, onLine: script({ DOT: (_l, ctx) => ctx.reset() }) }, envelope);
    expect(ev.error).toMatchObject({ code: 'ECONNRESET', phase: 'data-end' });
    expect(ev.data?.start?.reply?.code).toBe(354);
    expect(ev.data?.end?.error?.code).toBe('ECONNRESET');
  });

  it('#10 slowloris: one byte at a time still hits the command deadline', async () => {
    const { ev } = await run({ greeting: GREETING, onLine: script({ EHLO: (_l, ctx) => ctx.drip('250-x\r\n'.repeat(100), 50) }) });
    expect(ev.ehlo?.error).toMatchObject({ code: 'ETIMEDOUT', phase: 'ehlo' });
  });

  it('#13 unsolicited 421 after MAIL: session ends, no RCPT, no QUIT', async () => {
    const { ev, server } = await run({ greeting: GREETING, onLine: script({ MAIL: '250 2.1.0 Ok\r\n421 4.3.2 shutting down\r\n' }) }, envelope);
    expect(ev.mail?.reply?.code).toBe(250);
    expect(verbs(server)).toEqual(['EHLO', 'MAIL']);
    expect(ev.error).toMatchObject({ code: 'ECLOSED', reply: { code: 421 } });
    expect(ev.closedByServer?.afterReply?.code).toBe(421);
  });

  it('#14 an extra reply between commands: EPROTO "unexpected response", nothing more sent', async () => {
    const { ev, server } = await run({ greeting: GREETING, onLine: script({ EHLO: '250 hostile.test\r\n250 and another one\r\n' }) }, envelope);
    expect(ev.error?.code).toBe('EPROTO');
    expect(ev.error?.message).toMatch(/unexpected response/);
    expect(ev.violations.some((v) => v.kind === 'unsolicited-reply')).toBe(true);
    expect(verbs(server)).toEqual(['EHLO']);
  });

  it('flags bare LF and code mismatches as violations and goes on', async () => {
    const { ev } = await run({ greeting: '220 bare\n', onLine: script({ EHLO: '250-hostile.test\r\n550 odd\r\n', HELO: '250 ok\r\n' }) });
    expect(ev.violations.map((v) => v.kind)).toEqual(expect.arrayContaining(['bare-lf', 'code-mismatch']));
    expect(ev.ehlo?.heloFallback).toBe(true);
  });

  it('3yz to RCPT: EPROTO, nothing more sent', async () => {
    const { ev, server } = await run({ greeting: GREETING, onLine: script({ RCPT: '354 what?\r\n' }) }, envelope);
    expect(ev.error).toMatchObject({ code: 'EPROTO', phase: 'rcpt', reply: { code: 354 } });
    expect(verbs(server)).toEqual(['EHLO', 'MAIL', 'RCPT']);
  });

  it('FIN after the final dot: ECLOSED in data-end, delivery state unknown', async () => {
    const { ev } = await run({ greeting: GREETING, onLine: script({ DOT: (_l, ctx) => ctx.end() }) }, envelope);
    expect(ev.error).toMatchObject({ code: 'ECLOSED', phase: 'data-end' });
    expect(ev.error?.message).toMatch(/may or may not have been delivered/);
    expect(ev.closedByServer?.phase).toBe('data-end');
  });

  it('a non-ASCII local part without SMTPUTF8 fails locally before MAIL; QUIT follows', async () => {
    const { ev, server } = await run({ greeting: GREETING, onLine: script({}) }, { ...envelope, to: ['用户@example.test'] });
    expect(ev.error).toMatchObject({ code: 'EINVALID', phase: 'mail' });
    expect(verbs(server)).toEqual(['EHLO', 'QUIT']);
  });

  it('with SMTPUTF8 advertised, MAIL FROM carries SMTPUTF8 and the UTF-8 address is sent', async () => {
    const { ev, server } = await run({ greeting: GREETING, onLine: script({}, { extensions: ['SMTPUTF8', '8BITMIME'] }) }, { ...envelope, to: ['用户@bücher.example'] });
    expect(ev.error).toBeUndefined();
    expect(ev.mail?.command).toMatch(/ SMTPUTF8/);
    expect(ev.rcpt?.[0]?.command).toBe('RCPT TO:<用户@xn--bcher-kva.example>');
    expect(server.lines).toContain('RCPT TO:<用户@xn--bcher-kva.example>');
  });

  it('EHLO 502 falls back to HELO', async () => {
    const { ev, server } = await run({ greeting: GREETING, onLine: script({ EHLO: '502 5.5.1 no ESMTP here\r\n' }) });
    expect(ev.ehlo).toMatchObject({ heloFallback: true, reply: { code: 502 }, heloReply: { code: 250 } });
    expect(verbs(server)).toEqual(['EHLO', 'HELO', 'QUIT']);
  });

  it('after HELO too, an input error found before MAIL still gets its QUIT', async () => {
    const { ev, server } = await run({ greeting: GREETING, onLine: script({ EHLO: '502 5.5.1 no ESMTP here\r\n' }) }, { ...envelope, to: ['用户@example.test'] });
    expect(ev.error).toMatchObject({ code: 'EINVALID', phase: 'mail' });
    expect(verbs(server)).toEqual(['EHLO', 'HELO', 'QUIT']);
  });
});

describe('hostile servers: 421 anywhere (RFC 5321 §3.8)', () => {
  for (const verb of ['EHLO', 'MAIL', 'RCPT', 'DATA'] as const) {
    it(`421 to ${verb}: stop, record, send nothing more`, async () => {
      const { ev, server } = await run({ greeting: GREETING, onLine: script({ [verb]: '421 4.7.0 closing\r\n' }) }, envelope);
      const sent = verbs(server);
      expect(sent[sent.length - 1]).toBe(verb);
      expect(sent).not.toContain('QUIT');
      expect(ev.closedByServer?.afterReply?.code).toBe(421);
      expect(ev.commands[ev.commands.length - 1]?.reply?.code).toBe(421);
    });
  }
});

describe('hostile servers: DATA deadlines (#28)', () => {
  it('no 354: the DATA start deadline fires', async () => {
    const { ev } = await run({ greeting: GREETING, onLine: script({ DATA: () => {} }) }, envelope);
    expect(ev.error).toMatchObject({ code: 'ETIMEDOUT', phase: 'data' });
  });

  it('no reply after the final dot: ETIMEDOUT data-end, "may have been delivered"', async () => {
    const { ev } = await run({ greeting: GREETING, onLine: script({ DOT: () => {} }) }, envelope);
    expect(ev.error).toMatchObject({ code: 'ETIMEDOUT', phase: 'data-end' });
    expect(ev.error?.message).toMatch(/may have been delivered/);
  });
});

describe('hostile servers: STARTTLS', () => {
  const tlsScenario = async (overrides: Parameters<typeof script>[0], extensions = ['STARTTLS', 'AUTH PLAIN LOGIN', 'ENHANCEDSTATUSCODES']) => {
    const certs = await testCerts();
    return { greeting: GREETING, tls: certs.good, onLine: script(overrides, { extensions }) } satisfies Scenario;
  };
  const tlsOptions = async (extra: Partial<FlatRunOptions> = {}): Promise<Partial<FlatRunOptions>> => ({
    host: 'localhost',
    family: 4,
    security: 'starttls',
    ca: [(await testCerts()).ca.cert],
    auth: { user: 'canary-user', password: 'canary-pass' },
    ...extra,
  });

  it('a clean upgrade forgets pre-TLS capabilities and sends EHLO again', async () => {
    const certs = await testCerts();
    const scenario = { greeting: GREETING, tls: certs.good, onLine: script({}, { extensions: ['STARTTLS', 'X-PRE-TLS-ONLY'], tlsExtensions: ['AUTH PLAIN'] }) };
    const { ev, server } = await run(scenario, await tlsOptions({ auth: undefined }));
    expect(ev.starttls).toMatchObject({ offered: true, attempted: true, ok: true });
    expect(ev.tls?.authorized).toBe(true);
    expect(Object.keys(ev.ehloAfterTls?.capabilities?.keywords ?? {})).not.toContain('X-PRE-TLS-ONLY');
    expect(server.lines).toEqual(['EHLO client.test', 'STARTTLS', 'TLS: EHLO client.test', 'TLS: QUIT']);
  });

  it('#15 bytes injected with the 220: abort with EINJECTION, nothing sent over TLS, no AUTH', async () => {
    const { ev, server } = await run(
      await tlsScenario({ STARTTLS: (_l, ctx) => ctx.write('220 Ready\r\n250-SMTPUTF8 INJECTED \r\n') }),
      await tlsOptions(),
    );
    expect(ev.error?.code).toBe('EINJECTION');
    expect(ev.starttls?.injection).toBe(true);
    expect(server.tlsBytes).toEqual([]);
    expect(server.lines).toEqual(['EHLO client.test', 'STARTTLS']);
  });

  for (const delayMs of [5, 30]) {
    it(`#15 plaintext written ${delayMs} ms after the 220 (into the handshake): still EINJECTION, never a TLS-mode error`, async () => {
      const starttls = (_l: string, ctx: ScenarioContext) => {
        ctx.write('220 Ready\r\n');
        setTimeout(() => ctx.write('250-SMTPUTF8 INJECTED\r\n250 AUTH PLAIN\r\n'), delayMs);
      };
      const { ev, server } = await run(await tlsScenario({ STARTTLS: starttls }), await tlsOptions());
      expect(ev.error).toMatchObject({ code: 'EINJECTION', phase: 'starttls' });
      expect(ev.starttls).toMatchObject({ injection: true, error: { code: 'EINJECTION' } });
      expect(server.tlsBytes).toEqual([]);
      expect(server.allSent().toString('latin1')).not.toMatch(/AUTH/);
    });
  }

  it('#16 454 to STARTTLS, required: stop before AUTH with EPOLICY and QUIT', async () => {
    const { ev, server } = await run(await tlsScenario({ STARTTLS: '454 4.7.0 TLS not available\r\n' }), await tlsOptions());
    expect(ev.error?.code).toBe('EPOLICY');
    expect(ev.starttls).toMatchObject({ offered: true, attempted: true, ok: false, reply: { code: 454 } });
    expect(verbs(server)).toEqual(['EHLO', 'STARTTLS', 'QUIT']);
  });

  it('#16 454 to STARTTLS, optional: goes on without TLS, refuses AUTH PLAIN and stops before MAIL with QUIT', async () => {
    const { ev, server } = await run(await tlsScenario({ STARTTLS: '454 4.7.0 TLS not available\r\n' }), await tlsOptions({ security: 'starttls-optional', ...envelope }));
    expect(ev.error).toMatchObject({ code: 'EPOLICY', phase: 'auth' });
    expect(ev.auth).toMatchObject({ attempted: false, skippedReason: 'plaintext-refused', mechanism: 'PLAIN' });
    expect(verbs(server)).toEqual(['EHLO', 'STARTTLS', 'QUIT']);
  });

  it('#17 STARTTLS stripped from EHLO, required: stops, no credentials sent', async () => {
    const { ev, server } = await run(await tlsScenario({}, ['AUTH PLAIN LOGIN']), await tlsOptions());
    expect(ev.starttls?.offered).toBe(false);
    expect(ev.error?.code).toBe('EPOLICY');
    expect(verbs(server)).toEqual(['EHLO', 'QUIT']);
  });

  it('#18 the server closes right after 220 to STARTTLS: ETLS during the upgrade', async () => {
    const { ev } = await run(await tlsScenario({ STARTTLS: (_l, ctx) => ctx.end('220 Ready\r\n') }), await tlsOptions());
    expect(ev.error).toMatchObject({ code: 'ETLS', phase: 'starttls' });
    expect(ev.starttls?.error?.code).toBe('ETLS');
  });

  it('#19 the TLS handshake stalls: the handshake deadline fires', async () => {
    const { ev } = await run(await tlsScenario({ STARTTLS: (_l, ctx) => (ctx.write('220 Ready\r\n'), ctx.mute()) }), await tlsOptions());
    expect(ev.error).toMatchObject({ code: 'ETIMEDOUT', phase: 'tls-handshake' });
  });

  it('#22 STARTTLS still offered after TLS: ignored and flagged', async () => {
    const { ev } = await run(await tlsScenario({}, ['STARTTLS', 'AUTH PLAIN']).then((s) => ({ ...s, onLine: script({}, { extensions: ['STARTTLS'], tlsExtensions: ['STARTTLS', 'AUTH PLAIN'] }) })), await tlsOptions({ auth: undefined }));
    expect(ev.error).toBeUndefined();
    expect(ev.violations.some((v) => v.kind === 'starttls-after-tls')).toBe(true);
  });

  for (const which of ['selfSigned', 'expired', 'notYetValid', 'wrongHost'] as const) {
    it(`#20 ${which} certificate: ETLS with its cause and zero AUTH bytes on the wire`, async () => {
      const certs = await testCerts();
      const scenario = { ...(await tlsScenario({})), tls: certs[which] };
      const { ev, server } = await run(scenario, await tlsOptions());
      expect(ev.error?.code).toBe('ETLS');
      expect(ev.tls?.authorized).toBe(false);
      expect(ev.error?.cause).toBe(ev.tls?.authorizationError);
      expect(server.tlsBytes).toEqual([]);
      expect(server.allSent().toString('latin1')).not.toMatch(/AUTH/);
    });
  }

  it('"inspect anyway" with a self-signed certificate: TLS report kept, AUTH refused (tls-unverified), no MAIL', async () => {
    const certs = await testCerts();
    const scenario = { ...(await tlsScenario({})), tls: certs.selfSigned };
    const { ev, server } = await run(scenario, await tlsOptions({ tlsVerify: false, ...envelope }));
    expect(ev.error).toMatchObject({ code: 'EPOLICY', phase: 'auth' });
    expect(ev.tls).toMatchObject({ authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', inspectedAnyway: true });
    expect(ev.auth).toMatchObject({ attempted: false, skippedReason: 'tls-unverified' });
    expect(verbs(server)).toEqual(['EHLO', 'STARTTLS', 'EHLO', 'QUIT']);
  });
});

describe('hostile servers: AUTH', () => {
  it('#24 AUTH PLAIN advertised on plaintext: not used, and no message goes out unauthenticated', async () => {
    const { ev, server } = await run(
      { greeting: GREETING, onLine: script({}, { extensions: ['AUTH PLAIN LOGIN'] }) },
      { auth: { user: 'canary-user', password: 'canary-pass' }, ...envelope },
    );
    expect(ev.auth).toMatchObject({ offered: ['PLAIN', 'LOGIN'], attempted: false, skippedReason: 'plaintext-refused' });
    expect(server.allSent().toString('latin1')).not.toMatch(/AUTH/);
    expect(verbs(server)).toEqual(['EHLO', 'QUIT']);
  });

  it('#24 only AUTH CRAM-MD5 advertised on plaintext: not answered either (offline-crackable)', async () => {
    const { ev, server } = await run(
      { greeting: GREETING, onLine: script({ AUTH: '334 PDE4OTYuNjk3MTcwOTUyQGhvc3RpbGUudGVzdD4=\r\n' }, { extensions: ['AUTH CRAM-MD5'] }) },
      { auth: { user: 'canary-user', password: 'canary-pass' }, ...envelope },
    );
    expect(ev.auth).toMatchObject({ offered: ['CRAM-MD5'], attempted: false, skippedReason: 'plaintext-refused', mechanism: 'CRAM-MD5' });
    expect(ev.error).toMatchObject({ code: 'EPOLICY', phase: 'auth' });
    expect(verbs(server)).toEqual(['EHLO', 'QUIT']);
  });

  it('#23 a 12 KB AUTH challenge is accepted', async () => {
    const challenge = Buffer.alloc(9300, 7).toString('base64');
    expect(challenge.length).toBeGreaterThan(12_000);
    const { ev } = await run(
      {
        greeting: GREETING,
        // base64("u") is "dQ==": the LOGIN user name, answered with 535.
        onLine: script({ AUTH: `334 ${challenge}\r\n`, 'DQ==': '535 5.7.8 no\r\n' }, { extensions: ['AUTH LOGIN'] }),
      },
      { auth: { user: 'u', password: 'p', mechanism: 'LOGIN', allowPlaintext: true } },
    );
    expect(ev.error).toBeUndefined();
    expect(ev.commands.find((c) => c.command === 'AUTH LOGIN')?.reply?.lines[0]).toBe(challenge);
    expect(ev.auth).toMatchObject({ attempted: true, ok: false, reply: { code: 535 } });
  });

  it('#23 a 100 KB AUTH challenge is aborted at the cap (EPROTO)', async () => {
    const { ev } = await run(
      { greeting: GREETING, onLine: script({ AUTH: (_l, ctx) => ctx.write(`334 ${'A'.repeat(100_000)}\r\n`) }, { extensions: ['AUTH LOGIN'] }) },
      { auth: { user: 'u', password: 'p', mechanism: 'LOGIN', allowPlaintext: true } },
    );
    expect(ev.error).toMatchObject({ code: 'EPROTO', phase: 'auth' });
  });

  it('XOAUTH2 failure: 334 <base64 JSON> is answered with an empty line and 535 reported', async () => {
    const { ev, server, transcript } = await run(
      {
        greeting: GREETING,
        onLine: script(
          {
            AUTH: '334 eyJzdGF0dXMiOiI0MDEifQ==\r\n',
            '': '535 5.7.8 Username and Password not accepted\r\n',
          },
          { extensions: ['AUTH XOAUTH2 PLAIN', 'ENHANCEDSTATUSCODES'] },
        ),
      },
      { auth: { user: 'canary-user', password: 'canary-token', mechanism: 'XOAUTH2', allowPlaintext: true } },
    );
    expect(server.lines.slice(1, 3).map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['AUTH XOAUTH2', '']);
    expect(ev.auth).toMatchObject({ attempted: true, ok: false, mechanism: 'XOAUTH2', reply: { code: 535, enhanced: '5.7.8' } });
    expect(transcript.events.find((e) => e.dir === 'C' && e.text.startsWith('AUTH XOAUTH2'))?.text).toMatch(/^AUTH XOAUTH2 \[redacted\]$/);
    expect(verbs(server)).toEqual(['EHLO', 'AUTH', '', 'QUIT']);
  });
});
