/**
 * The wizard's transcript column can be widened: at 1366×768 the handle between steps and
 * transcript moves with the keyboard (a separator with a name), the transcript grows until the
 * queue id reply reads in full in the row itself (no tooltip needed), and the width is kept after
 * a reload.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());

const transcriptWidth = (page: Page): Promise<number> => page.getByTestId('wizard-split-transcript').evaluate((el) => el.getBoundingClientRect().width);

/** The text cell of the DATA reply: whether its whole text fits in the row (no ellipsis). */
async function queueIdFits(page: Page): Promise<boolean> {
  const text: Locator = page.getByRole('option', { name: /queued as/ }).locator('.tr-line__text');
  return text.evaluate((el) => el.scrollWidth <= el.clientWidth);
}

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'the wizard transcript column', () => {
  let app: E2eApp;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  it('widens from the keyboard until the queue id reads in full, and keeps its width after a reload', async () => {
    const { page } = app;
    // A common laptop size, where the default columns cut long replies short.
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('heading', { level: 1, name: 'Local test server' }).waitFor();
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: /^Finished:/ }).waitFor({ timeout: 45_000 });
    await page.getByRole('option', { name: /queued as/ }).waitFor();
    await app.screenshot('transcript-split-1366-default');

    const before = await transcriptWidth(page);
    const handle = page.getByRole('separator', { name: /Resize the steps and transcript columns/ });
    await handle.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(() => transcriptWidth(page)).toBeGreaterThan(before + 150);
    await expect.poll(() => queueIdFits(page)).toBe(true);
    await app.screenshot('transcript-split-1366-widened');
    const widened = await transcriptWidth(page);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Local test server' }).waitFor();
    await expect.poll(() => transcriptWidth(page)).toBeCloseTo(widened, -1);
  });
});
