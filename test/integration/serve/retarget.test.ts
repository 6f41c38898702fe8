/**
 * The retarget attack over the real WebSocket bridge (browser mode with the real handler table, a
 * memory secret store and a temporary data folder), as a page with the token would try it: save a
 * profile with the canary password for a real server, re-save it without a password pointed at a
 * capture server on another loopback port in plain text with plaintext AUTH allowed, and run it.
 * The password is forgotten by that save, the run is refused, and the capture server gets nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHandlers, memorySecretStore, type ServiceHandlers } from '../../../electron/engine/service/index.ts';
import { startBrowserMode, type BrowserMode } from '../../../electron/serve/server.ts';
import { value } from '../../helpers/service-table.ts';
import { createBridgeClient, type BridgeClient } from '../../../renderer/services/ws-client.ts';
import { DNS_PEER_SERVER } from '../../helpers/dns-peer.ts';
import type { HostileServer } from '../../helpers/hostile-server.ts';
import { CANARY, canaryFormsReceived, goodFields, retargetedFields, startCaptureServer, startGoodServer, type GoodServer } from '../../helpers/retarget.ts';

let base: string;
let mode: BrowserMode;
let service: ServiceHandlers | undefined;
let api: BridgeClient;
let good: GoodServer;
let capture: HostileServer;

/** Like the page: open the address with the token once, then talk over the WebSocket with the cookie it set. */
async function connect(): Promise<BridgeClient> {
  const origin = `http://127.0.0.1:${mode.port}`;
  const page = await fetch(`${origin}/?token=${mode.token}`, { redirect: 'manual' });
  const cookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  return createBridgeClient({
    url: `ws://127.0.0.1:${mode.port}/api?token=${mode.token}`,
    connect: (u) => new WebSocket(u, { headers: { origin, cookie } }),
    backoff: { initialMs: 20, maxMs: 100 },
    warn: () => {},
  });
}

beforeAll(async () => {
  base = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-retarget-'));
  const rendererDir = path.join(base, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>SMTP Probe</title>');
  const dataDir = path.join(base, 'data');
  mode = await startBrowserMode({
    rendererDir,
    handlers: (emit) => (service = createServiceHandlers({ dataDir, secrets: memorySecretStore(), emit, host: 'browser', runDefaults: { dnsServer: DNS_PEER_SERVER, publicIpResolvers: [] } })),
  });
  api = await connect();
  good = await startGoodServer();
  capture = await startCaptureServer();
});
afterAll(async () => {
  api.close();
  await mode.close();
  await service?.dispose();
  await Promise.all([good.close(), capture.close()]);
  rmSync(base, { recursive: true, force: true });
});

describe('a saved password re-pointed over the WebSocket bridge', () => {
  it('is forgotten by the save that re-points it: run/start is refused and the capture server receives no form of it', async () => {
    const saved = value(await api.invoke('profiles/save', { fields: goodFields(good), password: CANARY }));
    expect(saved.hasPassword).toBe(true);
    const first = value(await api.invoke('run/start', { runId: crypto.randomUUID(), profileId: saved.id }));
    expect(first.report?.steps.find((s) => s.id === 'auth')?.status).toBe('pass');
    expect(good.logins).toEqual(['canary-user-b1nd']);

    const moved = value(await api.invoke('profiles/save', { id: saved.id, fields: retargetedFields(good, capture) }));
    const run = await api.invoke('run/start', { runId: crypto.randomUUID(), profileId: saved.id });
    expect(canaryFormsReceived(capture)).toEqual([]);
    expect(capture.lines.filter((l) => /^AUTH/i.test(l))).toEqual([]);
    expect(moved).toMatchObject({ hasPassword: false, passwordDiscarded: true });
    expect(run).toMatchObject({ ok: false, error: { code: 'ESECRETS', field: 'password' } });

    // A duplicate gets no password: re-pointed, it has none to send either.
    const back = value(await api.invoke('profiles/save', { id: saved.id, fields: goodFields(good), password: CANARY }));
    const copy = value(await api.invoke('profiles/duplicate', { id: back.id }));
    expect(copy.hasPassword).toBe(false);
    value(await api.invoke('profiles/save', { id: copy.id, fields: { ...retargetedFields(good, capture), name: copy.name } }));
    expect(await api.invoke('run/start', { runId: crypto.randomUUID(), profileId: copy.id })).toMatchObject({ ok: false, error: { code: 'ESECRETS' } });
    expect(canaryFormsReceived(capture)).toEqual([]);
  });
});
