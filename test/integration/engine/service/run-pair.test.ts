/**
 * Both IP versions kept as one item, through the gate every host uses (dispatchInvoke): the profile
 * runs over IPv4, then over IPv6 with `pairWith`, against real listeners on 127.0.0.1 and ::1 and
 * the DNS peer's dual.probe.test (A 127.0.0.1, AAAA ::1). Recent runs lists the pair once, it
 * reopens compared, it exports in every format with the comparison first and both transcripts
 * after, scrubbed of the password, and its JSON export opens again as a pair.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { dispatchInvoke } from '../../../../electron/engine/service/dispatch.ts';
import type { ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import { emptyProfileFields, type ProfileFields } from '../../../../shared/profile.ts';
import { REPORT_FORMATS } from '../../../../shared/report-format.ts';
import { DNS_PEER_SERVER, DNS_ZONE, dualAvailable } from '../../../helpers/dns-peer.ts';
import { CANARY, ECHO_USER, expectNoSecret, leakedForms } from '../../../helpers/echo-auth-server.ts';
import { startHostileServer, type HostileServer, type ScenarioContext } from '../../../helpers/hostile-server.ts';
import { describeWithPeer } from '../../../helpers/peers.ts';
import { browserService, value } from '../../../helpers/service-table.ts';
import { script } from '../../../helpers/smtp-script.ts';

let dir: string;
let service: ServiceHandlers;
const servers: HostileServer[] = [];
/** The AUTH data clients sent to the echoing listeners. */
const pieces: string[] = [];

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-run-pair-'));
  service = browserService(dir);
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await service?.dispose();
  await fsp.rm(dir, { recursive: true, force: true });
});

/** AUTH PLAIN offered in plain text; the answer echoes the client's data back, decoded too. */
const echoAuth = (line: string, ctx: ScenarioContext) => {
  const piece = line.split(' ')[2] ?? '';
  pieces.push(piece);
  ctx.write(`535 5.7.8 you sent ${piece} = ${Buffer.from(piece, 'base64').toString('utf8').replace(/\0/g, ' ')}\r\n`);
};

async function listen(host: string, port?: number): Promise<HostileServer> {
  const scenario = { greeting: '220 pair.test ESMTP\r\n', onLine: script({ AUTH: echoAuth }, { extensions: ['AUTH PLAIN', 'ENHANCEDSTATUSCODES'] }) };
  const server = await startHostileServer(scenario, { host, ...(port !== undefined ? { port } : {}) });
  servers.push(server);
  return server;
}

async function profile(port: number, fields: Partial<ProfileFields> = {}, password?: string): Promise<string> {
  const all = { ...emptyProfileFields(), name: `pair-${crypto.randomUUID()}`, targetKind: 'host' as const, target: DNS_ZONE.dual.name, port, security: 'none' as const, ehloName: 'client.smtp-probe.test', dnsServer: DNS_PEER_SERVER, stopAfter: 'ehlo' as const, ...fields };
  return value(await service['profiles/save']({ fields: all, ...(password !== undefined ? { password } : {}) })).id;
}

/** What the wizard's Both IP versions does: IPv4, then IPv6 paired with it. */
async function runBoth(profileId: string): Promise<{ pairId: string; ipv4: string; ipv6: string }> {
  const ids = { pairId: crypto.randomUUID(), ipv4: crypto.randomUUID(), ipv6: crypto.randomUUID() };
  value(await dispatchInvoke(service, 'run/start', { runId: ids.ipv4, profileId, family: 4 }));
  value(await dispatchInvoke(service, 'run/start', { runId: ids.ipv6, profileId, family: 6, pairWith: { pairId: ids.pairId, runId: ids.ipv4 } }));
  return ids;
}

const exportOf = async (profileId: string, pairId: string, format: (typeof REPORT_FORMATS)[number]) => value(await dispatchInvoke(service, 'export/render', { profileId, pairId, format }));

await describeWithPeer('the DNS peer with dual.probe.test (test/peers/dns; restart it after a zone change)', dualAvailable, 'a check over both IP versions, saved and exported as one', () => {
  it('only the IPv4 listener: one item in Recent runs, reopened with the AAAA finding, exported comparison first', async () => {
    const v4 = await listen('127.0.0.1');
    const profileId = await profile(v4.port);
    const ids = await runBoth(profileId);

    const list = value(await dispatchInvoke(service, 'runs/list', { profileId }));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ runId: ids.ipv4, outcome: 'fail', pair: { pairId: ids.pairId, runIds: { ipv4: ids.ipv4, ipv6: ids.ipv6 }, outcomes: { ipv4: 'pass', ipv6: 'fail' } } });
    expect(list[0]?.exitCode).not.toBe(0);

    const { comparison, runIds } = value(await dispatchInvoke(service, 'runs/get-pair', { profileId, pairId: ids.pairId }));
    expect(runIds).toEqual({ ipv4: ids.ipv4, ipv6: ids.ipv6 });
    expect(comparison.outcomes).toEqual({ ipv4: 'pass', ipv6: 'fail' });
    expect(comparison.ipv6.findings[0]?.message).toBe(`IPv6 fails while IPv4 works: the AAAA record of dual.probe.test points to ::1, where nothing listens on port ${v4.port}.`);

    const text = (await exportOf(profileId, ids.pairId, 'txt')).text;
    const table = text.indexOf('Over IPv4 and IPv6');
    expect(text.split('\n')[0]).toBe(`IPv6 fails while IPv4 works: the AAAA record of dual.probe.test points to ::1, where nothing listens on port ${v4.port}. Exit code ${comparison.exitCode}.`);
    expect(text).toMatch(/ {2}IPv4 +127\.0\.0\.1 +works +[\d.]+ ms +-/);
    expect(text).toMatch(/ {2}IPv6 +::1 +fails \(exit \d+\) +[\d.]+ ms +TCP connection: .+refused/);
    const four = text.indexOf('======== Over IPv4 ========');
    const six = text.indexOf('======== Over IPv6 ========');
    expect(table).toBeGreaterThan(0);
    expect(four).toBeGreaterThan(table);
    expect(six).toBeGreaterThan(four);
    expect(text.slice(four, six)).toContain('<- 220 pair.test ESMTP');
    expect(text.slice(six)).toMatch(/ECONNREFUSED|refused/);

    const md = (await exportOf(profileId, ids.pairId, 'md')).text;
    expect(md).toMatch(/\| IPv6 \| ::1 \| fails \(exit \d+\) \| [\d.]+ ms \| TCP connection: /);
    expect(md.indexOf('## Over IPv4 and IPv6')).toBeLessThan(md.indexOf('## Over IPv4\n'));
    expect(md.indexOf('## Over IPv4\n')).toBeLessThan(md.indexOf('## Over IPv6\n'));
    expect(md).toContain('### Transcript');

    const html = await exportOf(profileId, ids.pairId, 'html');
    expect(html.mime).toBe('text/html; charset=utf-8');
    expect(html.fileName).toMatch(/^smtp-probe-dual\.probe\.test-ipv4-ipv6-\d{8}T\d{6}Z\.html$/);
    expect(html.text).toContain('<table class="families">');
    expect(html.text.indexOf('<h2>Over IPv4 and IPv6</h2>')).toBeLessThan(html.text.indexOf('<h2>Over IPv4</h2>'));
    expect(html.text).not.toMatch(/<script/i);

    // The JSON export is a pair file: it opens again as one, compared, and shown from its IPv4 run.
    const json = await exportOf(profileId, ids.pairId, 'json');
    const opened = value(await dispatchInvoke(service, 'report/open', { text: json.text, fileName: json.fileName }));
    expect(opened.comparison?.outcomes).toEqual({ ipv4: 'pass', ipv6: 'fail' });
    expect(opened.report.target.address).toBe('127.0.0.1');
    expect(opened.comparison?.ipv6.findings.map((f) => f.code)).toContain('connect.family-split');
  });

  it('only the IPv6 listener: the sidebar\'s last result (runs/latest) is the pair\'s fail, not the newest IPv6 run\'s pass', async () => {
    const v6 = await listen('::1');
    const profileId = await profile(v6.port);
    const ids = await runBoth(profileId);
    // The IPv6 run alone passed: it is the newest file, so the newest run alone would show a pass.
    expect(value(await dispatchInvoke(service, 'runs/get', { profileId, runId: ids.ipv6 })).exitCode).toBe(0);
    const latest = value(await dispatchInvoke(service, 'runs/latest', {}))[profileId];
    expect(latest).toMatchObject({ runId: ids.ipv4, outcome: 'fail', pair: { pairId: ids.pairId, outcomes: { ipv4: 'fail', ipv6: 'pass' } } });
  });

  it('both listeners with AUTH echoed: every export of the pair holds no form of the password, the user name shows', async () => {
    const v4 = await listen('127.0.0.1');
    await listen('::1', v4.port);
    const profileId = await profile(v4.port, { authUser: ECHO_USER, authMechanism: 'PLAIN', allowPlaintextAuth: true, stopAfter: 'auth' }, CANARY);
    const ids = await runBoth(profileId);
    expect(pieces.length).toBe(2);
    const { comparison } = value(await dispatchInvoke(service, 'runs/get-pair', { profileId, pairId: ids.pairId }));
    expect(comparison.ipv4.target.address).toBe('127.0.0.1');
    expect(comparison.ipv6.target.address).toBe('::1');
    const forms = leakedForms(CANARY, pieces);
    for (const format of REPORT_FORMATS) {
      const { text } = await exportOf(profileId, ids.pairId, format);
      expectNoSecret(text, forms, `the ${format} export of the pair`);
      expect(text).toContain(ECHO_USER);
      expect(text).toContain('[redacted]');
    }
  });

  it('a second run stopped by the user is not paired: both runs are listed on their own', async () => {
    const v4 = await listen('127.0.0.1');
    // Over IPv6 the connection opens and no greeting comes, so the run waits until Stop.
    const silent = await startHostileServer({ onLine: () => undefined }, { host: '::1', port: v4.port });
    servers.push(silent);
    const profileId = await profile(v4.port);
    const ids = { pairId: crypto.randomUUID(), ipv4: crypto.randomUUID(), ipv6: crypto.randomUUID() };
    value(await dispatchInvoke(service, 'run/start', { runId: ids.ipv4, profileId, family: 4 }));
    const second = dispatchInvoke(service, 'run/start', { runId: ids.ipv6, profileId, family: 6, pairWith: { pairId: ids.pairId, runId: ids.ipv4 } });
    await expect.poll(() => silent.connections).toBe(1);
    value(await dispatchInvoke(service, 'run/cancel', { runId: ids.ipv6 }));
    expect(value(await second).report?.interrupted?.reason).toBe('cancelled');
    const list = value(await dispatchInvoke(service, 'runs/list', { profileId }));
    expect(list.map((s) => s.runId).sort()).toEqual([ids.ipv4, ids.ipv6].sort());
    expect(list.every((s) => s.pair === undefined)).toBe(true);
    expect(await dispatchInvoke(service, 'runs/get-pair', { profileId, pairId: ids.pairId })).toMatchObject({ ok: false, error: { code: 'ENOTFOUND' } });
  });

  it('refuses to pair with a run over the same version, or one that is not of this profile, before anything connects', async () => {
    const v4 = await listen('127.0.0.1');
    const profileId = await profile(v4.port);
    const first = crypto.randomUUID();
    value(await dispatchInvoke(service, 'run/start', { runId: first, profileId, family: 4 }));
    const same = await dispatchInvoke(service, 'run/start', { runId: crypto.randomUUID(), profileId, family: 4, pairWith: { pairId: crypto.randomUUID(), runId: first } });
    expect(same).toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'pairWith' } });
    const other = await profile(v4.port);
    const elsewhere = await dispatchInvoke(service, 'run/start', { runId: crypto.randomUUID(), profileId: other, family: 6, pairWith: { pairId: crypto.randomUUID(), runId: first } });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'ENOTFOUND', field: 'pairWith' } });
    const noFamily = await dispatchInvoke(service, 'run/start', { runId: crypto.randomUUID(), profileId, pairWith: { pairId: crypto.randomUUID(), runId: first } });
    expect(noFamily).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
    expect(v4.connections).toBe(1);
    expect(value(await dispatchInvoke(service, 'runs/list', { profileId })).every((s) => s.pair === undefined)).toBe(true);
  });
});
