/**
 * The whole wizard in the real renderer against the built-in test server: the first-launch
 * "Local test server" profile, Run all, every step passes (the MX lookup is skipped: the profile
 * names a server).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const STEPS_THAT_RUN = ['PTR check', 'Connect', 'Banner', 'EHLO', 'STARTTLS', 'Auth', 'MAIL FROM', 'RCPT TO', 'DATA', 'QUIT'];
const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'wizard against the built-in test server', () => {
  let app: E2eApp;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens on the ready "Local test server" profile', async () => {
    const { page } = app;
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Local test server/ }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Local test server' }).waitFor();
    await app.screenshot('01-first-launch');
  });

  it('Run all passes every step', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    const finished = page.getByRole('alert').filter({ hasText: /^Finished:/ });
    await finished.waitFor({ timeout: 45_000 });
    expect(await finished.textContent()).toMatch(/0 problems, 0 warnings/);
    await expect.poll(async () => page.getByRole('article', { name: 'MX lookup' }).textContent()).toMatch(/skipped/);
    for (const step of STEPS_THAT_RUN) {
      const text = await page.getByRole('article', { name: step }).innerText();
      expect(text, step).toMatch(/\bpass\b/);
      expect(text, step).not.toMatch(/\b(fail|warn)\b/);
    }
    await app.screenshot('02-wizard-run-all');
  });

  it('the transcript shows the session', async () => {
    const transcript = app.page.getByRole('region', { name: 'Transcript' });
    const count = /(\d+) lines/.exec(await transcript.innerText());
    expect(Number(count?.[1])).toBeGreaterThan(20);
    // The list is virtualized: only some lines are in the page; these are replies of the server.
    expect(await transcript.getByRole('button', { name: /S: 250/ }).count()).toBeGreaterThan(0);
  });

  it('exports the run for a ticket as a download, with the credentials redacted', async () => {
    const { page } = app;
    const status = await app.service!['sandbox/status']({});
    if (!status.ok) throw new Error(status.error.message);
    const { user, password } = status.value;
    expect(password).toBeTruthy();

    await page.getByRole('tabpanel', { name: 'Wizard' }).getByRole('button', { name: 'Export', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Export run for a ticket' });
    await dialog.waitFor();
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Export preview' }).inputValue()).toMatch(/AUTH/);
    await app.screenshot('03-export-dialog');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Save…' }).click()]);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text).toMatch(/AUTH PLAIN \[redacted \d+ bytes\]/);
    expect(text).toMatch(/250 2\.0\.0 Ok: queued as/);
    const b64 = (v: string) => Buffer.from(v, 'utf8').toString('base64');
    for (const leak of [password!, b64(password!), b64(`\0${user ?? ''}\0${password!}`)]) expect(text).not.toContain(leak);
    await dialog.getByRole('button', { name: 'Close' }).first().click();
  });

  it('the Test server panel shows the running server and its credentials', async () => {
    const { page } = app;
    const status = await app.service!['sandbox/status']({});
    if (!status.ok || !status.value.user) throw new Error('the built-in server is not running after Run all');
    await page.getByRole('button', { name: 'Test server', exact: true }).click();
    await page.getByText(status.value.user, { exact: false }).first().waitFor();
    await page.getByText(String(status.value.smtpPort), { exact: false }).first().waitFor();
    await app.screenshot('03b-test-server-panel');
    await page.keyboard.press('Escape');
  });

  it('the page logged no errors', () => {
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
    expect(app.failedRequests).toEqual([]);
    expect(app.console.filter((line) => line.startsWith('error:') && !line.includes('Failed to load resource'))).toEqual([]);
  });
});
