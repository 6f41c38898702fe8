/**
 * The timing waterfall in the real renderer after runs against the built-in test server: under the
 * verdict, one row per stage in the order the run went, the numbers as text, the longest marked;
 * fast mode's pipelined commands start together; the HTML export carries the same waterfall.
 * Screenshots at 1366×768 and 1024×700. Order and structure only, never how long anything took.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { chromiumAvailable, resultsDir, startAppOnLaptop } from './harness.ts';
import type { E2eApp } from './harness.ts';

const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());

async function finishRun(page: Page, button: 'Run all' | 'Run all (fast)'): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByRole('alert').filter({ hasText: /^Finished:/ }).waitFor({ timeout: 45_000 });
}

interface Row {
  stage: string;
  cells: string[];
  longest: boolean;
}

/** The waterfall opened, read as a table: stage, and the label, start and duration cells. */
async function waterfallRows(page: Page): Promise<Row[]> {
  const waterfall = page.getByTestId('run-waterfall');
  if ((await waterfall.getAttribute('open')) === null) await waterfall.locator('summary').click();
  return page.getByTestId('run-waterfall-row').evaluateAll((rows) =>
    rows.map((r) => ({
      stage: r.getAttribute('data-stage') ?? '',
      // The label without the "(longest)" and "(failed)" notes beside it, then start and duration.
      cells: [r.querySelector('[data-testid="run-waterfall-label"]'), ...r.querySelectorAll('td')].slice(0, 3).map((c) => (c?.textContent ?? '').trim()),
      longest: r.classList.contains('waterfall__row--longest'),
    })),
  );
}

/** The stages in order, without the DNS questions (which run alongside one another). */
const sessionStages = (rows: Row[]) => rows.map((r) => r.stage).filter((s) => s !== 'dns');
const MS = /^\d[\d,]*(\.\d)? ms$/;

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'timing waterfall against the built-in test server', () => {
  let app: E2eApp;
  beforeAll(async () => {
    app = await startAppOnLaptop();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows under the verdict where the time went: one row per stage in order, the numbers in ms, the longest named', async () => {
    const { page } = app;
    await finishRun(page, 'Run all');
    const summary = await page.getByTestId('run-waterfall-summary').innerText();
    const rows = await waterfallRows(page);
    expect(sessionStages(rows)).toEqual(['compose', 'connect', 'banner', 'ehlo', 'starttls', 'tls', 'ehlo', 'auth', 'mail', 'rcpt', 'data', 'message', 'quit']);
    expect(rows.map((r) => r.cells[0])).toContain('TLS handshake');
    for (const r of rows) {
      expect(r.cells[1], r.cells[0]).toMatch(MS);
      expect(r.cells[2], r.cells[0]).toMatch(MS);
    }
    const longest = rows.filter((r) => r.longest);
    expect(longest).toHaveLength(1);
    // The summary names the longest row, with its duration.
    expect(summary).toMatch(/^[\d,.]+ ms in all; longest: /);
    expect(summary).toContain(`${longest[0]!.cells[0]}, ${longest[0]!.cells[2]}`);
    // Right under the verdict.
    const verdictBox = await page.getByTestId('run-result').boundingBox();
    const waterfallBox = await page.getByTestId('run-waterfall').boundingBox();
    expect(waterfallBox!.y).toBeGreaterThan(verdictBox!.y);
    // The bars fit the window: no row wider than the table.
    const fits = await page.getByTestId('run-waterfall').evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(fits).toBe(true);
    await page.getByTestId('run-waterfall').scrollIntoViewIfNeeded();
    await app.screenshot('40-waterfall-1366x768');
    await page.setViewportSize({ width: 1024, height: 700 });
    expect(await page.getByTestId('run-waterfall').evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await app.screenshot('40b-waterfall-1024x700');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('fast mode: MAIL, RCPT and DATA start at the same time, each row ends where its reply came', async () => {
    const { page } = app;
    await finishRun(page, 'Run all (fast)');
    const rows = await waterfallRows(page);
    const flight = rows.filter((r) => ['mail', 'rcpt', 'data'].includes(r.stage));
    expect(flight.map((r) => r.stage)).toEqual(['mail', 'rcpt', 'data']);
    expect(new Set(flight.map((r) => r.cells[1])).size).toBe(1);
    const bars = await page.locator('[data-testid="run-waterfall-row"] .waterfall__bar').evaluateAll((els) => els.map((e) => /left:\s*([\d.]+)%/.exec(e.getAttribute('style') ?? '')?.[1]));
    const at = rows.findIndex((r) => r.stage === 'mail');
    expect(bars[at]).toBeDefined();
    expect(new Set(bars.slice(at, at + 3)).size).toBe(1);
    await page.getByTestId('run-waterfall').scrollIntoViewIfNeeded();
    await app.screenshot('40c-waterfall-fast');
  });

  it('step by step: the time the run waited for the user is a pause row, never the longest', async () => {
    const { page } = app;
    await page.getByTestId('run-next').click();
    await expect.poll(() => page.getByTestId('run-status').innerText(), { timeout: 45_000 }).toBe('paused');
    await finishRun(page, 'Run all');
    const rows = await waterfallRows(page);
    const pauses = rows.filter((r) => r.stage === 'pause');
    expect(pauses.map((r) => r.cells[0])).toEqual(['Paused before TCP connection: waiting for you']);
    expect(pauses[0]!.longest).toBe(false);
    // The message is composed before the gate of the connect step.
    expect(sessionStages(rows).slice(0, 3)).toEqual(['compose', 'pause', 'connect']);
    expect(await page.getByTestId('run-waterfall-summary').innerText()).toMatch(/ of it paused between steps\); longest: /);
    await page.getByTestId('run-waterfall').scrollIntoViewIfNeeded();
    await app.screenshot('40e-waterfall-step-by-step');
  });

  it('the HTML export carries the same waterfall, readable without scripts', async () => {
    const { page } = app;
    const shown = await waterfallRows(page);
    await page.getByRole('tabpanel', { name: 'Wizard' }).getByRole('button', { name: 'Export', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Export run for a ticket' });
    await dialog.getByText('HTML', { exact: true }).click();
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Export preview' }).inputValue()).toMatch(/class="waterfall"/);
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Save…' }).click()]);
    const html = readFileSync(await download.path(), 'utf8');
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    expect(html).not.toMatch(/<script/i);

    const view = await app.context.newPage();
    try {
      await view.setViewportSize({ width: 1366, height: 768 });
      await view.setContent(html);
      const exported = await view.locator('table.waterfall tr').evaluateAll((trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => (td.textContent ?? '').trim())));
      // The same rows, labels and numbers as in the wizard.
      expect(exported.map((c) => c[0]!.replace(/ \(failed\)$/, ''))).toEqual(shown.map((r) => r.cells[0]));
      expect(exported.map((c) => c.slice(1))).toEqual(shown.map((r) => r.cells.slice(1)));
      await view.locator('table.waterfall').scrollIntoViewIfNeeded();
      await view.screenshot({ path: path.join(resultsDir, '40d-waterfall-html-export.png') });
    } finally {
      await view.close();
    }
  });

  it('the page logged no errors', () => {
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
    expect(app.console.filter((line) => line.startsWith('error:') && !line.includes('Failed to load resource'))).toEqual([]);
  });
});
