/**
 * Profiles through the real UI: a profile saved (with a password), exported without its
 * credentials, and still there after browser mode restarts on the same data folder; creating one
 * with the keyboard alone (New is an unsaved draft, Enter never saves, Set focuses the password);
 * the sidebar's last results, Rename, Duplicate and Delete; the welcome closed for good; a new
 * profile whose password the keyring refused keeps it in the form for the next Save.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { chromiumAvailable, resultsDir, startApp } from './harness.ts';
import { defaultEhloName } from '../../electron/engine/check/run-check.ts';
import type { E2eApp } from './harness.ts';
import { memorySecretStore, type SecretStore } from '../../electron/engine/store/secrets.ts';

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

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'creating a profile has no traps', () => {
  let dataDir: string;
  let app: E2eApp | undefined;
  const list = () => app!.page.getByRole('listbox', { name: 'Profiles' });
  const savedNames = async (): Promise<string[]> => {
    const listed = await app!.service!['profiles/list']({});
    return listed.ok ? listed.value.map((p) => p.name) : [];
  };

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-e2e-draft-'));
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('New with the keyboard alone: an unsaved draft, Enter saves nothing, Set focuses the password, Ctrl+S saves', async () => {
    app = await startApp({ dataDir });
    const { page } = app;
    await page.setViewportSize({ width: 1366, height: 768 });
    await list().getByRole('option', { name: /Local test server/ }).waitFor();
    await page.keyboard.press('Control+n');
    const form = page.getByRole('form', { name: 'Profile settings' });
    const name = form.getByRole('textbox', { name: 'Profile name' });
    await expect.poll(() => name.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    // Nothing saved, and the example values are placeholders, not values.
    expect(await savedNames()).toEqual(['Local test server']);
    expect(await name.inputValue()).toBe('');
    expect(await name.getAttribute('placeholder')).toBe('New profile');
    expect(await form.getByRole('textbox', { name: 'Mail domain' }).inputValue()).toBe('');
    // Only the truth of browser mode about passwords.
    const storage = await form.locator('[data-test="password-storage"]').innerText();
    expect(storage).toMatch(/^Browser mode keeps it in memory only/);
    expect(await form.innerText()).not.toContain('encrypted');
    // The EHLO name that will really be sent.
    expect(await form.innerText()).toContain(`Empty: ${defaultEhloName()} is sent`);
    await page.screenshot({ path: path.join(resultsDir, 'draft-new-profile-1366.png'), fullPage: true });

    await page.keyboard.type('Branch relay');
    await page.keyboard.press('Enter');
    await form.getByRole('textbox', { name: 'Mail domain' }).focus();
    await page.keyboard.type('branch.example.net');
    await page.keyboard.press('Enter');
    expect(await savedNames()).toEqual(['Local test server']);
    await page.getByText('New profile, not saved yet').waitFor();

    // User name, then Set: the focus lands in the password field.
    await form.getByRole('textbox', { name: 'User name' }).focus();
    await page.keyboard.type('relay-user');
    await page.keyboard.press('Tab'); // Mechanism
    await page.keyboard.press('Tab'); // Set
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } }).document.activeElement?.textContent?.trim())).toBe('Set');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { type?: string } | null } }).document.activeElement?.type)).toBe('password');
    await page.keyboard.type('Canary-Draft-9');
    await page.keyboard.press('Enter');
    expect(await savedNames()).toEqual(['Local test server']);

    await page.keyboard.press('Control+s');
    await list().getByRole('option', { name: /Branch relay/, selected: true }).waitFor();
    expect((await savedNames()).sort()).toEqual(['Branch relay', 'Local test server']);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await form.locator('[data-test="password-stored"]').waitFor();
  });

  it('a draft with a missing field is not saved: Save shows what to fix; leaving it asks first', async () => {
    const { page } = app!;
    await page.keyboard.press('Control+n');
    const form = page.getByRole('form', { name: 'Profile settings' });
    await page.keyboard.type('Half done');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.getByText('Enter a domain or a server name').waitFor();
    expect(await form.getByRole('textbox', { name: 'Mail domain' }).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await savedNames()).not.toContain('Half done');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: path.join(resultsDir, 'draft-errors-1024.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });

    await list().getByRole('option', { name: /Local test server/ }).click();
    const ask = page.getByRole('alertdialog', { name: 'Unsaved changes' });
    await ask.getByText('The new profile is not saved. Discard it?').waitFor();
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    expect(await form.getByRole('textbox', { name: 'Profile name' }).inputValue()).toBe('Half done');
    // Discard is the explicit way out: back to the profile shown before.
    await form.getByRole('button', { name: 'Discard', exact: true }).click();
    await list().getByRole('option', { name: /Branch relay/, selected: true }).waitFor();
    expect(await savedNames()).not.toContain('Half done');
  });

  it('the sidebar shows the last result in words, and Duplicate, Rename and Delete work', async () => {
    const { page } = app!;
    await page.getByRole('tab', { name: 'Wizard' }).click();
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: /^Finished:/ }).waitFor({ timeout: 45_000 });
    // branch.example.net has no MX on the test DNS server: the run fails, and the sidebar says so.
    await list().getByRole('option', { name: /Branch relay.*last run failed/ }).waitFor();

    await page.getByRole('button', { name: 'Duplicate', exact: true }).click();
    await page.getByText('The password was not copied').waitFor();
    await list().getByRole('option', { name: /Branch relay \(copy\)/, selected: true }).waitFor();

    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    const rename = page.getByRole('dialog', { name: 'Rename profile' });
    const input = rename.getByRole('textbox', { name: 'New name' });
    await input.fill('branch RELAY');
    await rename.getByText('Another profile is already called "Branch relay"').waitFor();
    expect(await rename.getByRole('button', { name: 'Rename', exact: true }).isDisabled()).toBe(true);
    await input.fill('Branch relay, second site');
    await page.keyboard.press('Enter');
    await list().getByRole('option', { name: /Branch relay, second site/, selected: true }).waitFor();

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete profile' });
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(async () => (await savedNames()).sort()).toEqual(['Branch relay', 'Local test server']);
    await page.screenshot({ path: path.join(resultsDir, 'draft-sidebar-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: path.join(resultsDir, 'draft-sidebar-1024.png'), fullPage: true });
  });

  it('the welcome closes for good: it is gone after browser mode restarts', async () => {
    const notices = () => app!.page.getByRole('region', { name: 'Notices' });
    await notices().getByText(/^Welcome/).waitFor();
    await notices().getByRole('button', { name: 'Dismiss the welcome for good' }).click();
    await expect.poll(() => readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).toContain('"welcomeDismissed": true');
    await app!.close();
    app = await startApp({ dataDir });
    await list().getByRole('option', { name: /Branch relay/ }).waitFor();
    expect(await app.page.getByText(/^Welcome/).count()).toBe(0);
  });
});

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'a new profile whose password could not be stored', () => {
  let app: E2eApp | undefined;
  afterAll(async () => {
    await app?.close();
  });

  it('keeps the typed password in the saved profile\'s form, and Save stores it once the store works again', async () => {
    const refusing = { now: true };
    const memory = memorySecretStore();
    // A keyring that says no while `refusing.now` is set.
    const secrets: SecretStore = {
      ...memory,
      encrypt: (plain) => {
        if (refusing.now) throw new Error('the keyring refused');
        return memory.encrypt(plain);
      },
    };
    app = await startApp({ secrets });
    const { page } = app;
    await page.setViewportSize({ width: 1366, height: 768 });
    const list = page.getByRole('listbox', { name: 'Profiles' });
    await list.getByRole('option', { name: /Local test server/ }).waitFor();
    await page.keyboard.press('Control+n');
    const form = page.getByRole('form', { name: 'Profile settings' });
    await form.getByRole('textbox', { name: 'Profile name' }).fill('Keyring relay');
    await form.getByRole('textbox', { name: 'Mail domain' }).fill('keyring.example.net');
    await form.getByRole('textbox', { name: 'User name' }).fill('keyring-user');
    await form.getByRole('button', { name: 'Set', exact: true }).click();
    await form.getByRole('textbox', { name: 'Password' }).fill('Typed-Once-42');
    await form.getByRole('button', { name: 'Save', exact: true }).click();

    await list.getByRole('option', { name: /Keyring relay/, selected: true }).waitFor();
    await page.getByText('Profile saved, password not saved').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Keyring relay' }).waitFor();
    expect(await form.getByRole('textbox', { name: 'Password' }).inputValue()).toBe('Typed-Once-42');
    expect(await form.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(false);
    await page.screenshot({ path: path.join(resultsDir, 'new-profile-password-not-saved-1366.png'), fullPage: true });

    refusing.now = false;
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.locator('[data-test="password-stored"]').waitFor();
    const listed = await app.service!['profiles/list']({});
    expect(listed.ok && listed.value.filter((p) => p.name === 'Keyring relay').map((p) => p.hasPassword)).toEqual([true]);
  });
});

function readdirRecursive(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[]).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
