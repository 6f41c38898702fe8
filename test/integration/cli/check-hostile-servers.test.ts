/**
 * `smtp-probe check` against hostile servers that try to get a login without TLS, a message sent
 * without the login that was asked for, or plaintext slipped in after STARTTLS's 220. The server
 * records every byte; the assertions are on those bytes, the JSON report and the exit code.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema, type RunReport } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { startHostileServer, type HostileServer, type Scenario, type ScenarioContext } from '../../helpers/hostile-server.ts';
import { script } from '../../helpers/smtp-script.ts';
import { testCerts } from '../../helpers/test-certs.ts';

// DNS questions (PTR of 127.0.0.1) go to the DNS peer on loopback, never to the system's resolvers.
const DNS = ['--dns-server', '127.0.0.1:5300', '--no-public-ip'];
const CANARY = 'Canary-9f3e-Canary-9f3e';
const USER = 'canary-user@hostile.test';
const GREETING = '220 hostile.test ESMTP\r\n';
const CHALLENGE = '<1896.697170952@hostile.test>';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
/** RFC 2195: what a CRAM-MD5 client answers; what a stripping server would crack offline. */
const CRAM_ANSWER = b64(`${USER} ${createHmac('md5', CANARY).update(CHALLENGE).digest('hex')}`);

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** STARTTLS stripped, only AUTH CRAM-MD5 offered; it checks a CRAM-MD5 answer when it gets one. */
function cramStrippingServer(): Scenario {
  const base = script({}, { extensions: ['AUTH CRAM-MD5', 'ENHANCEDSTATUSCODES'] });
  let awaitingAnswer = false;
  return {
    greeting: GREETING,
    onLine: (line, ctx) => {
      if (awaitingAnswer) {
        awaitingAnswer = false;
        return ctx.write(line === CRAM_ANSWER ? '235 2.7.0 Authentication successful\r\n' : '535 5.7.8 no\r\n');
      }
      if (line.toUpperCase() === 'AUTH CRAM-MD5') {
        awaitingAnswer = true;
        return ctx.write(`334 ${b64(CHALLENGE)}\r\n`);
      }
      base(line, ctx);
    },
  };
}

async function check(scenario: Scenario, args: string[]): Promise<{ code: number; report: RunReport; server: HostileServer }> {
  server = await startHostileServer(scenario);
  const result = await runCli(
    ['check', '--server', `127.0.0.1:${server.port}`, '--ehlo', 'client.probe.test', ...DNS, '--auth-user', USER, '--auth-password-env', 'PROBE_CANARY', '--json', ...args],
    { env: { PROBE_CANARY: CANARY } },
  );
  return { code: result.code, report: runReportSchema.parse(JSON.parse(result.stdout)), server };
}

const envelope = ['--from', 'sender@client.probe.test', '--to', 'rcpt@hostile.test'];
const verbs = (s: HostileServer) => s.lines.map((l) => l.replace(/^TLS: /, '').split(/[ :]/)[0]?.toUpperCase());
const stepStatus = (report: RunReport, id: string) => report.steps.find((s) => s.id === id)?.status;

describe('a server that strips STARTTLS and offers only CRAM-MD5', () => {
  for (const tls of ['starttls-optional', 'none']) {
    it(`--tls ${tls}: no AUTH byte on the wire, the run fails at AUTH with auth.plaintext-refused (exit 16), no MAIL`, async () => {
      const { code, report, server } = await check(cramStrippingServer(), ['--tls', tls, ...envelope]);
      const wire = server.allSent().toString('latin1');
      expect(wire).not.toMatch(/AUTH/i);
      expect(wire).not.toContain(CRAM_ANSWER);
      expect(verbs(server)).toEqual(['EHLO', 'QUIT']);
      expect(code).toBe(EXIT_CODES.auth);
      expect(stepStatus(report, 'auth')).toBe('fail');
      expect(stepStatus(report, 'mail')).toBe('skipped');
      const refused = report.findings.find((f) => f.code === 'auth.plaintext-refused');
      expect(refused?.message).toMatch(/CRAM-MD5/);
      expect(refused?.message).toMatch(/crack the password offline/);
      expect(report.findings.filter((f) => f.step === 'mail' || f.step === 'rcpt')).toEqual([]);
    });
  }

  it('with --auth-allow-plaintext the user consented: CRAM-MD5 runs and logs in', async () => {
    const { code, report, server } = await check(cramStrippingServer(), ['--tls', 'starttls-optional', '--auth-allow-plaintext', '--stop-after', 'auth']);
    expect(server.lines).toEqual(['EHLO client.probe.test', 'AUTH CRAM-MD5', CRAM_ANSWER, 'QUIT']);
    expect(code).toBe(EXIT_CODES.ok);
    expect(stepStatus(report, 'auth')).toBe('pass');
  });
});

describe('AUTH asked for but not done: nothing is sent unauthenticated', () => {
  const cases: Array<{ name: string; scenario: () => Promise<Scenario>; args: string[]; finding: string; words: RegExp }> = [
    {
      name: 'plaintext-refused (AUTH PLAIN LOGIN without TLS)',
      scenario: async () => ({ greeting: GREETING, onLine: script({}, { extensions: ['AUTH PLAIN LOGIN'] }) }),
      args: ['--tls', 'starttls-optional'],
      finding: 'auth.plaintext-refused',
      words: /not encrypted.*password readable/,
    },
    {
      name: 'tls-unverified (self-signed certificate, inspect anyway)',
      scenario: async () => ({ greeting: GREETING, tls: (await testCerts()).selfSigned, onLine: script({}, { extensions: ['STARTTLS', 'AUTH PLAIN LOGIN'] }) }),
      args: ['--tls', 'starttls', '--no-tls-verify'],
      finding: 'auth.plaintext-refused',
      words: /certificate was not verified/,
    },
    {
      name: 'not-offered (no AUTH in EHLO)',
      scenario: async () => ({ greeting: GREETING, onLine: script({}, { extensions: ['8BITMIME'] }) }),
      args: ['--tls', 'starttls-optional'],
      finding: 'auth.not-offered',
      words: /does not offer authentication/,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: no MAIL FROM, a clean QUIT, the AUTH step fails with the reason (exit 16)`, async () => {
      const { code, report, server } = await check(await c.scenario(), [...c.args, ...envelope]);
      expect(verbs(server)).not.toContain('MAIL');
      expect(verbs(server)).not.toContain('AUTH');
      expect(verbs(server).at(-1)).toBe('QUIT');
      expect(report.smtp?.quit?.reply?.code).toBe(221);
      expect(code).toBe(EXIT_CODES.auth);
      expect(stepStatus(report, 'auth')).toBe('fail');
      expect(report.findings.find((f) => f.code === c.finding)?.message).toMatch(c.words);
      // Only the AUTH step explains the stop: no second, misleading failure at MAIL or RCPT.
      for (const id of ['mail', 'rcpt', 'data'] as const) expect(stepStatus(report, id)).toBe('skipped');
      expect(report.findings.filter((f) => ['mail', 'rcpt', 'data'].includes(f.step))).toEqual([]);
    });
  }
});

describe('plaintext injected after the 220 to STARTTLS', () => {
  // Same segment: buffered with the 220. Later: it reaches the TLS handshake as a non-TLS record.
  const timings: Array<[string, number | undefined]> = [['in the same segment as the 220', undefined], ['5 ms after the 220', 5], ['30 ms after the 220', 30]];
  for (const [timing, delayMs] of timings) {
    it(`${timing}: starttls.injection (never "wrong TLS mode"), exit 15, no AUTH`, async () => {
      const injected = '250-SMTPUTF8 INJECTED\r\n250 AUTH PLAIN\r\n';
      const starttls = (_line: string, ctx: ScenarioContext) => {
        if (delayMs === undefined) return ctx.write(`220 2.0.0 Ready\r\n${injected}`);
        ctx.write('220 2.0.0 Ready\r\n');
        setTimeout(() => ctx.write(injected), delayMs);
      };
      const scenario = { greeting: GREETING, tls: (await testCerts()).good, onLine: script({ STARTTLS: starttls }, { extensions: ['STARTTLS', 'AUTH PLAIN LOGIN'] }) };
      const { code, report, server } = await check(scenario, ['--tls', 'starttls', ...envelope]);
      expect(code).toBe(EXIT_CODES.starttls);
      expect(report.findings.map((f) => f.code)).toContain('starttls.injection');
      expect(report.findings.map((f) => f.code)).not.toContain('tls.wrong-mode');
      expect(stepStatus(report, 'starttls')).toBe('fail');
      expect(server.tlsBytes).toEqual([]);
      expect(server.allSent().toString('latin1')).not.toMatch(/AUTH|MAIL FROM/);
    });
  }
});
