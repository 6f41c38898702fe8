/**
 * A self-signed certificate in the real UI: a profile pointed at the built-in server by address,
 * with nothing that trusts its certificate, fails STARTTLS; the card shows the certificate and
 * offers Copy PEM, Trust and Inspect anyway. Inspect anyway goes on for one run; "Trust this
 * certificate for this profile" pins it, and the next Run all passes. A stored password is
 * forgotten by the pin (it was entered for the unpinned binding), and the card says so.
 */
import { X509Certificate } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import type { ProfileFields } from '../../shared/profile.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());

const group = (page: Page, name: string) => page.getByRole('article', { name, exact: true });
const groupStatus = (page: Page, name: string) => group(page, name).getByTestId('group-status').innerText();

async function finishRun(page: Page): Promise<void> {
  await page.getByRole('alert').filter({ hasText: /^Finished:/ }).waitFor({ timeout: 45_000 });
}

await describeWithPeer('Chromium and the built renderer', hasRenderer, 'a self-signed certificate in the wizard', () => {
  let app: E2eApp;
  let fields: ProfileFields;
  let pemFingerprint: string;
  let profileId: string;

  beforeAll(async () => {
    app = await startApp();
    await app.page.setViewportSize({ width: 1366, height: 768 });
    const status = await app.service!['sandbox/start']({});
    if (!status.ok || status.value.smtpPort === undefined) throw new Error('the built-in server did not start');
    fields = {
      name: 'Self-signed server',
      targetKind: 'host',
      target: '127.0.0.1',
      port: status.value.smtpPort,
      security: 'starttls',
      tlsVerify: true,
      ehloName: 'client.smtp-probe.test',
      family: 4,
      allowPlaintextAuth: false,
      from: 'me@sandbox.smtp-probe.test',
      to: ['you@sandbox.smtp-probe.test'],
      headers: [],
      timeouts: {},
    };
    const saved = await app.service!['profiles/save']({ fields });
    if (!saved.ok) throw new Error(saved.error.message);
    profileId = saved.value.id;
    await app.page.reload();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('STARTTLS fails, and the card shows the certificate with its SHA-256 fingerprint and the three choices', async () => {
    const { page } = app;
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Self-signed server/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Self-signed server' }).waitFor();
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await finishRun(page);
    expect(await groupStatus(page, 'STARTTLS')).toBe('fail');
    const actions = group(page, 'STARTTLS').getByTestId('certificate-actions');
    await actions.waitFor();
    pemFingerprint = await actions.getByTestId('certificate-fingerprint').innerText();
    expect(pemFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    await actions.getByText('(self-signed)').waitFor();
    await actions.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    for (const name of ['Copy PEM', 'Trust this certificate for this profile', 'Inspect anyway (this run only)']) {
      expect(await actions.getByRole('button', { name }).isVisible(), name).toBe(true);
    }
    await app.screenshot('cert-01-untrusted');
  });

  it('Copy PEM puts the certificate on the clipboard, and it is the one whose fingerprint the card shows', async () => {
    const { page } = app;
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await group(page, 'STARTTLS').getByRole('button', { name: 'Copy PEM' }).click();
    await group(page, 'STARTTLS').getByTestId('certificate-note').filter({ hasText: 'on the clipboard' }).waitFor();
    const pem = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(new X509Certificate(pem).fingerprint256).toBe(pemFingerprint);
  });

  it('Inspect anyway goes on for this run only: STARTTLS warns, and the profile still verifies', async () => {
    const { page } = app;
    await group(page, 'STARTTLS').getByRole('button', { name: 'Inspect anyway (this run only)' }).click();
    await finishRun(page);
    expect(await groupStatus(page, 'STARTTLS')).toBe('warn');
    expect(await groupStatus(page, 'Send')).toBe('pass');
    await group(page, 'STARTTLS').getByText('"inspect anyway" is on').waitFor();
    await group(page, 'STARTTLS').getByTestId('tls-result').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const listed = await app.service!['profiles/list']({});
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.find((p) => p.id === profileId)).toMatchObject({ tlsVerify: true });
    expect(listed.value.find((p) => p.id === profileId)?.tlsPin).toBeUndefined();
    await app.screenshot('cert-02-inspected-anyway');
  });

  it('"Trust this certificate for this profile" pins it, and Run all then passes with the certificate trusted by its pin', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await finishRun(page);
    await group(page, 'STARTTLS').getByRole('button', { name: 'Trust this certificate for this profile' }).click();
    await group(page, 'STARTTLS').getByTestId('certificate-note').filter({ hasText: 'now trusted' }).waitFor();
    const listed = await app.service!['profiles/list']({});
    if (!listed.ok) throw new Error(listed.error.message);
    const expected = `sha256:${pemFingerprint.replace(/:/g, '').toLowerCase()}`;
    expect(listed.value.find((p) => p.id === profileId)?.tlsPin).toBe(expected);

    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await finishRun(page);
    expect(await groupStatus(page, 'STARTTLS')).toBe('pass');
    for (const name of ['Connect', 'EHLO', 'Send', 'QUIT']) expect(await groupStatus(page, name), name).toBe('pass');
    expect(await group(page, 'STARTTLS').getByTestId('tls-verdict').innerText()).toBe('trusted (pinned)');
    await group(page, 'STARTTLS').getByTestId('tls-result').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await app.screenshot('cert-03-trusted-by-pin');
  });

  it('Settings shows the trusted certificate and the "still log in" choice with its risk', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Settings' }).click();
    const trusted = page.getByTestId('trusted-certificate');
    await trusted.waitFor();
    expect(await trusted.innerText()).toContain('sha256:');
    await page.getByText('Inspect anyway, and still log in').click();
    await page.getByTestId('unverified-auth-risk').waitFor();
    await trusted.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    expect(await page.getByTestId('unverified-auth-risk').innerText()).toMatch(/Risk: .*password is sent anyway/s);
    await app.screenshot('cert-04-settings');
    await page.getByText('Inspect anyway, and still log in').click();
  });

  it('trusting a certificate forgets a stored password, and the card says so', async () => {
    const { page } = app;
    const withPassword = await app.service!['profiles/save']({ fields: { ...fields, name: 'Self-signed with login', authUser: 'someone' }, password: 'secret-pw-1' });
    if (!withPassword.ok) throw new Error(withPassword.error.message);
    await page.reload();
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Self-signed with login/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Self-signed with login' }).waitFor();
    await page.getByRole('tab', { name: 'Wizard' }).click();
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await finishRun(page);
    await group(page, 'STARTTLS').getByRole('button', { name: 'Trust this certificate for this profile' }).click();
    await group(page, 'STARTTLS').getByTestId('certificate-note').filter({ hasText: 'The saved password was forgotten' }).waitFor();
    const listed = await app.service!['profiles/list']({});
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.find((p) => p.id === withPassword.value.id)).toMatchObject({ hasPassword: false });
  });

  it('the page logged no errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
