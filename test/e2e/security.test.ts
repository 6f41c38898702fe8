/**
 * Server text is data, never markup (reliability A.14): a banner carrying an <img onerror> and a
 * right-to-left override is shown literally, with the override as a visible token, and creates
 * no element and runs nothing.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { startHostileServer } from '../helpers/hostile-server.ts';
import type { HostileServer } from '../helpers/hostile-server.ts';
import { describeWithPeer } from '../helpers/peers.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());
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
