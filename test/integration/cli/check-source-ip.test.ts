/**
 * `--source-ip`: the session leaves from the address asked for, on real loopback sockets (Linux
 * routes all of 127.0.0.0/8 to lo, so 127.0.0.2 is an address of this machine). An address the
 * machine does not have fails at bind, before any packet, with a finding that names the flag; one
 * of the other IP version than the server is refused as input, nothing sent.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema, type RunReport } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { DNS_ZONE } from '../../helpers/dns-peer.ts';
import { startHostileServer, type HostileServer } from '../../helpers/hostile-server.ts';
import { script } from '../../helpers/smtp-script.ts';

const DNS = ['--dns-server', '127.0.0.1:5300', '--no-public-ip'];
let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function check(source: string, extra: string[] = []): Promise<{ code: number; report: RunReport; stdout: string }> {
  server = await startHostileServer({ greeting: '220 source.test ESMTP\r\n', onLine: script({}) });
  const args = ['check', '--server', `127.0.0.1:${server.port}`, '--tls', 'none', '--ehlo', 'client.probe.test', ...DNS, '--source-ip', source, '--stop-after', 'ehlo', ...extra];
  const { code, stdout } = await runCli([...args, '--json']);
  return { code, report: runReportSchema.parse(JSON.parse(stdout)), stdout };
}

describe('smtp-probe check --source-ip', () => {
  it('binds 127.0.0.2: the server sees it as the client, and the report names the local address and port', async () => {
    const { code, report } = await check('127.0.0.2');
    expect(code).toBe(EXIT_CODES.ok);
    expect(server?.remoteAddresses).toEqual(['127.0.0.2']);
    expect(report.source.localAddress).toBe('127.0.0.2');
    expect(report.source.localPort).toBeGreaterThan(0);
    expect(report.request.sourceAddress).toBe('127.0.0.2');
    const connect = report.steps.find((s) => s.id === 'connect');
    expect(connect?.summary).toContain(`from 127.0.0.2 port ${report.source.localPort}`);
    expect(report.transcript.map((e) => e.text)).toContain(`connecting to 127.0.0.1 port ${server?.port} from 127.0.0.2`);
  });

  it('the exported report says which local address and port were used', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'probe-source-'));
    try {
      const file = path.join(dir, 'report.txt');
      server = await startHostileServer({ greeting: '220 source.test ESMTP\r\n', onLine: script({}) });
      const { code } = await runCli(['check', '--server', `127.0.0.1:${server.port}`, '--tls', 'none', ...DNS, '--source-ip', '127.0.0.3', '--stop-after', 'ehlo', '--transcript', file]);
      expect(code).toBe(EXIT_CODES.ok);
      const text = await readFile(file, 'utf8');
      expect(text).toMatch(/^Source: +local 127\.0\.0\.3 port \d+ \(the source address asked for\)$/m);
      expect(server.remoteAddresses).toEqual(['127.0.0.3']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an address not on this machine (192.0.2.1): nothing reaches the server, a finding names --source-ip', async () => {
    const { code, report } = await check('192.0.2.1');
    expect(code).toBe(EXIT_CODES.connect);
    expect(server?.connections).toBe(0);
    expect(report.smtp?.error).toMatchObject({ code: 'ESOURCE', phase: 'connect', cause: 'EADDRNOTAVAIL' });
    const finding = report.findings.find((f) => f.code === 'connect.source-unavailable');
    expect(finding?.message).toContain('The source address 192.0.2.1 is not on this machine');
    expect(finding?.hint).toContain('--source-ip');
    expect(report.findings.map((f) => f.code)).not.toContain('connect.unreachable');
  });

  it.each([
    [
      'an IPv4 source and a name with only an AAAA record',
      ['--source-ip', '127.0.0.1'],
      DNS_ZONE.ptr.confirmed6.name,
      'The source address 127.0.0.1 is IPv4 but good6.probe.test has only IPv6 addresses, so nothing was sent.',
      'Give --source-ip an IPv6 address this machine has, or leave --source-ip out and let the system choose.',
    ],
    ['-4 and a name with only an AAAA record', ['-4'], DNS_ZONE.ptr.confirmed6.name, 'IPv4 only was asked for, but good6.probe.test has only IPv6 addresses, so nothing was sent.', 'Leave out -4/-6 (or use -6) to connect over IPv6.'],
    [
      'an IPv6 source and a name with only an A record',
      ['--source-ip', '::1'],
      DNS_ZONE.postfixMx.exchange,
      'The source address ::1 is IPv6 but mail.peer.probe.test has only IPv4 addresses, so nothing was sent.',
      'Give --source-ip an IPv4 address this machine has, or leave --source-ip out and let the system choose.',
    ],
  ])('%s: the finding says so with the fix, not "could not resolve"', async (_name, flags, host, message, hint) => {
    const { code, stdout } = await runCli(['check', '--server', `${host}:2525`, '--tls', 'none', ...DNS, ...flags, '--json']);
    const report = runReportSchema.parse(JSON.parse(stdout));
    expect(code).toBe(EXIT_CODES.connect);
    expect(report.findings.map((f) => f.code)).toEqual(['connect.source-family']);
    expect(report.findings[0]).toMatchObject({ message, hint, severity: 'error', step: 'connect' });
    expect(report.smtp?.connect?.error).toMatchObject({ code: 'EDNS', cause: 'other-family-only' });
    expect(report.transcript.map((e) => e.text)).toContain(`${host} has only IPv${message.includes('only IPv6') ? 6 : 4} addresses: ${host === DNS_ZONE.postfixMx.exchange ? DNS_ZONE.postfixMx.address : DNS_ZONE.ptr.confirmed6.address}`);
  });

  it('::1 with an IPv4 server: refused as input with both versions named, exit 2, nothing sent', async () => {
    server = await startHostileServer({ greeting: '220 source.test ESMTP\r\n', onLine: script({}) });
    const { code, stderr } = await runCli(['check', '--server', `127.0.0.1:${server.port}`, '--tls', 'none', ...DNS, '--source-ip', '::1']);
    expect(code).toBe(EXIT_CODES.usage);
    expect(stderr).toContain('--source-ip: the source address ::1 is IPv6 but the server 127.0.0.1 is IPv4: give an IPv4 source address, or none to let the system choose');
    expect(server.connections).toBe(0);
  });

  it.each([
    ['not an address', ['--source-ip', 'eth0'], 'the source address must be an IP address of this machine'],
    ['the other version than -4', ['--source-ip', '::1', '-4'], 'the source address ::1 is IPv6, but IPv4 only was asked for'],
  ])('%s: refused before anything is sent', async (_name, flags, message) => {
    const { code, stderr } = await runCli(['check', '--server', 'mail.example.test', ...DNS, ...flags]);
    expect(code).toBe(EXIT_CODES.usage);
    expect(stderr).toContain(`--source-ip: ${message}`);
  });
});
