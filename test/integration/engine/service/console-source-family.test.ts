/**
 * The manual console resolves the server's name as a run does (the profile's DNS server, the IP
 * version of -4/-6 or of the source address), so a name with only the other version's addresses
 * fails to open with the run's connect.source-family words, nothing sent. Against the DNS peer.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createServiceHandlers, type ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import { emptyProfileFields, type ProfileFields } from '../../../../shared/profile.ts';
import { DNS_PEER_SERVER, DNS_ZONE, dnsPeerAvailable, dualAvailable } from '../../../helpers/dns-peer.ts';
import { startHostileServer, type HostileServer } from '../../../helpers/hostile-server.ts';
import { describeWithPeer } from '../../../helpers/peers.ts';
import { value } from '../../../helpers/service-table.ts';
import { script } from '../../../helpers/smtp-script.ts';
import { xorSecretStore } from '../../../unit/engine/store/xor-secret-store.ts';

let dir: string;
let service: ServiceHandlers;
let server: HostileServer;
let transcript: string[] = [];
const consoles: string[] = [];

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-console-family-'));
  service = createServiceHandlers({
    dataDir: dir,
    secrets: xorSecretStore(),
    emit: (channel, payload) => {
      if (channel === 'console/transcript') transcript.push(...(payload as { events: { text: string }[] }).events.map((e) => e.text));
    },
    host: 'browser',
  });
  server = await startHostileServer({ greeting: '220 family.test ESMTP\r\n', onLine: script({}) });
});

afterEach(async () => {
  for (const consoleId of consoles.splice(0)) await service['console/close']({ consoleId });
  transcript = [];
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
  await fsp.rm(dir, { recursive: true, force: true });
});

async function open(target: string, extra: Partial<ProfileFields>) {
  const fields: ProfileFields = { ...emptyProfileFields(), name: `Family ${target}`, targetKind: 'host', target, port: server.port, security: 'none', dnsServer: DNS_PEER_SERVER, ...extra };
  const profile = value(await service['profiles/save']({ fields }));
  const consoleId = crypto.randomUUID();
  consoles.push(consoleId);
  return value(await service['console/open']({ consoleId, profileId: profile.id }));
}

await describeWithPeer('the DNS peer (dnsmasq, test/peers/dns)', dnsPeerAvailable, 'the console over one IP version, a name with only the other', () => {
  const name = DNS_ZONE.ptr.confirmed6.name;
  it.each([
    ['an IPv4 source address', { sourceAddress: '127.0.0.1' }, `The source address 127.0.0.1 is IPv4 but ${name} has only IPv6 addresses, so nothing was sent.`],
    ['IPv4 only', { family: 4 as const }, `IPv4 only was asked for, but ${name} has only IPv6 addresses, so nothing was sent.`],
  ])('%s: the run\'s connect.source-family words, no session, nothing sent', async (_case, extra, message) => {
    const linesBefore = server.lines.length;
    const opened = await open(name, extra);
    expect(opened.greeting).toBeUndefined();
    expect(opened.error).toEqual({ code: 'EDNS', message });
    expect(opened.allowed).toEqual([]);
    expect(transcript).toContain(message);
    expect(server.lines.length).toBe(linesBefore);
  });

  it('a name the profile\'s DNS server resolves (and the system does not) opens over the source address\'s version', async (ctx) => {
    if (!(await dualAvailable())) ctx.skip();
    const opened = await open(DNS_ZONE.dual.name, { sourceAddress: '127.0.0.1' });
    expect(opened.error).toBeUndefined();
    expect(opened.greeting?.code).toBe(220);
    expect(opened.target?.host).toBe(DNS_ZONE.dual.name);
  });
});
