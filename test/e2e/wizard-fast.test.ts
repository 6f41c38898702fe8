/**
 * "Run all (fast)" in the real renderer: the run goes without step gates, so the engine pipelines
 * the envelope (RFC 2920). Against the built-in test server (PIPELINING, no CHUNKING) MAIL, the
 * RCPTs and DATA leave together and QUIT follows the final dot; against the Postfix peer
 * (CHUNKING too) MAIL, the RCPTs, BDAT LAST with the message and QUIT leave together (RFC 3030)
 * and the message reaches the mailbox. The order of the lines is read from the run's saved
 * transcript (the transcript pane only renders the lines in view).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { RunReport } from '../../shared/report.ts';
import { describeWithPeer } from '../helpers/peers.ts';
import { postfixAvailable, postfixPeer, waitForDelivery } from '../helpers/postfix-peer.ts';
import { chromiumAvailable, savePostfixProfile, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());

/** Clicks Run all (fast) and waits for the result line. */
async function runAllFast(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Run all (fast)', exact: true }).click();
  const finished = page.getByRole('alert').filter({ hasText: /^Finished:/ });
  await finished.waitFor({ timeout: 45_000 });
  return (await finished.textContent()) ?? '';
}

/** The saved runs of `profileName`, newest first. */
async function savedRuns(app: E2eApp, profileName: string): Promise<{ profileId: string; runIds: string[] }> {
  const service = app.service!;
  const profiles = await service['profiles/list']({});
  if (!profiles.ok) throw new Error(profiles.error.message);
  const profile = profiles.value.find((p) => p.name === profileName);
  if (!profile) throw new Error(`no profile named ${profileName}`);
  const runs = await service['runs/list']({ profileId: profile.id });
  if (!runs.ok) throw new Error(runs.error.message);
  return { profileId: profile.id, runIds: [...runs.value].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).map((r) => r.runId) };
}

/** The wire lines of the latest saved run of `profileName`, as "C: …" / "S: …". */
async function lastRunWire(app: E2eApp, profileName: string): Promise<string[]> {
  const { profileId, runIds } = await savedRuns(app, profileName);
  if (!runIds[0]) throw new Error('no saved run');
  const report = await app.service!['runs/get']({ profileId, runId: runIds[0] });
  if (!report.ok) throw new Error(report.error.message);
  return (report.value as RunReport).transcript.filter((e) => e.dir === 'C' || e.dir === 'S').map((e) => `${e.dir}: ${e.text}`);
}

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'Run all (fast) against the built-in test server', () => {
  let app: E2eApp;
  beforeAll(async () => {
    app = await startApp();
    // The toolbar gains a button: shown at a common laptop size.
    await app.page.setViewportSize({ width: 1366, height: 768 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('pipelines MAIL, RCPT and DATA in one group, QUIT behind the final dot, and every step passes', async () => {
    const { page } = app;
    await page.getByRole('heading', { level: 1, name: 'Local test server' }).waitFor();
    const button = page.getByRole('button', { name: 'Run all (fast)', exact: true });
    // Next to Run all.
    const buttons = await page.locator('.wizard__actions button').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent?.trim()));
    expect(buttons.indexOf('Run all (fast)')).toBe(buttons.indexOf('Run all') + 1);
    await button.focus();
    await app.screenshot('09-wizard-run-all-fast');
    expect(await runAllFast(page)).toMatch(/0 problems, 0 warnings/);
    for (const name of ['MAIL FROM', 'RCPT TO', 'DATA']) expect(await page.getByRole('article', { name, exact: true }).getByTestId('step-status').innerText(), name).toBe('pass');

    const lines = await lastRunWire(app, 'Local test server');
    const at = lines.findIndex((l) => l.startsWith('C: MAIL FROM:'));
    const rcpts = lines.slice(at + 1).findIndex((l) => !l.startsWith('C: RCPT TO:'));
    expect(rcpts).toBeGreaterThan(0);
    // The group: MAIL, the RCPTs and DATA before any reply, then the replies in the same order.
    expect(lines[at + 1 + rcpts]).toBe('C: DATA');
    expect(lines.slice(at + 2 + rcpts, at + 4 + 2 * rcpts).map((l) => l.slice(0, 6))).toEqual(['S: 250', ...Array<string>(rcpts).fill('S: 250'), 'S: 354']);
    expect(lines).not.toContainEqual(expect.stringMatching(/^C: BDAT/));
    const dot = lines.lastIndexOf('C: .');
    expect(lines.slice(dot)).toEqual(['C: .', 'C: QUIT', expect.stringMatching(/^S: 250 /), expect.stringMatching(/^S: 221 /)]);
    await app.screenshot('09b-wizard-run-all-fast-done');
  });

  it('Run all stays one command per reply', async () => {
    const { page } = app;
    const before = (await savedRuns(app, 'Local test server')).runIds.length;
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await expect.poll(async () => (await savedRuns(app, 'Local test server')).runIds.length, { timeout: 45_000 }).toBe(before + 1);
    const lines = await lastRunWire(app, 'Local test server');
    const at = lines.findIndex((l) => l.startsWith('C: MAIL FROM:'));
    expect(lines[at + 1]).toMatch(/^S: 250 /);
  });

  it('the page logged no errors', () => {
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
    expect(app.console.filter((line) => line.startsWith('error:') && !line.includes('Failed to load resource'))).toEqual([]);
  });
});

const withPostfix = async () => (await hasRenderer()) && (await postfixAvailable());

await describeWithPeer('Chromium, the built renderer and the Postfix peer', withPostfix, 'Run all (fast) against Postfix (CHUNKING)', () => {
  let app: E2eApp;
  const subject = `SMTP Probe e2e fast ${Date.now()}`;

  beforeAll(async () => {
    app = await startApp();
    await savePostfixProfile(app, subject);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sends MAIL, RCPT, BDAT LAST with the message and QUIT in one group; the message reaches the mailbox', async () => {
    const { page } = app;
    const peer = postfixPeer();
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Postfix peer/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Postfix peer' }).waitFor();
    await runAllFast(page);
    for (const name of ['MAIL FROM', 'RCPT TO', 'DATA']) expect(await page.getByRole('article', { name, exact: true }).getByTestId('step-status').innerText(), name).toBe('pass');
    const lines = await lastRunWire(app, 'Postfix peer');
    const at = lines.findIndex((l) => l.startsWith('C: MAIL FROM:'));
    expect(lines[at + 1]).toBe(`C: RCPT TO:<${peer.user.address}>`);
    expect(lines[at + 2]).toMatch(/^C: BDAT \d+ LAST$/);
    const quit = lines.indexOf('C: QUIT', at);
    expect(lines.slice(at + 3, quit)).toContain(`C: Subject: ${subject}`);
    expect(lines.slice(quit + 1).map((l) => l.slice(0, 6))).toEqual(['S: 250', 'S: 250', 'S: 250', 'S: 221']);
    await waitForDelivery(peer.mailboxDir, subject);
  });
});
