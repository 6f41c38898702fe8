/**
 * Through the one gate every host uses (dispatchInvoke): a profile's Source address reaches the
 * socket (the server sees it), and `run/start` with `family` runs the profile over one IP version
 * (the wizard's "Both IP versions" runs it once with each), refused where the profile fixes the
 * version itself. Real listeners on 127.0.0.1 and ::1, the DNS peer's dual.probe.test.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../../../electron/engine/service/dispatch.ts';
import type { ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import { emptyProfileFields, type ProfileFields } from '../../../../shared/profile.ts';
import { DNS_PEER_SERVER, DNS_ZONE, dualAvailable } from '../../../helpers/dns-peer.ts';
import { startHostileServer, type HostileServer } from '../../../helpers/hostile-server.ts';
import { describeWithPeer } from '../../../helpers/peers.ts';
import { browserService, value } from '../../../helpers/service-table.ts';
import { script } from '../../../helpers/smtp-script.ts';

let dir: string;
let service: ServiceHandlers;
const servers: HostileServer[] = [];

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-run-family-'));
  service = browserService(dir, { openExternal: async () => undefined });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await service?.dispose();
  await fsp.rm(dir, { recursive: true, force: true });
});

async function listen(host: string, port?: number): Promise<HostileServer> {
  const server = await startHostileServer({ greeting: '220 family.test ESMTP\r\n', onLine: script({}) }, { host, ...(port !== undefined ? { port } : {}) });
  servers.push(server);
  return server;
}

async function profile(fields: Partial<ProfileFields>): Promise<string> {
  const all = { ...emptyProfileFields(), name: `p-${crypto.randomUUID()}`, security: 'none' as const, ehloName: 'client.smtp-probe.test', dnsServer: DNS_PEER_SERVER, stopAfter: 'ehlo' as const, ...fields };
  return value(await service['profiles/save']({ fields: all })).id;
}

describe("a profile's Source address", () => {
  it('is the address the server sees, and the run reports it', async () => {
    const server = await listen('127.0.0.1');
    const profileId = await profile({ targetKind: 'host', target: '127.0.0.1', port: server.port, sourceAddress: '127.0.0.2' });
    const done = value(await dispatchInvoke(service, 'run/start', { runId: crypto.randomUUID(), profileId }));
    expect(done.report?.exitCode).toBe(0);
    expect(server.remoteAddresses).toEqual(['127.0.0.2']);
    expect(done.report?.source.localAddress).toBe('127.0.0.2');
  });

  it('makes run/start with a family refused (it fixes one version), before anything connects', async () => {
    const server = await listen('127.0.0.1');
    const profileId = await profile({ targetKind: 'host', target: '127.0.0.1', port: server.port, sourceAddress: '127.0.0.2' });
    const refused = await dispatchInvoke(service, 'run/start', { runId: crypto.randomUUID(), profileId, family: 6 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'family' } });
    expect(refused.ok ? '' : refused.error.message).toContain('the source address 127.0.0.2 has one IP version');
    expect(server.connections).toBe(0);
  });
});

await describeWithPeer('the DNS peer with dual.probe.test (test/peers/dns; restart it after a zone change)', dualAvailable, 'run/start over one IP version', () => {
  it('family 6 then 4: each run dials its version of the name and says so in its report', async () => {
    const v4 = await listen('127.0.0.1');
    const v6 = await listen('::1', v4.port);
    const profileId = await profile({ targetKind: 'host', target: DNS_ZONE.dual.name, port: v4.port });
    const six = value(await dispatchInvoke(service, 'run/start', { runId: crypto.randomUUID(), profileId, family: 6 }));
    const four = value(await dispatchInvoke(service, 'run/start', { runId: crypto.randomUUID(), profileId, family: 4 }));
    expect(v6.remoteAddresses).toEqual(['::1']);
    expect(v4.remoteAddresses).toEqual(['127.0.0.1']);
    expect(six.report).toMatchObject({ exitCode: 0, target: { address: '::1' }, request: { family: 6 } });
    expect(four.report).toMatchObject({ exitCode: 0, target: { address: '127.0.0.1' }, request: { family: 4 } });
  });
});
