/**
 * The ticket round trip (issue 9 §4b): a run's JSON export opens in the app again, read-only.
 * A real run against the built-in test server is exported as JSON, then the file is dropped on the
 * window (a DataTransfer with a File, as a drag from the desktop delivers it): the banner says what
 * it is, the same steps, verdict and transcript are shown, and nothing in it runs. A file that does
 * not fit the report format is refused with what is wrong and where; a format-1 report opens
 * migrated; a hostile report's HTML and script stay text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { seriousViolations } from './axe.ts';
import { dropFile } from './drop-file.ts';
import { chromiumAvailable, repoRoot, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());
const V1_REPORT = path.join(repoRoot, 'test/fixtures/reports/v1-relay-denied.json');

/** What the page's globals this test uses look like (the test itself compiles without the DOM library). */
interface PageGlobals {
  DataTransfer: new () => { items: { add(file: File): void } };
  DragEvent: new (type: string, init: { dataTransfer: unknown; cancelable: boolean }) => unknown;
  dispatchEvent(event: unknown): boolean;
  document: { activeElement: unknown; documentElement: { classList: { contains(name: string): boolean } }; getAnimations(): { playState: string; constructor: { name: string } }[] };
}

const groupStatuses = (page: Page) => page.getByTestId('group-status').allInnerTexts();
const banner = (page: Page) => page.getByTestId('opened-report-banner');
const openError = (page: Page) => page.getByTestId('open-report-error');

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'opening a report file (the ticket round trip)', () => {
  let app: E2eApp;
  let exported: { name: string; text: string };
  let liveStatuses: string[];
  let liveVerdict: string;

  beforeAll(async () => {
    app = await startApp();
    await app.page.setViewportSize({ width: 1366, height: 768 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('exports a real run against the built-in server as JSON', async () => {
    const { page } = app;
    await page.getByRole('heading', { level: 1, name: 'Local test server' }).waitFor();
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await page.getByTestId('run-result').waitFor({ timeout: 45_000 });
    liveVerdict = await page.getByTestId('run-result').innerText();
    liveStatuses = await groupStatuses(page);
    await page.getByRole('tabpanel', { name: 'Wizard' }).getByRole('button', { name: 'Export', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Export run for a ticket' });
    await dialog.getByText('JSON', { exact: true }).click();
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Export preview' }).inputValue()).toMatch(/"schemaVersion"/);
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Save…' }).click()]);
    exported = { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    expect(exported.name).toMatch(/\.json$/);
    expect(JSON.parse(exported.text)).toMatchObject({ profileName: 'Local test server', exitCode: 0 });
  });

  it('a dropped export shows the same steps, verdict and transcript, read-only, under a banner', async () => {
    const { page } = app;
    await dropFile(page, exported.name, exported.text);
    await banner(page).waitFor();
    const report = JSON.parse(exported.text) as { startedAt: string };
    const bannerText = await banner(page).innerText();
    expect(bannerText).toContain(`Report from ${await page.evaluate((iso) => new Date(iso).toLocaleString(), report.startedAt)}`);
    expect(bannerText).toContain(`profile Local test server, opened from ${exported.name}`);
    // The banner has the focus: a screen reader says what is shown now.
    expect(await banner(page).evaluate((el) => el === (globalThis as unknown as PageGlobals).document.activeElement)).toBe(true);
    expect(await groupStatuses(page)).toEqual(liveStatuses);
    expect(await page.getByTestId('run-result').innerText()).toBe(liveVerdict);
    expect(await page.getByTestId('run-status').innerText()).toBe('read-only');
    const transcript = page.getByRole('region', { name: 'Transcript' });
    await transcript.getByText(/^220 /).first().waitFor();
    await transcript.getByText(/queued as/).first().waitFor();
    // Nothing acts on it: no run, stop, export or step buttons.
    const view = page.getByTestId('opened-report');
    for (const name of ['Run all', 'Stop', 'Export']) expect(await view.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    expect(await view.getByTestId('group-run').count()).toBe(0);
    expect(await view.getByRole('button', { name: /Run to here/ }).count()).toBe(0);
    expect(await view.getByRole('button', { name: /^Edit the / }).count()).toBe(0);
    // Ctrl+Enter (run the next step) does nothing either.
    await page.keyboard.press('Control+Enter');
    expect(await page.getByTestId('run-status').innerText()).toBe('read-only');
    await app.screenshot('open-report-dropped');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      // The app follows the scheme, then its colours fade in: measured once settled.
      await page.waitForFunction((dark) => (globalThis as unknown as PageGlobals).document.documentElement.classList.contains('app-dark') === dark, scheme === 'dark');
      await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.getAnimations().every((a) => a.constructor.name !== 'CSSTransition' || a.playState !== 'running'));
      expect(await seriousViolations(page), scheme).toEqual([]);
    }
    await page.setViewportSize({ width: 1024, height: 700 });
    await app.screenshot('open-report-dropped-1024-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('Close goes back to the profile and its own run', async () => {
    const { page } = app;
    await page.getByTestId('close-opened-report').click();
    await page.getByRole('heading', { level: 1, name: 'Local test server' }).waitFor();
    expect(await page.getByTestId('opened-report').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Run all', exact: true }).count()).toBe(1);
    expect(await page.getByTestId('run-result').innerText()).toBe(liveVerdict);
  });

  it('a file that does not fit the report format is refused with the field, and the view stays as it was', async () => {
    const { page } = app;
    const broken = JSON.parse(exported.text) as { target: { port: unknown } };
    broken.target.port = 'twenty-five';
    await dropFile(page, 'broken.json', JSON.stringify(broken));
    await expect.poll(() => openError(page).innerText()).toMatch(/broken\.json cannot be shown\. .*target\.port: .*expected number/);
    expect(await page.getByTestId('opened-report').count()).toBe(0);
    await page.getByRole('heading', { level: 1, name: 'Local test server' }).waitFor();
    await app.screenshot('open-report-broken');

    await dropFile(page, 'notes.json', 'this is not JSON');
    await expect.poll(() => openError(page).innerText()).toMatch(/notes\.json is not JSON/);
    // Over the size limit: refused before the page reads it.
    await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      const dt = new g.DataTransfer();
      dt.items.add(new File([new Uint8Array(50 * 1024 * 1024 + 1)], 'huge.json'));
      g.dispatchEvent(new g.DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    });
    await expect.poll(() => openError(page).innerText()).toMatch(/huge\.json: The file is 50\.0 MB; a report file can be at most 50 MB/);
    expect(await page.getByTestId('opened-report').count()).toBe(0);
  });

  it('a format-1 report opens migrated, with its findings', async () => {
    const { page } = app;
    await dropFile(page, 'v1-relay-denied.json', readFileSync(V1_REPORT, 'utf8'));
    await banner(page).waitFor();
    expect(await banner(page).innerText()).toMatch(/profile \(not named in the file\), opened from v1-relay-denied\.json.*Written in report format 1, shown in the current one/s);
    expect(await page.getByTestId('open-report-error').count()).toBe(0);
    const rcpt = page.getByRole('article', { name: 'RCPT TO', exact: true });
    expect(await rcpt.getByTestId('step-status').innerText()).toBe('fail');
    await rcpt.getByText(/refused to relay to <b@peer\.probe\.test>/).first().waitFor();
    expect(await page.getByTestId('run-result').innerText()).toMatch(/RCPT TO/);
    await app.screenshot('open-report-v1');
    await page.getByTestId('close-opened-report').click();
  });

  it("a hostile report's HTML and script are shown as text and never run", async () => {
    const { page } = app;
    const hostile = JSON.parse(exported.text) as { transcript: { text: string }[]; steps: { id: string; status: string; summary: string }[]; findings: unknown[]; profileName: string };
    const img = '<img src=x onerror="window.__pwned=1">';
    const script = '<script>window.__pwned=2</script>';
    hostile.profileName = `<b>${img}</b>`;
    hostile.transcript[0]!.text = `220 ${img}`;
    const ehlo = hostile.steps.find((s) => s.id === 'ehlo')!;
    Object.assign(ehlo, { status: 'warn', summary: `EHLO ${script}` });
    hostile.findings = [{ code: 'ehlo.helo-fallback', severity: 'warning', step: 'ehlo', message: `Server said ${script}`, hint: `Click <a href="javascript:window.__pwned=3">here</a>` }];
    await dropFile(page, '<img src=x>.json', JSON.stringify(hostile));
    await banner(page).waitFor();
    const view = page.getByTestId('opened-report');
    expect(await banner(page).innerText()).toContain(`profile <b>${img}</b>`);
    await view.getByText(`Server said ${script}`).first().waitFor();
    await view.getByText(`220 ${img}`).first().waitFor();
    expect(await view.locator('img, script, a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(app.pageErrors).toEqual([]);
    await app.screenshot('open-report-hostile');
    await page.getByTestId('close-opened-report').click();
  });

  it('Open report… in the toolbar picks a file in browser mode', async () => {
    const { page } = app;
    await page.getByTestId('open-report-file').setInputFiles({ name: 'picked.json', mimeType: 'application/json', buffer: Buffer.from(exported.text) });
    await banner(page).waitFor();
    expect(await banner(page).innerText()).toContain('opened from picked.json');
    // Choosing a profile in the sidebar leaves the report too.
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await expect.poll(() => page.getByTestId('opened-report').count()).toBe(0);
  });
});
