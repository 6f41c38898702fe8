/**
 * Browser mode keeps its launch token to itself: the cookie that carries the session
 * is HttpOnly, SameSite=Strict, Path=/ and named for its port; no log line holds the token, not
 * when a request fails, not when a handler throws; and a handler's exception text never reaches the page.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserMode } from '../../../electron/serve/server.ts';
import type { BrowserMode, BrowserModeOptions } from '../../../electron/serve/server.ts';
import { createBridgeClient } from '../../../renderer/services/ws-client.ts';
import { fakeHandlers } from '../../helpers/fake-handlers.ts';

const started: BrowserMode[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((m) => m.close()));
});

async function start(options: Partial<BrowserModeOptions> = {}): Promise<{ mode: BrowserMode; logged: string[] }> {
  const logged: string[] = [];
  const mode = await startBrowserMode({ rendererDir: '/proc/self', handlers: fakeHandlers().handlers, log: (line) => logged.push(line), ...options });
  started.push(mode);
  return { mode, logged };
}

function get(mode: BrowserMode, target: string): Promise<{ status: number; setCookie: string[] }> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port: mode.port, path: target, headers: { host: `127.0.0.1:${mode.port}` } }, (res) => {
      res.resume();
      const done = () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [] });
      res.once('end', done);
      res.once('error', done);
      res.once('close', done);
    });
    req.once('error', () => resolve({ status: 0, setCookie: [] }));
  });
}

function parseSetCookie(header: string): { name: string; value: string; attributes: string[] } {
  const [pair = '', ...attributes] = header.split(';').map((p) => p.trim());
  const eq = pair.indexOf('=');
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes: attributes.map((a) => a.toLowerCase()).sort() };
}

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/, a session cookie named for the port, set only with the token', async () => {
    const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-cookie-'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>SMTP Probe</title>');
    const { mode } = await start({ rendererDir });
    const other = await start({ rendererDir });
    const first = await get(mode, `/?token=${mode.token}`);
    expect(first.status).toBe(200);
    expect(first.setCookie).toHaveLength(1);
    const cookie = parseSetCookie(first.setCookie[0]!);
    expect(cookie).toEqual({ name: `smtp_probe_token_${mode.port}`, value: mode.token, attributes: ['httponly', 'path=/', 'samesite=strict'] });
    // Cookies are shared by every port of 127.0.0.1: a second launch must not overwrite the first one's.
    expect(parseSetCookie((await get(other.mode, `/?token=${other.mode.token}`)).setCookie[0]!).name).toBe(`smtp_probe_token_${other.mode.port}`);
    expect((await get(mode, '/')).setCookie).toEqual([]);
    rmSync(rendererDir, { recursive: true, force: true });
  });
});

describe('logs never hold the token', () => {
  it.runIf(process.platform === 'linux')('a request that fails while the file is read is logged by path only', async () => {
    const { mode, logged } = await start();
    // /proc/self/mem stats as a regular file, and reading it at offset 0 fails with EIO.
    await get(mode, `/mem?token=${mode.token}`);
    await expect.poll(() => logged.some((l) => l.includes('GET /mem'))).toBe(true);
    expect(logged.join('\n')).not.toContain(mode.token);
    expect(logged.join('\n')).not.toContain('token=');
  });

  it('a handler that throws: the page gets a generic text and a reference, the log the detail without the token', async () => {
    const { handlers } = fakeHandlers({
      'app/info': async () => {
        throw new Error(`cannot read C:\\Users\\me\\profiles.json while serving http://127.0.0.1/?token=${token}`);
      },
    });
    let token = '';
    const { mode, logged } = await start({ handlers });
    token = mode.token;
    const client = createBridgeClient({
      url: `ws://127.0.0.1:${mode.port}/api?token=${mode.token}`,
      connect: (u) => new WebSocket(u, { headers: { origin: `http://127.0.0.1:${mode.port}` } }),
      warn: () => {},
    });
    try {
      const result = await client.invoke('app/info', {});
      expect(result).toEqual({ ok: false, error: { code: 'EINTERNAL', message: expect.stringMatching(/^Internal error in app\/info \(reference ([0-9a-f]{8})\); the details are in the log/) } });
      expect(JSON.stringify(result)).not.toMatch(/profiles\.json|Users|token=/);
      const ref = /reference ([0-9a-f]{8})/.exec(JSON.stringify(result))![1]!;
      const line = logged.find((l) => l.includes(ref));
      expect(line).toContain('cannot read C:\\Users\\me\\profiles.json while serving http://127.0.0.1/?token=[token]');
      expect(logged.join('\n')).not.toContain(mode.token);
    } finally {
      client.close();
    }
  });
});
