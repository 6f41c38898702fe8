/**
 * `smtp-probe check --profile NAME -4/-6 --source-ip`: the IP version and the source address are
 * about this machine's route, not the server, so given on the command line they override the
 * profile's own values. Real listeners on 127.0.0.1 and ::1 (one port), the DNS peer's
 * dual.probe.test (A 127.0.0.1, AAAA ::1) as the profile's server: which listener got the
 * connection, and from where, shows what was applied.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ProfilesStore } from '../../../electron/engine/store/profiles-store.ts';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { emptyProfileFields, type Profile } from '../../../shared/profile.ts';
import { runReportSchema, type RunReport } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { DNS_PEER_SERVER, DNS_ZONE, dualAvailable } from '../../helpers/dns-peer.ts';
import { startHostileServer, type HostileServer } from '../../helpers/hostile-server.ts';
import { describeWithPeer } from '../../helpers/peers.ts';
import { script } from '../../helpers/smtp-script.ts';

let dir: string;
let v4: HostileServer;
let v6: HostileServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-cli-profile-family-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all([v4?.close(), v6?.close()]);
});

/** A greeting server on 127.0.0.1 and one on [::1] at the same port, and profiles that point at them by name. */
async function setUp(): Promise<void> {
  const scenario = { greeting: '220 dual.test ESMTP\r\n', onLine: script({}) };
  v4 = await startHostileServer(scenario);
  v6 = await startHostileServer(scenario, { host: '::1', port: v4.port });
  const store = await ProfilesStore.open({ dataDir: path.join(dir, 'data') });
  const now = new Date().toISOString();
  const base: Profile = {
    ...emptyProfileFields(),
    id: randomUUID(),
    createdAt: now,
    updatedAt: now,
    name: 'Dual any',
    targetKind: 'host',
    target: DNS_ZONE.dual.name,
    port: v4.port,
    security: 'none',
    ehloName: 'client.smtp-probe.test',
    stopAfter: 'ehlo',
    dnsServer: DNS_PEER_SERVER,
  };
  for (const p of store.list()) await store.remove(p.id);
  await store.put(base);
  await store.put({ ...base, id: randomUUID(), name: 'Dual over IPv4', family: 4 });
  await store.put({ ...base, id: randomUUID(), name: 'Dual from 127.0.0.1', sourceAddress: '127.0.0.1' });
}

async function check(profile: string, extra: string[]): Promise<{ code: number; report: RunReport | undefined; stderr: string }> {
  const run = await runCli(['check', '--profile', profile, '--data-dir', path.join(dir, 'data'), '--no-public-ip', '--json', ...extra]);
  return { code: run.code, stderr: run.stderr, report: run.stdout.trim() === '' ? undefined : runReportSchema.parse(JSON.parse(run.stdout)) };
}

await describeWithPeer('the DNS peer with dual.probe.test (test/peers/dns; restart it after a zone change)', dualAvailable, 'smtp-probe check --profile with -4/-6 and --source-ip', () => {
  it('-6 and -4 choose the IP version of a profile that leaves it open', async () => {
    await setUp();
    const six = await check('Dual any', ['-6']);
    expect(six.stderr).toBe('');
    expect(six.code).toBe(EXIT_CODES.ok);
    expect(six.report?.request.family).toBe(6);
    expect(six.report?.target.address).toBe('::1');
    expect(v6.remoteAddresses).toEqual(['::1']);
    expect(v4.connections).toBe(0);
    const four = await check('Dual any', ['-4']);
    expect(four.code).toBe(EXIT_CODES.ok);
    expect(four.report?.target.address).toBe('127.0.0.1');
    expect(v4.remoteAddresses).toEqual(['127.0.0.1']);
  });

  it("-6 overrides a profile's IPv4 only", async () => {
    await setUp();
    const { code, report } = await check('Dual over IPv4', ['-6']);
    expect(code).toBe(EXIT_CODES.ok);
    expect(report?.request.family).toBe(6);
    expect(v6.connections).toBe(1);
    expect(v4.connections).toBe(0);
  });

  it("--source-ip with -6 overrides a profile's IPv4 source address", async () => {
    await setUp();
    const { code, report } = await check('Dual from 127.0.0.1', ['--source-ip', '::1', '-6']);
    expect(code).toBe(EXIT_CODES.ok);
    expect(report?.request.sourceAddress).toBe('::1');
    expect(report?.source.localAddress).toBe('::1');
    expect(v6.remoteAddresses).toEqual(['::1']);
  });

  it('-4 with -6 is refused with a profile too, nothing sent', async () => {
    await setUp();
    const { code, stderr } = await check('Dual any', ['-4', '-6']);
    expect(code).toBe(EXIT_CODES.usage);
    expect(stderr).toMatch(/-4\/-6: -4 and -6 cannot be used together/);
    expect(v4.connections + v6.connections).toBe(0);
  });
});
