/**
 * Server text is data, never markup (reliability A.14): a banner carrying an <img onerror> and a
 * right-to-left override is shown literally, with the override as a visible token, and creates
 * no element and runs nothing.
 * Browser mode's launch token leaves the address bar and the session history after
 * the first load; the HttpOnly cookie carries the session through a reload.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { startHostileServer } from '../helpers/hostile-server.ts';
import type { HostileServer } from '../helpers/hostile-server.ts';
import { describeWithPeer } from '../helpers/peers.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());
/** What the page exposes to the checks (the e2e files are type-checked without the DOM library). */
type PageGlobals = { location: { href: string }; document: { cookie: string } };
const PAYLOAD = '<img src=x onerror="globalThis.smtpProbePwned=1">';

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'hostile server text in the UI', () => {
  let app: E2eApp;
  let server: HostileServer;

  beforeAll(async () => {
    server = await startHostileServer({
      greeting: `220 ${PAYLOAD} evil\u202Etxt.exe ready\r\n`,
      onLine: (line, ctx) => {
        if (/^QUIT/i.test(line)) ctx.end('221 bye\r\n');
        else ctx.write('250 ok\r\n');
      },
    });
    app = await startApp();
    const saved = await app.service!['profiles/save']({
      fields: {
        name: 'Hostile banner',
        targetKind: 'host',
        target: '127.0.0.1',
        port: server.port,
        security: 'none',
        tlsVerify: true,
        family: 0,
        allowPlaintextAuth: false,
        to: [],
        headers: [],
        timeouts: {},
        stopAfter: 'banner',
      },
    });
    expect(saved.ok).toBe(true);
    await app.page.reload();
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('shows the banner literally and creates no element from it', async () => {
    const { page } = app;
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Hostile banner/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Hostile banner' }).waitFor();
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: /^Finished:/ }).waitFor({ timeout: 30_000 });
    expect(server.connections).toBeGreaterThan(0);

    // The markup is text on the page, the override a visible token, not the character itself.
    await page.getByText(PAYLOAD, { exact: false }).first().waitFor();
    const body = await page.locator('body').innerText();
    expect(body).toContain('⟨U+202E⟩');
    expect(body).not.toContain('\u202E');

    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { smtpProbePwned?: number }).smtpProbePwned)).toBeUndefined();
    await app.screenshot('07-hostile-banner');
  });
});

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'the launch token in the browser', () => {
  let app: E2eApp;

  beforeAll(async () => {
    app = await startApp({ open: false });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Every entry of the tab's session history, as Chromium keeps it. */
  async function historyUrls(): Promise<string[]> {
    const cdp = await app.context.newCDPSession(app.page);
    const { entries } = (await cdp.send('Page.getNavigationHistory')) as { entries: { url: string }[] };
    await cdp.detach();
    return entries.map((e) => e.url);
  }

  it('is gone from the address bar and the history after the first load, and a reload still works', async () => {
    const { page, mode } = app;
    expect(mode.url).toContain(`token=${mode.token}`);
    await page.goto(mode.url);
    const profiles = page.getByRole('listbox', { name: 'Profiles' });
    await profiles.getByRole('option', { name: /Local test server/ }).waitFor();

    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).location.href)).toBe(`http://127.0.0.1:${mode.port}/`);
    // The new tab's about:blank, then the app under its clean address: no entry with the token.
    expect((await historyUrls()).filter((u) => u !== 'about:blank')).toEqual([`http://127.0.0.1:${mode.port}/`]);
    // The session cookie: HttpOnly (the page cannot read it), strict, for this port's launch only.
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.cookie)).toBe('');
    expect(await app.context.cookies(`http://127.0.0.1:${mode.port}/`)).toEqual([
      expect.objectContaining({ name: `smtp_probe_token_${mode.port}`, value: mode.token, path: '/', httpOnly: true, sameSite: 'Strict', expires: -1 }),
    ]);

    // A profile saved after the first load shows up after a reload: the API works on the cookie alone.
    const saved = await app.service!['profiles/save']({
      fields: { name: 'After reload', targetKind: 'host', target: '127.0.0.1', port: 25, security: 'none', tlsVerify: true, family: 0, allowPlaintextAuth: false, to: [], headers: [], timeouts: {} },
    });
    expect(saved.ok).toBe(true);
    const reloaded = await page.reload();
    expect(reloaded?.status()).toBe(200);
    await profiles.getByRole('option', { name: /After reload/ }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).location.href)).toBe(`http://127.0.0.1:${mode.port}/`);
    expect((await historyUrls()).join(' ')).not.toContain(mode.token);
    expect(app.failedRequests).toEqual([]);
  });
});
