/**
 * Browser mode listens on 127.0.0.1 only (README, ARCHITECTURE "Who may talk to it"): the socket
 * itself, not just the printed address. A listener on every address (0.0.0.0 or ::) would also
 * take connections on 127.0.0.2 and ::1, which stand in here for the machine's other addresses
 * (tests reach loopback only).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode } from '../../../electron/serve/server.ts';
import type { BrowserMode } from '../../../electron/serve/server.ts';
import { fakeHandlers } from '../../helpers/fake-handlers.ts';

let base: string;
let mode: BrowserMode;

/** 'connected', or the error code of the refused connection. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** True when this machine has ::1 to listen on (a container may have IPv6 off). */
function ipv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}

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
