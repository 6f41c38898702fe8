/**
 * The whole wizard in the real renderer against the built-in test server: the first-launch
 * "Local test server" profile, the eight steps (Connect and Send holding their engine steps),
 * Run all, every step passes (the MX lookup is skipped: the profile names a server); then the RCPT TO
 * recipient edited inline in the wizard, used by the next run, and still there after a restart.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { chromiumAvailable, resultsDir, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const GROUPS = ['MX lookup', 'PTR check', 'Connect', 'EHLO', 'STARTTLS', 'Auth', 'Send', 'QUIT'];
const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());
const NEW_RECIPIENT = 'inline-edit@sandbox.smtp-probe.test';

const group = (page: Page, name: string) => page.getByRole('article', { name, exact: true });
const groupStatus = (page: Page, name: string) => group(page, name).getByTestId('group-status').innerText();

/** The whole wizard as one image: the page scrolls inside its panes, so the window is made tall for it. */
async function tallScreenshot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  const height = await page.locator('.wizard__steps').evaluate((el) => el.scrollHeight);
  await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
  await page.setViewportSize({ width: 1400, height: Math.min(6000, height + 400) });
  try {
    await page.screenshot({ path: path.join(resultsDir, `${name}.png`) });
  } finally {
    if (size) await page.setViewportSize(size);
  }
}

async function finishRun(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Run all', exact: true }).click();
  const finished = page.getByRole('alert').filter({ hasText: /^Finished:/ });
  await finished.waitFor({ timeout: 45_000 });
  return (await finished.textContent()) ?? '';
}

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'wizard against the built-in test server', () => {
  let app: E2eApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-e2e-wizard-'));
    app = await startApp({ dataDir });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens on the ready "Local test server" profile, with the eight steps of the wizard', async () => {
    const { page } = app;
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Local test server/ }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Local test server' }).waitFor();
    expect(await page.locator('[data-testid="wizard-group"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(GROUPS);
    // Connect is "telnet host 25" and the banner; Send is MAIL FROM, RCPT TO and DATA.
    expect(await group(page, 'Connect').getByRole('article').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(['TCP connection', 'Banner']);
    expect(await group(page, 'Send').getByRole('article').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(['MAIL FROM', 'RCPT TO', 'DATA']);
    await app.screenshot('01-first-launch');
  });

  it('Run all passes every step', async () => {
    const { page } = app;
    expect(await finishRun(page)).toMatch(/0 problems, 0 warnings/);
    await expect.poll(() => groupStatus(page, 'MX lookup')).toBe('skipped');
    for (const name of GROUPS.slice(1)) expect(await groupStatus(page, name), name).toBe('pass');
    for (const name of ['TCP connection', 'Banner', 'MAIL FROM', 'RCPT TO', 'DATA']) {
      expect(await page.getByRole('article', { name, exact: true }).getByTestId('step-status').innerText(), name).toBe('pass');
    }
    await app.screenshot('02-wizard-run-all');
    await tallScreenshot(page, '02b-wizard-steps-light');
  });

  it('the transcript shows the session', async () => {
    const transcript = app.page.getByRole('region', { name: 'Transcript' });
    const count = /(\d+) lines/.exec(await transcript.innerText());
    expect(Number(count?.[1])).toBeGreaterThan(20);
    // The list is virtualized: only some lines are in the page; these are replies of the server.
    expect(await transcript.getByRole('option', { name: /S: 250/ }).count()).toBeGreaterThan(0);
    // From the keyboard: one Tab stop, arrows to the first server reply, Enter explains it.
    const { page } = app;
    const list = transcript.getByRole('listbox');
    await list.focus();
    await page.keyboard.press('Home');
    const current = transcript.getByRole('option', { selected: true });
    for (let i = 0; i < 12 && !/S:/.test(await current.innerText()); i++) await page.keyboard.press('ArrowDown');
    expect(await current.innerText()).toMatch(/S:\s*220 /);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'What this reply means' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
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
    expect(text).toMatch(/AUTH PLAIN \[redacted\]/);
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
    // In the panel: the run's waterfall names the same port in its (closed) table.
    const drawer = page.getByRole('complementary', { name: 'Built-in test server' });
    await drawer.getByText(status.value.user, { exact: false }).first().waitFor();
    await drawer.getByText(String(status.value.smtpPort), { exact: false }).first().waitFor();
    // The mechanisms it offers, NTLM among them with the logon name to give it.
    expect(await drawer.getByTestId('sandbox-auth-mechanisms').innerText()).toBe(`PLAIN, LOGIN, CRAM-MD5, NTLM (after TLS; NTLM takes the user with any domain, e.g. SANDBOX\\${status.value.user}, or none)`);
    await app.screenshot('03b-test-server-panel');
    // The inbox holds the message of the run; View shows it as the server stored it.
    await drawer.getByRole('button', { name: /^View the message "SMTP Probe test message"/ }).first().click();
    const viewer = page.getByRole('dialog', { name: 'Received message' });
    const text = await viewer.getByTestId('inbox-message-text').innerText();
    expect(text).toMatch(/^Received: from /);
    expect(text).toContain('Subject: SMTP Probe test message');
    await expect.poll(() => viewer.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).opacity)).toBe('1');
    await app.screenshot('03c-test-server-message');
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
  });

  it('edits the RCPT TO recipient inline; the next run sends it and a restart keeps it', async () => {
    let { page } = app;
    const rcpt = page.getByRole('article', { name: 'RCPT TO', exact: true });
    await rcpt.getByRole('button', { name: 'Edit the RCPT TO command' }).click();
    const editor = rcpt.getByRole('form', { name: 'Edit the RCPT TO command' });
    const field = editor.getByRole('textbox', { name: 'Recipients (RCPT TO)' });
    // A bad address list is refused at the field, in plain words.
    await field.fill('x'.repeat(300));
    await field.press('Enter');
    await editor.getByRole('alert').filter({ hasText: /Recipient 1: Recipient: at most 256 characters/ }).waitFor();
    await field.fill(NEW_RECIPIENT);
    await expect.poll(() => rcpt.getByTestId('step-command').innerText()).toBe(`RCPT TO:<${NEW_RECIPIENT}>`);
    await rcpt.scrollIntoViewIfNeeded();
    await app.screenshot('04-wizard-inline-edit');
    await field.press('Enter');
    await editor.waitFor({ state: 'detached' });
    // Focus goes back to the Edit button.
    await expect.poll(() => rcpt.getByRole('button', { name: 'Edit the RCPT TO command' }).evaluate((el) => el.ownerDocument.activeElement === el)).toBe(true);

    expect(await finishRun(page)).toMatch(/0 problems/);
    const transcript = page.getByRole('region', { name: 'Transcript' });
    await transcript.getByRole('textbox', { name: 'Search the transcript' }).fill(NEW_RECIPIENT);
    await transcript.getByText(`RCPT TO:<${NEW_RECIPIENT}>`).first().waitFor();
    await transcript.getByText(/250 2\.1\.5/).first().waitFor();

    await app.close();
    app = await startApp({ dataDir });
    page = app.page;
    await page.getByRole('heading', { level: 1, name: 'Local test server' }).waitFor();
    await expect.poll(() => page.getByRole('article', { name: 'RCPT TO', exact: true }).getByTestId('step-command').innerText()).toBe(`RCPT TO:<${NEW_RECIPIENT}>`);
  });

  it('unsaved edits in Settings hold inline editing back until they are saved or reverted', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('textbox', { name: 'Subject' }).fill('Edited in Settings, not saved');
    await page.getByRole('tab', { name: 'Wizard' }).click();
    const wizard = page.getByRole('tabpanel', { name: 'Wizard' });
    await wizard.getByText('Settings has unsaved edits for this profile.').waitFor();
    const edit = page.getByRole('article', { name: 'DATA', exact: true }).getByRole('button', { name: 'Edit the DATA command' });
    expect(await edit.isDisabled()).toBe(true);
    await app.screenshot('04b-wizard-settings-dirty');
    await wizard.getByRole('button', { name: 'Go to Settings' }).click();
    await page.getByRole('button', { name: 'Revert', exact: true }).click();
    await page.getByRole('tab', { name: 'Wizard' }).click();
    await expect.poll(() => edit.isDisabled()).toBe(false);
  });

  it('reads well in the dark theme too', async () => {
    const { page } = app;
    await page.getByRole('group', { name: 'Colour scheme' }).getByText('Dark', { exact: true }).click();
    await expect.poll(() => page.locator('html').getAttribute('class')).toMatch(/app-dark/);
    expect(await finishRun(page)).toMatch(/0 problems/);
    await page.getByRole('article', { name: 'EHLO', exact: true }).getByRole('button', { name: 'Edit the EHLO command' }).click();
    await app.screenshot('05-wizard-dark');
    await tallScreenshot(page, '05b-wizard-steps-dark');
    await page.keyboard.press('Escape');
    await page.getByRole('form', { name: 'Edit the EHLO command' }).waitFor({ state: 'detached' });
  });

  it('the page logged no errors', () => {
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
    expect(app.failedRequests).toEqual([]);
    expect(app.console.filter((line) => line.startsWith('error:') && !line.includes('Failed to load resource'))).toEqual([]);
  });
});
