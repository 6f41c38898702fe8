/**
 * `smtp-probe ui` hands the browser a launch page instead of the address with its token (a command
 * line is readable by every user of the machine): in Chromium the page opens the app, which
 * loads under its clean address with the session cookie set, as when the address is opened.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { writeLaunchPage, type LaunchPage } from '../../electron/serve/open-browser.ts';
import { describeWithPeer } from '../helpers/peers.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());
type PageGlobals = { location: { href: string } };

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'the launch page', () => {
  let app: E2eApp;
  let launch: LaunchPage;

  beforeAll(async () => {
    app = await startApp({ open: false });
    launch = await writeLaunchPage(app.mode.url);
  });
  afterAll(async () => {
    await launch?.remove();
    await app?.close();
  });

  it('opens the app with the token, which then leaves the address bar', async () => {
    const { page, mode } = app;
    expect(launch.fileUrl).toMatch(/^file:\/\//);
    expect(launch.fileUrl).not.toContain(mode.token);
    await page.goto(launch.fileUrl);
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Local test server/ }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).location.href)).toBe(`http://127.0.0.1:${mode.port}/`);
    expect(await app.context.cookies(`http://127.0.0.1:${mode.port}/`)).toEqual([expect.objectContaining({ name: `smtp_probe_token_${mode.port}`, value: mode.token })]);
    expect(app.failedRequests).toEqual([]);
  });
});
