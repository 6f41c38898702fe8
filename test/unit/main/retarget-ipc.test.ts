/**
 * The retarget attack through the desktop app's IPC handler table (fake `electron`, our window's
 * top frame as the sender, the real service over a temporary data folder with the fake
 * safeStorage): a save that re-points a profile forgets its password, and a profile re-pointed
 * behind the app's back (profiles.json edited, app started again) runs without the password,
 * AUTH refused with auth.password-rebound. The capture server on loopback never gets the canary.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServiceHandlers } from '../../../electron/engine/service/index.ts';
import type { InvokeChannel, InvokeInput, InvokeOutputs } from '../../../shared/ipc/contract.ts';
import type { Result } from '../../../shared/ipc/result.ts';
import { value } from '../../helpers/service-table.ts';
import { DNS_PEER_SERVER } from '../../helpers/dns-peer.ts';
import type { HostileServer } from '../../helpers/hostile-server.ts';
import { CANARY, canaryFormsReceived, editProfileOnDisk, goodFields, retargetedFields, startCaptureServer, startGoodServer, type GoodServer } from '../../helpers/retarget.ts';
import { createFakeElectron } from './fake-electron.ts';
import type { FakeElectron } from './fake-electron.ts';

const fake = vi.hoisted(() => ({ current: undefined as unknown as FakeElectron }));
vi.mock('electron', () => {
  fake.current = createFakeElectron();
  return { ...fake.current.electron, default: fake.current.electron };
});

const { startApp } = await import('../../../electron/main/app.ts');

let dir: string;
let good: GoodServer;
let capture: HostileServer;
const disposers: (() => Promise<void>)[] = [];

type Ipc = <C extends InvokeChannel>(channel: C, input: InvokeInput<C>) => Promise<Result<InvokeOutputs[C]>>;

/** Starts the app with the real service on `dir`; calls go through the registered IPC handlers from our top frame. */
async function startDesktop(): Promise<Ipc> {
  fake.current.reset();
  const started = startApp({
    outDir: '/app/out',
    env: {},
    createService: (deps) => {
      const handlers = createServiceHandlers({ ...deps, dataDir: dir, runDefaults: { dnsServer: DNS_PEER_SERVER, publicIpResolvers: [] } });
      disposers.push(() => handlers.dispose());
      return { handlers, dispose: () => handlers.dispose() };
    },
  });
  await started?.ready;
  const window = fake.current.state.windows[0]!;
  const event = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
  return (channel, input) => fake.current.state.ipcHandlers.get(channel)!(event, input) as Promise<Result<never>>;
}

beforeAll(async () => {
  good = await startGoodServer();
});
afterAll(async () => {
  await good.close();
});
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-ipc-retarget-'));
  capture = await startCaptureServer();
});
afterEach(async () => {
  await Promise.all(disposers.splice(0).map((d) => d()));
  await capture.close();
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('the retarget attack over IPC', () => {
  it('profiles/save that re-points a profile forgets its password; run/start is refused before any connection', async () => {
    const ipc = await startDesktop();
    const saved = value(await ipc('profiles/save', { fields: goodFields(good), password: CANARY }));
    const first = value(await ipc('run/start', { runId: crypto.randomUUID(), profileId: saved.id }));
    expect(first.report?.steps.find((s) => s.id === 'auth')?.status).toBe('pass');

    const moved = value(await ipc('profiles/save', { id: saved.id, fields: retargetedFields(good, capture) }));
    const run = await ipc('run/start', { runId: crypto.randomUUID(), profileId: saved.id });
    expect(canaryFormsReceived(capture)).toEqual([]);
    expect(capture.connections).toBe(0);
    expect(moved).toMatchObject({ hasPassword: false, passwordDiscarded: true });
    expect(run).toMatchObject({ ok: false, error: { code: 'ESECRETS' } });
  });

  it('a profile re-pointed in profiles.json behind the app runs without the password: AUTH refused, nothing of it sent', async () => {
    const before = await startDesktop();
    const saved = value(await before('profiles/save', { fields: goodFields(good), password: CANARY }));
    await Promise.all(disposers.splice(0).map((d) => d()));
    await editProfileOnDisk(dir, saved.id, retargetedFields(good, capture));

    const ipc = await startDesktop();
    const state = value(await ipc('run/start', { runId: crypto.randomUUID(), profileId: saved.id }));
    expect(canaryFormsReceived(capture)).toEqual([]);
    expect(capture.lines.filter((l) => /^AUTH/i.test(l))).toEqual([]);
    expect(capture.connections).toBe(1);
    expect(state.report?.smtp?.auth).toMatchObject({ attempted: false, skippedReason: 'secret-rebound' });
    expect(state.report?.findings.map((f) => f.code)).toContain('auth.password-rebound');
    expect(state.report?.findings.find((f) => f.code === 'auth.password-rebound')?.message).toContain(`enter it again for 127.0.0.1 port ${capture.port}`);
  });
});
