/**
 * `smtp-probe check --json` against scripted servers on loopback that refuse in the greeting or
 * in the answer to EHLO/HELO with a receiver's own wording (shared/known-replies): the run names
 * the receiver and the cause at the banner or EHLO step instead of a generic refusal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { knownReplyUrl } from '../../../shared/known-replies/index.ts';
import { runReportSchema, type RunReport } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { startHostileServer, type HostileServer, type Scenario } from '../../helpers/hostile-server.ts';
import { script } from '../../helpers/smtp-script.ts';

// DNS questions (PTR of 127.0.0.1) go to the DNS peer on loopback, never to the system's resolvers.
const DNS = ['--dns-server', '127.0.0.1:5300', '--no-public-ip'];
const ENVELOPE = ['--from', 'sender@client.probe.test', '--to', 'rcpt@greeting.test'];

/** Gmail's multi-line deferral, as quoted in samples.json (gmail-unsolicited-rate). */
const GMAIL_RATE_LIMITED = [
  '421-4.7.28 [127.0.0.1] Our system has detected an unusual rate of',
  '421-4.7.28 unsolicited mail originating from your IP address. To protect our',
  '421-4.7.28 users from spam, mail sent from your IP address has been temporarily',
  '421 4.7.28 rate limited. - gsmtp',
].join('\r\n');
const EXO_BUSY = '421 4.7.500 Server busy. Please try again later from [127.0.0.1]. (S77714) [DB5EUR03FT012.eop-EUR03.prod.protection.outlook.com]';
const POSTFIX_RBL = '554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.1';
// Postfix's reject_unknown_helo_hostname (smtpd_delay_reject=no): the CLI only sends fully qualified
// names or address literals, so of Postfix's EHLO-name refusals this is the one it meets.
const HOST_NOT_FOUND = '550 5.7.1 <client.probe.test>: Helo command rejected: Host not found';
const HOST_NOT_FOUND_LATER = '450 4.7.1 <client.probe.test>: Helo command rejected: Host not found';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function check(scenario: Scenario): Promise<{ code: number; report: RunReport; server: HostileServer }> {
  server = await startHostileServer(scenario);
  const result = await runCli(['check', '--server', `127.0.0.1:${server.port}`, '--ehlo', 'client.probe.test', '--tls', 'none', ...DNS, ...ENVELOPE, '--json']);
  return { code: result.code, report: runReportSchema.parse(JSON.parse(result.stdout)), server };
}

const verbs = (s: HostileServer) => s.lines.map((l) => l.split(/[ :]/)[0]?.toUpperCase());
const codes = (report: RunReport) => report.findings.map((f) => f.code);
const stepStatus = (report: RunReport, id: string) => report.steps.find((s) => s.id === id)?.status;

describe('a greeting that refuses with a known wording', () => {
  it("Gmail's 421 4.7.28 rate limit: connect.throttled at the banner step, Gmail named, nothing sent", async () => {
    const { code, report, server } = await check({ greeting: `${GMAIL_RATE_LIMITED}\r\n`, onLine: script({}) });
    expect(code).toBe(EXIT_CODES.banner);
    expect(codes(report)).not.toContain('banner.rejected');
    const throttled = report.findings.find((f) => f.code === 'connect.throttled');
    expect(throttled).toMatchObject({ step: 'banner', severity: 'warning' });
    expect(throttled?.message).toContain('Gmail / Google Workspace');
    // The page is the finding's link, by id; the URL is the table's (the hint carries the fix only).
    expect(knownReplyUrl(throttled?.link?.id ?? '')).toContain('https://support.google.com/');
    expect(stepStatus(report, 'banner')).toBe('fail');
    // RFC 5321 §3.8: after a 421 greeting the client just drops the connection.
    expect(verbs(server)).toEqual([]);
  });

  it("Exchange Online's 421 4.7.500 server busy: connect.throttled naming Microsoft 365", async () => {
    const { code, report } = await check({ greeting: `${EXO_BUSY}\r\n`, onLine: script({}) });
    expect(code).toBe(EXIT_CODES.banner);
    const throttled = report.findings.find((f) => f.code === 'connect.throttled');
    expect(throttled?.step).toBe('banner');
    expect(throttled?.message).toContain('Microsoft 365 / Exchange Online');
    expect(throttled?.message).toContain('421 4.7.500 Server busy');
    expect(codes(report)).not.toContain('banner.rejected');
  });

  it('a 554 greeting naming a DNS blocklist: rcpt.blocklisted at the banner step with the list and its lookup page, then QUIT only', async () => {
    const { code, report, server } = await check({ greeting: `${POSTFIX_RBL}\r\n`, onLine: script({}) });
    expect(code).toBe(EXIT_CODES.banner);
    expect(codes(report)).not.toContain('banner.rejected');
    const listed = report.findings.find((f) => f.code === 'rcpt.blocklisted');
    expect(listed).toMatchObject({ step: 'banner', severity: 'error', evidence: POSTFIX_RBL });
    expect(listed?.message).toContain('Spamhaus');
    expect(listed?.message).toContain('zen.spamhaus.org');
    expect(listed?.hint).toContain('https://check.spamhaus.org/');
    expect(verbs(server)).toEqual(['QUIT']);
  });

  it('a 554 greeting in no known wording stays banner.rejected', async () => {
    const { report } = await check({ greeting: '554 5.7.1 greeting.test: no SMTP service here\r\n', onLine: script({}) });
    expect(codes(report)).toContain('banner.rejected');
    expect(codes(report)).not.toContain('rcpt.blocklisted');
    expect(codes(report)).not.toContain('connect.throttled');
  });
});

describe('EHLO and HELO refused for the name', () => {
  it("Postfix's Host not found to EHLO and HELO: one helo.not-fqdn at the EHLO step, not 'does not support EHLO'", async () => {
    const refusal = `${HOST_NOT_FOUND}\r\n`;
    const { code, report, server } = await check({ greeting: '220 greeting.test ESMTP Postfix\r\n', onLine: script({ EHLO: refusal, HELO: refusal }) });
    expect(verbs(server)).toEqual(['EHLO', 'HELO', 'QUIT']);
    expect(code).toBe(EXIT_CODES.ehlo);
    expect(codes(report)).not.toContain('ehlo.rejected');
    expect(codes(report)).not.toContain('ehlo.helo-fallback');
    const named = report.findings.filter((f) => f.code === 'helo.not-fqdn');
    expect(named).toHaveLength(1);
    expect(named[0]).toMatchObject({ step: 'ehlo', severity: 'error', evidence: HOST_NOT_FOUND });
    expect(named[0]?.message).toMatch(/^Postfix refused the name/);
    expect(named[0]?.message).toContain('reject_unknown_helo_hostname');
    expect(named[0]?.hint).toContain('--ehlo');
    expect(named[0]?.link).toEqual({ id: 'reply:postfix-helo-host-not-found', title: 'Postfix postconf(5): reject_unknown_helo_hostname' });
    expect(knownReplyUrl(named[0]!.link!.id)).toBe('https://www.postfix.org/postconf.5.html#reject_unknown_helo_hostname');
    expect(stepStatus(report, 'ehlo')).toBe('fail');
  });

  it('the same refusal as a 450 (no HELO retry): helo.not-fqdn, still an error at the EHLO step', async () => {
    const { code, report, server } = await check({ greeting: '220 greeting.test ESMTP Postfix\r\n', onLine: script({ EHLO: `${HOST_NOT_FOUND_LATER}\r\n` }) });
    expect(verbs(server)).toEqual(['EHLO', 'QUIT']);
    expect(code).toBe(EXIT_CODES.ehlo);
    expect(codes(report)).not.toContain('ehlo.rejected');
    expect(report.findings.find((f) => f.code === 'helo.not-fqdn')).toMatchObject({ step: 'ehlo', severity: 'error', evidence: HOST_NOT_FOUND_LATER });
  });

  it('EHLO refused for another reason still falls back and reports ehlo.rejected', async () => {
    const { report } = await check({ greeting: '220 greeting.test ESMTP\r\n', onLine: script({ EHLO: '502 5.5.1 EHLO not implemented\r\n', HELO: '550 5.7.1 go away\r\n' }) });
    expect(codes(report)).toEqual(expect.arrayContaining(['ehlo.helo-fallback', 'ehlo.rejected']));
    expect(codes(report)).not.toContain('helo.not-fqdn');
  });
});
