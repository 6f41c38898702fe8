/**
 * Step by step in the real renderer against the built-in test server, at 1366×768: each step run on
 * its own shows its reply and verdict at once and scrolls into view, skipped steps are not offered
 * as the next one; the verdict of a run in words (red, naming the failed step, linking to its card,
 * no exit code); Stop says "stopped by you", here and in Recent runs.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());

const article = (page: Page, name: string) => page.getByRole('article', { name, exact: true });
const wizard = (page: Page) => page.getByRole('tabpanel', { name: 'Wizard' });
const runNext = (page: Page) => page.getByTestId('run-next');

/** Whether the element's top lies inside the window (the pane scrolled it there). */
const inView = (page: Page, name: string) =>
  article(page, name).evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.top >= 0 && box.top < el.ownerDocument.defaultView!.innerHeight;
  });

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'wizard step by step and verdicts', () => {
  let app: E2eApp;

  beforeAll(async () => {
    app = await startApp();
    await app.page.setViewportSize({ width: 1366, height: 768 });
    await app.page.getByRole('heading', { level: 1, name: 'Local test server' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('offers the PTR check first: the MX lookup is skipped when a server is given', async () => {
    await expect.poll(() => runNext(app.page).innerText()).toBe('Run next step: PTR check');
  });

  it('Run to here on Connect shows the banner reply and its verdict at once, while the run is paused', async () => {
    const { page } = app;
    await article(page, 'Connect').getByRole('button', { name: 'Run to here: Connect' }).click();
    await page.getByTestId('run-status').filter({ hasText: 'paused' }).waitFor({ timeout: 30_000 });
    const banner = article(page, 'Banner');
    expect(await banner.getByTestId('step-status').innerText()).toBe('pass');
    expect(await banner.getByTestId('step-summary').innerText()).toMatch(/220/);
    expect(await article(page, 'TCP connection').getByTestId('step-status').innerText()).toBe('pass');
    expect(await article(page, 'EHLO').getByTestId('group-status').innerText()).toBe('not run');
    expect(await runNext(page).innerText()).toBe('Run next step: EHLO');
  });

  it('Run next step runs EHLO alone: its reply shows, and its card scrolls into view', async () => {
    const { page } = app;
    await page.locator('.wizard__steps').evaluate((el) => el.closest('main')?.scrollTo(0, 0));
    await runNext(page).click();
    await expect.poll(() => runNext(page).innerText(), { timeout: 30_000 }).toBe('Run next step: STARTTLS');
    const ehlo = article(page, 'EHLO');
    expect(await ehlo.getByTestId('group-status').innerText()).toBe('pass');
    expect(await ehlo.getByTestId('step-summary').innerText()).toMatch(/^sandbox\.smtp-probe\.test .*STARTTLS/);
    await expect.poll(() => inView(page, 'EHLO')).toBe(true);
    await app.screenshot('20-step-by-step-ehlo');
  });

  it('STARTTLS run on its own shows the 220 it got and the certificate table fits its column', async () => {
    const { page } = app;
    await runNext(page).click();
    await expect.poll(() => runNext(page).innerText(), { timeout: 30_000 }).toBe('Run next step: Auth');
    const starttls = article(page, 'STARTTLS');
    expect(await starttls.getByTestId('group-status').innerText()).toMatch(/^(pass|warn)$/);
    const toggle = starttls.locator('.wstep__details .p-panel-header button');
    if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
    const details = starttls.getByTestId('step-result-starttls');
    expect(await details.innerText()).toMatch(/C: STARTTLS\s+S: 220 /);
    const chain = starttls.getByTestId('tls-chain');
    const fits = await chain.evaluate((el) => ({ table: el.scrollWidth, column: el.closest('article')!.clientWidth }));
    expect(fits.table).toBeLessThanOrEqual(fits.column);
    await starttls.scrollIntoViewIfNeeded();
    await app.screenshot('21-step-by-step-starttls');
  });

  it('Stop says "stopped by you", and Recent runs lists the run as stopped', async () => {
    const { page } = app;
    await wizard(page).getByRole('button', { name: 'Stop', exact: true }).click();
    const verdict = page.getByTestId('run-result');
    await verdict.filter({ hasText: /^Stopped by you at Auth\./ }).waitFor({ timeout: 30_000 });
    expect(await verdict.innerText()).not.toMatch(/exit code/i);
    expect(await page.getByTestId('run-status').innerText()).toBe('stopped');
    await app.screenshot('22-stopped-by-you');
    await page.getByRole('tab', { name: 'Recent runs' }).click();
    const runs = page.getByRole('region', { name: 'Recent runs' });
    await runs.getByText('stopped by you', { exact: true }).first().waitFor();
    await page.getByRole('tab', { name: 'Wizard' }).click();
  });

  it('a failed run: the verdict is red, names the failed step and what to do, and its link goes to that card', async () => {
    const { page } = app;
    const set = await app.service!['sandbox/set-behaviours']({ rejectAuth: true });
    expect(set.ok).toBe(true);
    await wizard(page).getByRole('button', { name: 'Run all', exact: true }).click();
    const verdict = page.getByTestId('run-result');
    await verdict.filter({ hasText: /^Finished: failed at Auth\. .* What to do: / }).waitFor({ timeout: 45_000 });
    expect(await verdict.innerText()).not.toMatch(/exit code/i);
    expect(await verdict.getAttribute('data-tone')).toBe('error');
    // Red: the error colour of the theme, not the warning orange.
    const [r, g] = (await verdict.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).color)).match(/\d+/g)!.map(Number);
    expect(r).toBeGreaterThan(g! * 1.5);
    await app.screenshot('23-verdict-failed');
    await page.locator('.wizard__steps').evaluate((el) => el.closest('main')?.scrollTo(0, 0));
    await verdict.getByRole('button', { name: 'Show Auth' }).click();
    await expect.poll(() => article(page, 'Auth').evaluate((el) => el.ownerDocument.activeElement === el)).toBe(true);
    await expect.poll(() => inView(page, 'Auth')).toBe(true);
    await app.screenshot('24-verdict-went-to-card');
    await app.service!['sandbox/set-behaviours']({ rejectAuth: false });
  });

  it('the page logged no errors', () => {
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
    expect(app.console.filter((line) => line.startsWith('error:') && !line.includes('Failed to load resource'))).toEqual([]);
  });
});
