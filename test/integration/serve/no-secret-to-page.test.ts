/**
 * The page never gets a password back (shared/profile.ts: "the renderer only sees hasPassword";
 * console-sessions.ts: "the renderer never sees a password"). Everything browser mode's server
 * sends a page, every answer and every event frame as it crosses the WebSocket, is recorded while
 * a profile is saved with the password, listed, run with AUTH against a real STARTTLS server
 * that checks the password, exported in every format, exported as a profile, and used by the
 * console's AUTH; no frame holds any form of the password. The server's logins prove it was used.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHandlers, memorySecretStore } from '../../../electron/engine/service/index.ts';
import type { ServiceHandlers } from '../../../electron/engine/service/index.ts';
import { secretForms } from '../../../electron/engine/smtp/redact.ts';
import { startBrowserMode } from '../../../electron/serve/server.ts';
import type { BrowserMode } from '../../../electron/serve/server.ts';
import { createBridgeClient } from '../../../renderer/services/ws-client.ts';
import type { BridgeClient } from '../../../renderer/services/ws-client.ts';
import { REPORT_FORMATS } from '../../../shared/export-formats.ts';
import { DNS_PEER_SERVER } from '../../helpers/dns-peer.ts';
import { CANARY, CANARY_USER, goodFields, startGoodServer, type GoodServer } from '../../helpers/retarget.ts';
import { value } from '../../helpers/service-table.ts';

let base: string;
let good: GoodServer;
let service: ServiceHandlers | undefined;
let mode: BrowserMode;
let client: BridgeClient;
/** Every frame the server sent the page, as it arrived. */
const received: string[] = [];

beforeAll(async () => {
  base = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-no-secret-'));
  const rendererDir = path.join(base, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>SMTP Probe</title>');
  good = await startGoodServer();
  mode = await startBrowserMode({
    rendererDir,
    handlers: (emit, log) =>
      (service = createServiceHandlers({ dataDir: path.join(base, 'data'), secrets: memorySecretStore(), emit, log, host: 'browser', runDefaults: { dnsServer: DNS_PEER_SERVER, publicIpResolvers: [] } })),
  });
  client = createBridgeClient({
    url: `ws://127.0.0.1:${mode.port}/api?token=${mode.token}`,
    connect: (url) => {
      const ws = new WebSocket(url, { headers: { origin: `http://127.0.0.1:${mode.port}` } });
      ws.on('message', (data) => received.push(String(data)));
      return ws;
    },
    warn: () => {},
  });
});
afterAll(async () => {
  client.close();
  await mode.close();
  await service?.dispose();
  await good.close();
  rmSync(base, { recursive: true, force: true });
});

describe('what browser mode sends the page', () => {
  it('holds no form of a stored password, through save, list, a run with AUTH, every export and the console', async () => {
    const saved = value(await client.invoke('profiles/save', { fields: goodFields(good), password: CANARY }));
    expect(saved.hasPassword).toBe(true);
    value(await client.invoke('profiles/list', {}));

    const runId = crypto.randomUUID();
    const state = value(await client.invoke('run/start', { runId, profileId: saved.id }));
    expect(state.report?.steps.find((s) => s.id === 'auth')?.status).toBe('pass');
    value(await client.invoke('runs/list', { profileId: saved.id }));
    value(await client.invoke('runs/get', { profileId: saved.id, runId }));
    for (const format of REPORT_FORMATS) {
      value(await client.invoke('export/render', { profileId: saved.id, runId, format }));
      value(await client.invoke('export/save', { profileId: saved.id, runId, format }));
    }
    value(await client.invoke('profiles/export', {}));
    value(await client.invoke('profiles/duplicate', { id: saved.id }));

    const consoleId = crypto.randomUUID();
    value(await client.invoke('console/open', { consoleId, profileId: saved.id }));
    for (const command of ['EHLO', 'STARTTLS', 'EHLO', 'AUTH'] as const) value(await client.invoke('console/command', { consoleId, command, argument: command === 'EHLO' ? 'probe.test' : undefined }));
    value(await client.invoke('console/save-log', { consoleId }));
    value(await client.invoke('console/close', { consoleId }));

    // The password was really used, twice (run and console), so its absence below means something.
    expect(good.logins).toEqual([CANARY_USER, CANARY_USER]);
    expect(received.length).toBeGreaterThan(20);
    const forms = secretForms(CANARY_USER, CANARY);
    const leaks = received.flatMap((frame, i) => forms.filter((form) => frame.includes(form)).map((form) => `frame ${i}: ${form}`));
    expect(leaks).toEqual([]);
  });
});
