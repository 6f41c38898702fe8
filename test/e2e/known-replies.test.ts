/**
 * A receiver's own wording explained in the real UI: a wizard run against the Postfix peer whose
 * RCPT to an outside domain gets Postfix's "Relay access denied"; a click on that reply in the
 * transcript shows Postfix, the cause and a How to fix block before the code-level explanation, and
 * the RCPT step's finding card carries the same cause and fix with a link to Postfix's page, which
 * main opens by id (the page never names the URL). Screenshots at 1366×768.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { postfixAvailable } from '../helpers/postfix-peer.ts';
import { chromiumAvailable, savePostfixProfile, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const ready = async () => inject('rendererDir') !== '' && (await chromiumAvailable()) && (await postfixAvailable());

await describeWithPeer('Chromium, the built renderer and the Postfix peer', ready, 'a receiver\'s wording in the wizard', () => {
  let app: E2eApp;
  const opened: string[] = [];

  beforeAll(async () => {
    app = await startApp({ openExternal: async (url) => void opened.push(url) });
    await app.page.setViewportSize({ width: 1366, height: 768 });
    await savePostfixProfile(app, 'relay refused', { name: 'Postfix relay', to: ['someone@elsewhere.example'] });
    await app.page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Postfix relay/ }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Postfix relay' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the relay refusal in the transcript opens Postfix\'s explanation with How to fix first', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: /^Finished:/ }).waitFor({ timeout: 45_000 });
    const transcript = page.getByRole('region', { name: 'Transcript' });
    await transcript.getByRole('option', { name: /S: 554 5\.7\.1/ }).first().click();
    const provider = page.getByTestId('explain-provider');
    await provider.waitFor();
    expect(await provider.getByTestId('explain-receiver').innerText()).toBe('Postfix');
    expect(await provider.getByTestId('explain-fix').innerText()).toMatch(/mynetworks/);
    expect(await provider.getByTestId('explain-provider-link').innerText()).toMatch(/reject_unauth_destination/);
    await app.screenshot('30-explain-known-reply');
    expect(app.pageErrors).toEqual([]);
  });

  it('the RCPT step\'s finding card gives Postfix\'s cause and fix, and its link opens Postfix\'s page through main', async () => {
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
    await link.click();
    await expect.poll(() => opened).toEqual(['https://www.postfix.org/postconf.5.html#reject_unauth_destination']);
    expect(app.pageErrors).toEqual([]);
  });
});
