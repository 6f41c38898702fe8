/**
 * Browser mode as a real browser sees it: the api.ts fixture page (renderer/services/api.ts alone)
 * served by browser mode with the real handler table, in Chromium.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

type Api = { invoke(channel: string, input: unknown): Promise<unknown> };
type PageGlobals = { smtpProbeApi?: Api; smtpProbeEvents?: unknown[]; smtpProbeEval?: string };

await describeWithPeer('Chromium (/usr/bin/chromium)', chromiumAvailable, 'browser mode in Chromium', () => {
  let app: E2eApp;

  beforeAll(async () => {
    app = await startApp({ rendererDir: inject('apiPageDir') });
    await app.page.waitForFunction(() => (globalThis as PageGlobals).smtpProbeApi !== undefined);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a page loaded with the right token calls app/info through api.ts', async () => {
    const result = await app.page.evaluate(() => (globalThis as PageGlobals).smtpProbeApi!.invoke('app/info', {}));
    expect(result).toMatchObject({ ok: true, value: { host: 'browser', platform: process.platform } });
  });

  it('a malformed payload from the page comes back as EINVALID and the bridge keeps working', async () => {
    const results = await app.page.evaluate(async () => {
      const api = (globalThis as PageGlobals).smtpProbeApi!;
      return [await api.invoke('profiles/delete', { id: 'not-a-uuid' }), await api.invoke('no/such-channel', {}), await api.invoke('profiles/import', { json: 'x'.repeat(3 * 1024 * 1024) }), await api.invoke('app/info', {})];
    });
    expect(results.slice(0, 3)).toEqual([
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'EINVALID', field: 'id' }) }),
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'EINVALID' }) }),
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'EINVALID' }) }),
    ]);
    expect(results[3]).toMatchObject({ ok: true });
  });

  it('events from the handlers reach the page', async () => {
    app.mode.emit('sandbox/event', { text: 'hello page', t: '2026-01-01T00:00:00.000Z' });
    await app.page.waitForFunction(() => ((globalThis as PageGlobals).smtpProbeEvents ?? []).length > 0);
    expect(await app.page.evaluate(() => (globalThis as PageGlobals).smtpProbeEvents)).toEqual([{ text: 'hello page', t: '2026-01-01T00:00:00.000Z' }]);
  });

  it('the page runs under the CSP: eval and injected inline scripts are blocked', async () => {
    expect(await app.page.evaluate(() => (globalThis as PageGlobals).smtpProbeEval)).toBe('eval blocked: EvalError');
    const inline = await app.page.evaluate(() => {
      const g = globalThis as unknown as { document: { createElement(t: string): { textContent: string }; body: { append(n: unknown): void } }; inlineRan?: boolean };
      const script = g.document.createElement('script');
      script.textContent = 'globalThis.inlineRan = true';
      g.document.body.append(script);
      return g.inlineRan === true;
    });
    expect(inline).toBe(false);
  });

  it('refuses a wrong token with 403', async () => {
    const page = await app.context.newPage();
    try {
      const response = await page.goto(`http://127.0.0.1:${app.mode.port}/?token=wrong-token`);
      expect(response?.status()).toBe(403);
      expect(await page.evaluate(() => (globalThis as PageGlobals).smtpProbeApi)).toBeUndefined();
    } finally {
      await page.close();
    }
  });

  it('refuses a wrong Host header with 403', async () => {
    const response = await app.context.request.get(app.mode.url, { headers: { Host: `evil.test:${app.mode.port}` } });
    expect(response.status()).toBe(403);
  });

  it('refuses path traversal', async () => {
    for (const pathname of ['/..%2f..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd']) {
      const response = await app.context.request.get(`http://127.0.0.1:${app.mode.port}${pathname}`);
      expect([403, 404], pathname).toContain(response.status());
      expect(await response.text()).not.toMatch(/root:|"name": "smtp-probe"/);
    }
  });

  it('refuses a WebSocket opened from another origin, even with the token', async () => {
    // localhost:<port> is a valid Host but a different origin than 127.0.0.1:<port>.
    const page = await app.context.newPage();
    try {
      await page.goto(`http://localhost:${app.mode.port}/?token=${app.mode.token}`);
      const outcome = await page.evaluate(
        ({ port, token }) =>
          new Promise<string>((resolve) => {
            const WS = (globalThis as unknown as { WebSocket: new (url: string) => { onopen: () => void; onclose: () => void } }).WebSocket;
            const ws = new WS(`ws://127.0.0.1:${port}/api?token=${token}`);
            ws.onopen = () => resolve('opened');
            ws.onclose = () => resolve('refused');
          }),
        { port: app.mode.port, token: app.mode.token },
      );
      expect(outcome).toBe('refused');
    } finally {
      await page.close();
    }
  });
});
