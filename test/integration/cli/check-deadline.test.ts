/**
 * `smtp-probe check --deadline`: one time budget for the whole run, DNS and SMTP together. A server
 * that answers every RCPT just inside the per-reply timeout cannot stretch a run past the budget,
 * nor can a DNS server that never answers; a bad value is exit 2 with nothing sent.
 * Loopback only: a hostile SMTP server, a silent UDP "DNS server", the DNS peer on 127.0.0.1:5300.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { startSilentDnsServer } from '../../helpers/dns-peer.ts';
import { basicReply, startHostileServer, type HostileServer } from '../../helpers/hostile-server.ts';

const DNS = ['--dns-server', '127.0.0.1:5300', '--no-public-ip'];
const RECIPIENTS = Array.from({ length: 15 }, (_, i) => ['--to', `r${i}@slow.test`]).flat();

let slow: HostileServer;

beforeAll(async () => {
  // Each RCPT is answered after 0.9 s: inside the reply timeout, 13.5 s for all fifteen. (The
  // timeout is 2 s rather than the 1 s of the original report: a loaded machine must not turn
  // a 0.9 s answer into a per-reply timeout.)
  slow = await startHostileServer({
    greeting: '220 slow.test ESMTP\r\n',
    onLine: (line, ctx) => {
      if (line.toUpperCase().startsWith('RCPT')) setTimeout(() => ctx.write('250 2.1.5 OK\r\n'), 900);
      else {
        const answer = basicReply(line);
        if (answer) ctx.write(answer);
      }
    },
  });
});
afterAll(() => slow?.close());

const rcptSent = () => slow.lines.filter((l) => l.toUpperCase().startsWith('RCPT')).length;

describe('--deadline', () => {
  it('ends a run of slow RCPT replies when the budget is spent: EDEADLINE, run.deadline, not every RCPT sent', async () => {
    const args = ['check', '--server', `127.0.0.1:${slow.port}`, '--tls', 'none', '--ehlo', 'client.smtp-probe.test', ...DNS];
    const result = await runCli([...args, '--from', 'me@slow.test', ...RECIPIENTS, '--timeout', '2', '--deadline', '3', '--json']);
    const report = runReportSchema.parse(JSON.parse(result.stdout));
    expect(report.smtp?.error).toMatchObject({ code: 'EDEADLINE', phase: 'rcpt' });
    expect(report.interrupted).toEqual({ reason: 'deadline', step: 'rcpt', deadlineMs: 3000 });
    const finding = report.findings.find((f) => f.code === 'run.deadline');
    expect(finding).toMatchObject({ step: 'rcpt', severity: 'error' });
    expect(finding?.message).toContain('3.0 s');
    expect(finding?.message).toContain('RCPT TO');
    expect(result.code).toBe(EXIT_CODES.rcpt);
    expect(rcptSent()).toBeGreaterThan(0);
    expect(rcptSent()).toBeLessThan(15);
    expect(slow.lines).not.toContain('DATA');
  }, 20_000);

  it('bounds DNS too: a DNS server that never answers ends in the MX step with run.deadline, not a DNS timeout', async () => {
    const silent = await startSilentDnsServer();
    try {
      const result = await runCli(['check', 'nowhere.probe.test', '--dns-server', silent.server, '--no-public-ip', '--timeout', '60', '--deadline', '1', '--json']);
      const report = runReportSchema.parse(JSON.parse(result.stdout));
      expect(silent.received()).toBeGreaterThan(0);
      expect(report.dns.mx?.outcome).toBe('cancelled');
      expect(report.interrupted).toMatchObject({ reason: 'deadline', step: 'mx' });
      expect(report.findings.map((f) => f.code)).toEqual(['run.deadline']);
      expect(result.code).toBe(EXIT_CODES.mx);
    } finally {
      await silent.close();
    }
  }, 15_000);

  it('bounds the lookup of the server name: the connect step ends with run.deadline, not a DNS failure', async () => {
    const silent = await startSilentDnsServer();
    try {
      const result = await runCli(['check', '--server', 'mail.nowhere.probe.test', '--dns-server', silent.server, '--no-public-ip', '--timeout', '60', '--deadline', '1', '--json']);
      const report = runReportSchema.parse(JSON.parse(result.stdout));
      expect(report.smtp?.connect?.error).toMatchObject({ code: 'EDEADLINE', phase: 'dns' });
      expect(report.interrupted).toMatchObject({ reason: 'deadline', step: 'connect' });
      expect(report.findings.map((f) => f.code)).toEqual(['run.deadline']);
      expect(result.code).toBe(EXIT_CODES.connect);
    } finally {
      await silent.close();
    }
  }, 15_000);

  it.each(['0', '0.5', 'abc', '-3', '1e3', '3601', ''])('refuses --deadline %j with exit 2 and sends nothing', async (bad) => {
    const before = slow.connections;
    const result = await runCli(['check', '--server', `127.0.0.1:${slow.port}`, ...DNS, '--deadline', bad]);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain(`--deadline: takes seconds (a number from 1 to 3600), got "${bad}"`);
    expect(slow.connections).toBe(before);
  });
});
