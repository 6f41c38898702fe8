/**
 * Browser mode listens on 127.0.0.1 only (README, ARCHITECTURE "Who may talk to it"): the socket
 * itself, not just the printed address (helpers/reachable-from.ts says how that is told apart).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode } from '../../../electron/serve/server.ts';
import type { BrowserMode } from '../../../electron/serve/server.ts';
import { fakeHandlers } from '../../helpers/fake-handlers.ts';
import { ipv6Loopback, tryConnect } from '../../helpers/reachable-from.ts';

let base: string;
let mode: BrowserMode;

beforeAll(async () => {
  base = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-serve-loopback-'));
  writeFileSync(path.join(base, 'index.html'), '<!doctype html><title>SMTP Probe</title>');
  mode = await startBrowserMode({ rendererDir: base, handlers: fakeHandlers().handlers });
});
afterAll(async () => {
  await mode.close();
  rmSync(base, { recursive: true, force: true });
});

describe('browser mode listens on 127.0.0.1 only', () => {
  it('takes a connection on 127.0.0.1 and refuses one on another IPv4 address of the machine', async () => {
    expect(await tryConnect('127.0.0.1', mode.port)).toBe('connected');
    expect(await tryConnect('127.0.0.2', mode.port)).toBe('ECONNREFUSED');
  });

  it('refuses a connection over IPv6', async (ctx) => {
    if (!(await ipv6Loopback())) return ctx.skip();
    expect(await tryConnect('::1', mode.port)).toBe('ECONNREFUSED');
  });
});
