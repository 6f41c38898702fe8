/**
 * The ticket round trip (issue 9 §4b): a run's JSON export opens in the app again, read-only.
 * A real run against the built-in test server is exported as JSON, then the file is dropped on the
 * window (a DataTransfer with a File, as a drag from the desktop delivers it): the banner says what
 * it is, the same steps, verdict and transcript are shown, and nothing in it runs. A file that does
 * not fit the report format is refused with what is wrong and where in words, the schema's path
 * kept as a detail; a format-1 report opens
 * migrated; a hostile report's HTML and script stay text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { REPORT_SCHEMA_VERSION } from '../../shared/report.ts';
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

  it('a file that does not fit the report format is refused in words, naming the field, with the schema path as a detail', async () => {
    const { page } = app;
    const detail = page.getByTestId('open-report-error-detail');
    const broken = (change: (doc: { schemaVersion: unknown; target: Record<string, unknown>; steps: Record<string, unknown>[] }) => void): string => {
      const doc = JSON.parse(exported.text) as Parameters<typeof change>[0];
      change(doc);
      return JSON.stringify(doc);
    };
    const cases: { name: string; text: string; message: string; detail: RegExp }[] = [
      {
        name: 'status.json',
        text: broken((d) => Object.assign(d.steps[3]!, { status: 'done' })),
        message: 'status.json is not an SMTP Probe report: the status is "done", which is not one of: pass, warn, fail, skipped (at steps › 4th step › status).',
        detail: /^Detail: steps\[3\]\.status: Invalid option: expected one of "pass"\|"warn"\|"fail"\|"skipped"$/,
      },
      {
        name: 'broken.json',
        text: broken((d) => delete d.target.port),
        message: 'broken.json is not an SMTP Probe report: the port is missing (at target › port).',
        detail: /^Detail: target\.port: Invalid input: expected number, received undefined$/,
      },
      {
        name: 'newer.json',
        text: broken((d) => (d.schemaVersion = 99)),
        message: 'newer.json was made by a newer SMTP Probe (format 99); update to open it.',
        detail: /^Detail: schemaVersion: 99; this version reads formats 1 to \d+$/,
      },
      {
        name: 'zero.json',
        text: broken((d) => (d.schemaVersion = 0)),
        message: `zero.json is not an SMTP Probe report: its report format is 0, and SMTP Probe reports are format 1 to ${REPORT_SCHEMA_VERSION}.`,
        detail: /^Detail: schemaVersion: 0$/,
      },
      {
        name: 'notes.json',
        text: 'this is not JSON',
        message: 'notes.json is not an SMTP Probe report: it is not JSON; a report is the JSON export of a run (Export › JSON).',
        detail: /^Detail: .*not valid JSON/,
      },
    ];
    for (const c of cases) {
      await dropFile(page, c.name, c.text);
      await expect.poll(() => openError(page).innerText()).toContain(c.name);
      const [sentence, shownDetail] = (await openError(page).innerText()).split('\n');
      expect(sentence, c.name).toBe(`Could not open the report. ${c.message}`);
      expect(shownDetail, c.name).toMatch(c.detail);
      expect(await detail.innerText()).toBe(shownDetail);
      expect(await page.getByTestId('opened-report').count()).toBe(0);
      await page.getByRole('heading', { level: 1, name: 'Local test server' }).waitFor();
      if (c.name === 'status.json') await app.screenshot('open-report-broken');
    }
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
