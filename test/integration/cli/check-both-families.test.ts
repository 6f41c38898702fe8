/**
 * `--both-families`: the same check over IPv4 and over IPv6, against the DNS peer's dual.probe.test
 * (A 127.0.0.1, AAAA ::1) and real listeners on 127.0.0.1 and ::1 on one port. With only the IPv4
 * listener, the IPv6 run is refused and the finding says so: the AAAA record points to an address
 * where nothing listens.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import type { FamilyComparison } from '../../../shared/family-comparison.ts';
import { familyComparisonSchema } from '../../../shared/family-pair.ts';
import { runCli } from '../../helpers/cli.ts';
import { DNS_PEER_SERVER, DNS_ZONE, dualAvailable } from '../../helpers/dns-peer.ts';
import { startHostileServer, type HostileServer } from '../../helpers/hostile-server.ts';
import { describeWithPeer } from '../../helpers/peers.ts';
import { script } from '../../helpers/smtp-script.ts';

const DNS = ['--dns-server', DNS_PEER_SERVER, '--no-public-ip'];
const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A greeting server on 127.0.0.1, and with `v6` a second one on [::1] at the same port. */
async function listeners(v6: boolean): Promise<{ v4: HostileServer; v6?: HostileServer; port: number }> {
  const scenario = { greeting: '220 dual.test ESMTP\r\n', onLine: script({}) };
  const v4 = await startHostileServer(scenario);
  servers.push(v4);
  if (!v6) return { v4, port: v4.port };
  const six = await startHostileServer(scenario, { host: '::1', port: v4.port });
  servers.push(six);
  return { v4, v6: six, port: v4.port };
}

async function both(server: string, port: number, extra: string[] = []): Promise<{ code: number; compared: FamilyComparison }> {
  const { code, stdout } = await runCli(['check', '--server', server, '--port', String(port), '--tls', 'none', ...DNS, '--stop-after', 'ehlo', '--both-families', '--json', ...extra]);
  return { code, compared: familyComparisonSchema.parse(JSON.parse(stdout)) };
}

await describeWithPeer('the DNS peer with dual.probe.test (test/peers/dns; restart it after a zone change)', dualAvailable, 'smtp-probe check --both-families', () => {
  it('both listeners: one session over each version, both pass, each report names its addresses', async () => {
    const { v4, v6, port } = await listeners(true);
    const { code, compared } = await both(DNS_ZONE.dual.name, port);
    expect(code).toBe(EXIT_CODES.ok);
    expect(compared.outcomes).toEqual({ ipv4: 'pass', ipv6: 'pass' });
    expect(v4.remoteAddresses).toEqual(['127.0.0.1']);
    expect(v6?.remoteAddresses).toEqual(['::1']);
    expect(compared.ipv4.target.address).toBe('127.0.0.1');
    expect(compared.ipv6.target.address).toBe('::1');
    expect(compared.ipv6.source.localAddress).toBe('::1');
    expect(compared.ipv6.request.family).toBe(6);
    expect([...compared.ipv4.findings, ...compared.ipv6.findings].map((f) => f.code)).not.toContain('connect.family-split');
  });

  it('only the IPv4 listener: IPv6 fails while IPv4 works, told as an AAAA record pointing where nothing listens', async () => {
    const { v4, port } = await listeners(false);
    const { code, compared } = await both(DNS_ZONE.dual.name, port);
    expect(compared.outcomes).toEqual({ ipv4: 'pass', ipv6: 'fail' });
    expect(code).toBe(EXIT_CODES.connect);
    expect(v4.connections).toBe(1);
    const split = compared.ipv6.findings.find((f) => f.code === 'connect.family-split');
    expect(split?.message).toBe(`IPv6 fails while IPv4 works: the AAAA record of dual.probe.test points to ::1, where nothing listens on port ${port}.`);
    expect(compared.ipv4.findings.map((f) => f.code)).not.toContain('connect.family-split');
  });

  it('a name with an A record only: IPv6 has nothing to check and does not fail the run', async () => {
    const { port } = await listeners(false);
    const { code, compared } = await both(DNS_ZONE.postfixMx.exchange, port);
    expect(compared.outcomes).toEqual({ ipv4: 'pass', ipv6: 'no-address' });
    expect(code).toBe(EXIT_CODES.ok);
    expect(compared.ipv6.findings.find((f) => f.code === 'connect.family-missing')?.message).toBe(
      'mail.peer.probe.test has no AAAA record, so there was nothing to check over IPv6; IPv4 was checked.',
    );
    // Said once, for a run over both versions: not also as "IPv6 only was asked for" (connect.source-family).
    expect(compared.ipv6.findings.map((f) => f.code)).toEqual(['connect.family-missing']);
    expect(compared.ipv6.smtp?.connect?.error).toMatchObject({ code: 'EDNS', cause: 'other-family-only' });
  });

  it('the human output puts the versions side by side, and --transcript writes a report per version', async () => {
    const { port } = await listeners(false);
    const dir = await mkdtemp(path.join(tmpdir(), 'probe-families-'));
    try {
      const file = path.join(dir, 'report.txt');
      const { stdout } = await runCli(['check', '--server', DNS_ZONE.dual.name, '--port', String(port), '--tls', 'none', ...DNS, '--stop-after', 'ehlo', '--both-families', '--transcript', file]);
      expect(stdout).toContain('=== over IPv4 ===');
      expect(stdout).toContain('=== over IPv6 ===');
      expect(stdout).toMatch(/^Steps {6}IPv4 +IPv6$/m);
      expect(stdout).toMatch(/^ {2}connect {2}PASS .+ FAIL {4}connection refused/m);
      expect(stdout).toContain('IPv6: a step failed (exit 12)');
      const v6 = await readFile(path.join(dir, 'report.ipv6.txt'), 'utf8');
      expect(v6).toContain('over IPv6 only');
      expect(v6).toContain('connect.family-split');
      expect(await readFile(path.join(dir, 'report.ipv4.txt'), 'utf8')).toContain('over IPv4 only');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

it.each([
  [['-4'], 'IPv4 only was asked for'],
  [['--source-ip', '127.0.0.2'], 'the source address 127.0.0.2 has one IP version'],
  [['--server', '127.0.0.1'], 'the server 127.0.0.1 is an IP address of one version'],
])('--both-families with %j: refused as input, nothing sent', async (flags, message) => {
  const server = flags.includes('--server') ? [] : ['--server', 'mail.example.test'];
  const { code, stderr } = await runCli(['check', ...server, ...flags, ...DNS, '--both-families']);
  expect(code).toBe(EXIT_CODES.usage);
  expect(stderr).toContain(`--both-families: ${message}`);
});
