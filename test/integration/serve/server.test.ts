import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode } from '../../../electron/serve/server.ts';
import type { BrowserMode } from '../../../electron/serve/server.ts';
import { tokenCookieName } from '../../../electron/serve/request-guard.ts';
import { createBridgeClient } from '../../../renderer/services/ws-client.ts';
import type { BridgeClient } from '../../../renderer/services/ws-client.ts';
import { fakeHandlers } from '../../helpers/fake-handlers.ts';

let base: string;
let rendererDir: string;
let mode: BrowserMode;
const fake = fakeHandlers();

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: mode.port, path: pathname, method, headers: { host: `127.0.0.1:${mode.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when the WebSocket opened. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => resolve(0));
  });
}

function client(url = `ws://127.0.0.1:${mode.port}/api?token=${mode.token}`): BridgeClient {
  return createBridgeClient({
    url,
    connect: (u) => new WebSocket(u, { headers: { origin: `http://127.0.0.1:${mode.port}` } }),
    backoff: { initialMs: 20, maxMs: 100 },
    warn: () => {},
  });
}

beforeAll(async () => {
  base = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-serve-'));
  rendererDir = path.join(base, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>SMTP Probe</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(base, 'secret.txt'), 'top secret');
  mode = await startBrowserMode({ rendererDir, handlers: fake.handlers });
});
afterAll(async () => {
  await mode.close();
  rmSync(base, { recursive: true, force: true });
});

describe('browser mode over HTTP', () => {
  it('listens on 127.0.0.1 and prints the URL with its token', () => {
    expect(mode.url).toBe(`http://127.0.0.1:${mode.port}/?token=${mode.token}`);
    expect(Buffer.from(mode.token, 'base64url')).toHaveLength(32);
  });

  it('serves the page with the token, with the CSP, and sets the cookie for the assets', async () => {
    const page = await request(`/?token=${mode.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>SMTP Probe</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${mode.port}`);
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain(`${tokenCookieName(mode.port)}=${mode.token}`);
    expect(cookie).toContain('HttpOnly');

    const asset = await request('/assets/app.js', { cookie: `${tokenCookieName(mode.port)}=${mode.token}` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.body).toBe('console.log(1)');
  });

  it.each([
    ['no token', '/'],
    ['a wrong token', '/?token=wrong'],
    ['a token one character short', 'TOKEN-SHORT'],
    ['an asset without the cookie', '/assets/app.js'],
  ])('refuses %s with 403', async (_what, pathname) => {
    const target = pathname === 'TOKEN-SHORT' ? `/?token=${mode.token.slice(1)}` : pathname;
    const reply = await request(target);
    expect(reply.status).toBe(403);
    expect(reply.body).not.toContain('SMTP Probe</title>');
  });

  it.each(['evil.test', `evil.test:${0}`, '127.0.0.1', `127.0.0.2:PORT`, `localhost.evil.test:PORT`])('refuses the Host header %s with 403 (DNS rebinding)', async (host) => {
    const reply = await request(`/?token=${mode.token}`, { host: host.replace('PORT', String(mode.port)) });
    expect(reply.status).toBe(403);
  });

  it('accepts localhost:<port> as Host', async () => {
    expect((await request(`/?token=${mode.token}`, { host: `localhost:${mode.port}` })).status).toBe(200);
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%2fsecret.txt'])('refuses the traversal %s', async (pathname) => {
    const reply = await request(`${pathname}?token=${mode.token}`);
    expect([403, 404]).toContain(reply.status);
    expect(reply.body).not.toContain('top secret');
  });

  it('refuses non-GET requests from a foreign origin with 403 and from its own with 405', async () => {
    expect((await request(`/?token=${mode.token}`, { origin: 'http://evil.test' }, 'POST')).status).toBe(403);
    expect((await request(`/?token=${mode.token}`, {}, 'POST')).status).toBe(403);
    expect((await request(`/?token=${mode.token}`, { origin: `http://127.0.0.1:${mode.port}` }, 'POST')).status).toBe(405);
  });
});

describe('browser mode WebSocket', () => {
  it.each([
    ['a foreign Origin', (m: BrowserMode) => ({ url: `ws://127.0.0.1:${m.port}/api?token=${m.token}`, headers: { origin: 'http://evil.test' } })],
    ['no Origin', (m: BrowserMode) => ({ url: `ws://127.0.0.1:${m.port}/api?token=${m.token}`, headers: {} })],
    ['a wrong token', (m: BrowserMode) => ({ url: `ws://127.0.0.1:${m.port}/api?token=nope`, headers: { origin: `http://127.0.0.1:${m.port}` } })],
    ['a wrong Host', (m: BrowserMode) => ({ url: `ws://127.0.0.1:${m.port}/api?token=${m.token}`, headers: { origin: 'http://evil.test:80', host: 'evil.test:80' } })],
  ])('refuses the upgrade with %s (403)', async (_what, make) => {
    const { url, headers } = make(mode);
    expect(await upgradeStatus(url, headers)).toBe(403);
  });

  it('accepts the upgrade with the right Origin and token', async () => {
    expect(await upgradeStatus(`ws://127.0.0.1:${mode.port}/api?token=${mode.token}`, { origin: `http://127.0.0.1:${mode.port}` })).toBe(101);
  });

  it('answers invokes through the bridge client and refuses malformed ones', async () => {
    const api = client();
    try {
      expect(await api.invoke('app/info', {})).toEqual({ ok: true, value: { channel: 'app/info', input: {} } });
      const bad = await api.invoke('profiles/delete', { id: 'nope' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'id' } });
      const unknown = await api.invoke('fs/read' as 'app/info', {});
      expect(unknown).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
      const huge = await api.invoke('profiles/import', { json: 'x'.repeat(2 * 1024 * 1024) });
      expect(huge).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
      // The connection survived all of it.
      expect(await api.invoke('sandbox/status', {})).toMatchObject({ ok: true });
    } finally {
      api.close();
    }
  });

  it('answers concurrent requests each with its own result', async () => {
    const api = client();
    try {
      const ids = ['0b8c3a4e-6f38-4b1c-9e0a-5b7f0d6c1a21', '1c9d4b5f-7a49-4c2d-8f1b-6c8a1e7d2b32', '2dae5c6a-8b5a-4d3e-9a2c-7d9b2f8e3c43'];
      const results = await Promise.all(ids.map((id) => api.invoke('profiles/delete', { id })));
      expect(results.map((r) => (r.ok ? (r.value as unknown as { input: { id: string } }).input.id : r.error.code))).toEqual(ids);
    } finally {
      api.close();
    }
  });

  it('delivers events from emit to every listener', async () => {
    const api = client();
    try {
      await api.invoke('app/info', {});
      const got = new Promise((resolve) => api.on('sandbox/event', resolve));
      mode.emit('sandbox/event', { text: 'hello', t: '2026-01-01T00:00:00Z' });
      expect(await got).toEqual({ text: 'hello', t: '2026-01-01T00:00:00Z' });
    } finally {
      api.close();
    }
  });
});

describe('bridge answers that are not JSON', () => {
  it('answers a handler value JSON cannot carry (a BigInt) with EINTERNAL, logged, and the connection goes on', async () => {
    const odd = fakeHandlers({ 'app/info': async () => ({ ok: true, value: { big: 1n } }) });
    const logged: string[] = [];
    const own = await startBrowserMode({ rendererDir, handlers: odd.handlers, log: (line) => logged.push(line) });
    const api = createBridgeClient({
      url: `ws://127.0.0.1:${own.port}/api?token=${own.token}`,
      connect: (u) => new WebSocket(u, { headers: { origin: `http://127.0.0.1:${own.port}` } }),
      backoff: { initialMs: 20, maxMs: 100 },
      warn: () => {},
    });
    try {
      // Without an answer the page would wait for this one forever: the bridge client has no deadline.
      expect(await api.invoke('app/info', {})).toMatchObject({ ok: false, error: { code: 'EINTERNAL', message: expect.stringMatching(/^Internal error in the bridge/) } });
      expect(logged.join('\n')).toMatch(/internal error [0-9a-f]{8} in the bridge: TypeError: Do not know how to serialize a BigInt/);
      expect(await api.invoke('sandbox/status', {})).toMatchObject({ ok: true });
    } finally {
      api.close();
      await own.close();
    }
  });
});

describe('bridge client across a restart', () => {
  it('fails the request in flight with EINTERNAL and reconnects for the next one', async () => {
    let release: (() => void) | undefined;
    const slow = fakeHandlers({ 'app/info': () => new Promise((resolve) => { release = () => resolve({ ok: true, value: 'late' }); }) });
    const dir = rendererDir;
    let first = await startBrowserMode({ rendererDir: dir, handlers: slow.handlers });
    const { port, token } = first;
    const api = createBridgeClient({
      url: `ws://127.0.0.1:${port}/api?token=${token}`,
      connect: (u) => new WebSocket(u, { headers: { origin: `http://127.0.0.1:${port}` } }),
      backoff: { initialMs: 20, maxMs: 100 },
      warn: () => {},
    });
    try {
      const inFlight = api.invoke('app/info', {});
      await expect.poll(() => slow.calls.length).toBe(1);
      await first.close();
      expect(await inFlight).toMatchObject({ ok: false, error: { code: 'EINTERNAL' } });
      release?.();
      first = await startBrowserMode({ rendererDir: dir, handlers: fake.handlers, port, token });
      await expect.poll(() => api.connected, { timeout: 5000 }).toBe(true);
      expect(await api.invoke('app/info', {})).toEqual({ ok: true, value: { channel: 'app/info', input: {} } });
    } finally {
      api.close();
      await first.close();
    }
  });

  it('fails requests with EINTERNAL when nothing listens, and never throws', async () => {
    const api = createBridgeClient({ url: 'ws://127.0.0.1:1/api?token=x', connect: (u) => new WebSocket(u), backoff: { initialMs: 10, maxMs: 50 }, warn: () => {} });
    try {
      expect(await api.invoke('app/info', {})).toMatchObject({ ok: false, error: { code: 'EINTERNAL' } });
    } finally {
      api.close();
    }
    expect(await api.invoke('app/info', {})).toMatchObject({ ok: false, error: { code: 'EINTERNAL' } });
  });
});
