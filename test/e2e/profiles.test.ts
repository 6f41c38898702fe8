/**
 * Profiles through the real UI: a profile saved (with a password), exported without its
 * credentials, and still there after browser mode restarts on the same data folder.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const NAME = 'Relay for ticket 4711';
const USER = 'canary-user@example.test';
const PASSWORD = 'Canary-Pa55word-7f3e';
const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());

/** The password as it could leak: raw, base64, and inside an AUTH PLAIN blob. */
function leakForms(user: string, password: string): string[] {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return [password, b64(password), b64(`\0${user}\0${password}`)];
}

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'profiles in the UI', () => {
  let dataDir: string;
  let app: E2eApp | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-e2e-profiles-'));
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('saves a new profile with a password', async () => {
    app = await startApp({ dataDir });
    const { page } = app;
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Local test server/ }).click();
    await page.getByRole('button', { name: 'Duplicate', exact: true }).click();
    await page.getByRole('option', { name: 'Local test server (copy)', selected: true }).waitFor();
    await page.getByRole('tab', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Profile settings' });
    await form.getByRole('textbox', { name: 'Profile name' }).fill(NAME);
    await form.getByRole('textbox', { name: 'User name' }).fill(USER);
    await form.getByRole('button', { name: 'Change', exact: true }).click();
    await form.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: new RegExp(NAME) }).waitFor();
    await expect.poll(() => form.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await app.screenshot('04-profile-saved');
  });

  it('exports the profiles as JSON without the password', async () => {
    const { page } = app!;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all', exact: true }).click()]);
    const file = await download.path();
    const text = readFileSync(file, 'utf8');
    const exported = JSON.parse(text) as { format: string; profiles: { name: string; authUser?: string }[] };
    expect(exported.format).toBe('smtp-probe-profiles');
    expect(exported.profiles.map((p) => p.name)).toContain(NAME);
    for (const leak of leakForms(USER, PASSWORD)) expect(text).not.toContain(leak);
    expect(text).not.toMatch(/"pass(word)?"\s*:/i);
  });

  it('keeps the profile when browser mode restarts on the same data folder', async () => {
    await app!.close();
    app = await startApp({ dataDir });
    const { page } = app;
    const option = page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: new RegExp(NAME) });
    await option.waitFor();
    await option.click();
    await page.getByRole('tab', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Profile settings' });
    expect(await form.getByRole('textbox', { name: 'Profile name' }).inputValue()).toBe(NAME);
    expect(await form.getByRole('textbox', { name: 'User name' }).inputValue()).toBe(USER);
    await app.screenshot('05-profile-after-restart');
  });

  it('never wrote the password into the data folder (browser mode keeps it in memory)', () => {
    const files = readdirRecursive(dataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      for (const leak of leakForms(USER, PASSWORD)) expect(text, file).not.toContain(leak);
    }
  });
});

function readdirRecursive(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[]).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
