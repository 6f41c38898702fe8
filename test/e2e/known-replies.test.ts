/**
 * A receiver's own wording explained in the real UI, in browser mode (`smtp-probe ui`): a wizard
 * run against the Postfix peer whose RCPT to an outside domain gets Postfix's "Relay access
 * denied"; a click on that reply in the transcript shows Postfix, the cause and a How to fix block
 * before the code-level explanation, and the RCPT step's finding card carries the same cause and
 * fix with a link to Postfix's page. The page names only the link's id: main resolves it through
 * its allow-list and the page opens that URL in a new tab, as every other reference link does.
 * Chromium never leaves the machine: every non-loopback request, the new tabs' included, is
 * answered by a stub route (stubOutsidePages) installed before any click. A report file whose
 * finding carries a URL of its own opens the table's page, never that URL. Screenshots at 1366×768.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { postfixAvailable } from '../helpers/postfix-peer.ts';
import { dropFile } from './drop-file.ts';
import { OUTSIDE_STUB_TITLE, chromiumAvailable, savePostfixProfile, startApp, stubOutsidePages, tabOpenedBy } from './harness.ts';
import type { E2eApp } from './harness.ts';

const ready = async () => inject('rendererDir') !== '' && (await chromiumAvailable()) && (await postfixAvailable());

/** What the new tab's window says about where it came from (Node's globals have no DOM). */
interface TabGlobals {
  opener: unknown;
  document: { referrer: string };
}

const POSTFIX_PAGE = 'https://www.postfix.org/postconf.5.html#reject_unauth_destination';

await describeWithPeer('Chromium, the built renderer and the Postfix peer', ready, 'a receiver\'s wording in the wizard', () => {
  let app: E2eApp;
  let outside: string[];

  beforeAll(async () => {
    // Browser mode as `smtp-probe ui` runs it: no host opener, so the page opens the pages itself.
    app = await startApp();
    outside = await stubOutsidePages(app.context);
    await app.page.setViewportSize({ width: 1366, height: 768 });
    await savePostfixProfile(app, 'relay refused', { name: 'Postfix relay', to: ['someone@elsewhere.example'] });
    await app.page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Postfix relay/ }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Postfix relay' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the relay refusal in the transcript opens Postfix\'s explanation with How to fix first; its link opens Postfix\'s page in a new tab', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: /^Finished:/ }).waitFor({ timeout: 45_000 });
    const transcript = page.getByRole('region', { name: 'Transcript' });
    await transcript.getByRole('option', { name: /S: 554 5\.7\.1/ }).first().click();
    const provider = page.getByTestId('explain-provider');
    await provider.waitFor();
    expect(await provider.getByTestId('explain-receiver').innerText()).toBe('Postfix');
    expect(await provider.getByTestId('explain-fix').innerText()).toMatch(/mynetworks/);
    const link = provider.getByTestId('explain-provider-link');
    expect(await link.innerText()).toMatch(/reject_unauth_destination/);
    await app.screenshot('30-explain-known-reply');

    const tab = await tabOpenedBy(app.context, () => link.click());
    expect(tab.url).toBe(POSTFIX_PAGE);
    expect(tab.title).toBe(OUTSIDE_STUB_TITLE);
    await tab.page.close();
    // The dialog's fixed references open the same way.
    const rfc = await tabOpenedBy(app.context, () => page.getByRole('button', { name: 'RFC 5321 reply codes' }).click());
    expect(rfc.url).toBe('https://www.rfc-editor.org/rfc/rfc5321');
    await rfc.page.close();
    expect(app.pageErrors).toEqual([]);
  });

  it('the RCPT step\'s finding card gives Postfix\'s cause and fix, and its link opens exactly the allow-listed page in a new tab', async () => {
    const { page } = app;
    await page.keyboard.press('Escape');
    await page.getByTestId('reply-explain-dialog').waitFor({ state: 'hidden' });
    const card = page.locator('[data-finding="rcpt.relay-denied"]');
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('Relay access denied — a known Postfix reply:');
    expect(text).toMatch(/mynetworks/);
    expect(text).not.toMatch(/--[a-z]/);
    const link = card.getByRole('button', { name: /reject_unauth_destination/ });
    await link.scrollIntoViewIfNeeded();
    await app.screenshot('31-finding-known-reply-link');
    const before = outside.length;
    const tab = await tabOpenedBy(app.context, () => link.click());
    expect(tab.url).toBe(POSTFIX_PAGE);
    // Served by the stub route: the request never left the machine.
    expect(tab.title).toBe(OUTSIDE_STUB_TITLE);
    expect(outside.slice(before)).toEqual([POSTFIX_PAGE.replace(/#.*$/, '')]);
    // No way back: the new tab has no opener and was not told this page's address.
    expect(await tab.page.evaluate(() => { const w = globalThis as unknown as TabGlobals; return [w.opener, w.document.referrer]; })).toEqual([null, '']);
    await tab.page.close();
    // The app's own page stays where it was, with no error shown under the link.
    expect(page.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(await card.locator('.finding-page [role="status"]').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });

  it('a report file whose finding names another URL opens the table\'s page by id, never that URL', async () => {
    const { page } = app;
    const runs = await app.service!['runs/latest']({});
    const run = runs.ok ? Object.values(runs.value)[0] : undefined;
    const json = await app.service!['export/render']({ profileId: run!.profileId, runId: run!.runId, format: 'json' });
    const report = JSON.parse(json.ok ? json.value.text : '{}') as { findings: Array<{ code: string; link?: { url?: string } }> };
    const denied = report.findings.find((f) => f.code === 'rcpt.relay-denied');
    // The JSON export names the page next to its id (for readers); the file here names another.
    expect(denied?.link?.url).toBe(POSTFIX_PAGE);
    denied!.link!.url = 'https://evil.example/phish';
    await dropFile(page, 'forged.json', JSON.stringify(report));
    const view = page.getByTestId('opened-report');
    const link = view.locator('[data-finding="rcpt.relay-denied"]').getByRole('button', { name: /reject_unauth_destination/ });
    await link.waitFor();
    const before = outside.length;
    const tab = await tabOpenedBy(app.context, () => link.click());
    expect(tab.url).toBe(POSTFIX_PAGE);
    await tab.page.close();
    expect(outside.slice(before).join(' ')).not.toContain('evil.example');
    expect(app.pageErrors).toEqual([]);
  });

  it('About\'s reference links open their pages in a new tab too', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'About' }).click();
    const dialog = page.getByRole('dialog', { name: 'About SMTP Probe' });
    const tab = await tabOpenedBy(app.context, () => dialog.getByRole('button', { name: 'RFC 4954 — SMTP AUTH' }).click());
    expect(tab.url).toBe('https://www.rfc-editor.org/rfc/rfc4954');
    expect(tab.title).toBe(OUTSIDE_STUB_TITLE);
    await tab.page.close();
    expect(app.pageErrors).toEqual([]);
  });
});
