/**
 * The whole wizard in the real UI against a real MTA: the Postfix peer on 127.0.0.1:25 (STARTTLS
 * optional, no AUTH), a profile saved through the handler table, Run all in the UI, and the test
 * message found in the peer's mailbox. The peer's certificate comes from a test CA the profile
 * cannot name, so the profile inspects it without verification: STARTTLS may warn, nothing may fail.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { describeWithPeer } from '../helpers/peers.ts';
import { postfixAvailable, postfixPeer, waitForDelivery } from '../helpers/postfix-peer.ts';
import { chromiumAvailable, savePostfixProfile, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const ready = async () => inject('rendererDir') !== '' && (await chromiumAvailable()) && (await postfixAvailable());

await describeWithPeer('Chromium, the built renderer and the Postfix peer', ready, 'wizard against Postfix', () => {
  let app: E2eApp;
  const subject = `SMTP Probe e2e ${Date.now()}`;

  beforeAll(async () => {
    app = await startApp();
    await savePostfixProfile(app, subject);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('runs every step and the message reaches the mailbox', async () => {
    const { page } = app;
    const peer = postfixPeer();
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Postfix peer/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Postfix peer' }).waitFor();
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: /^Finished:/ }).waitFor({ timeout: 45_000 });
    const article = (name: string) => page.getByRole('article', { name, exact: true });
    // The wizard's steps (Connect and Send hold several engine steps), then those engine steps.
    for (const name of ['Connect', 'EHLO', 'Send', 'QUIT']) expect(await article(name).getByTestId('group-status').innerText(), name).toBe('pass');
    for (const name of ['TCP connection', 'Banner', 'MAIL FROM', 'RCPT TO', 'DATA']) expect(await article(name).getByTestId('step-status').innerText(), name).toBe('pass');
    expect(await article('STARTTLS').getByTestId('group-status').innerText()).toMatch(/^(pass|warn)$/);
    // Auth is not offered by this peer without a user name: skipped, not failed.
    expect(await article('Auth').getByTestId('group-status').innerText()).toBe('skipped');
    await app.screenshot('08-wizard-postfix');
    const delivered = await waitForDelivery(peer.mailboxDir, subject);
    expect(delivered.content).toContain(`From: probe@${peer.domain}`);
  });
});

await describeWithPeer('Chromium, the built renderer and the Postfix peer', ready, 'step by step against Postfix, certificate verified', () => {
  let app: E2eApp;

  beforeAll(async () => {
    const peer = postfixPeer();
    app = await startApp();
    await app.page.setViewportSize({ width: 1366, height: 768 });
    // The peer's certificate comes from a test CA the profile does not name: verified, it fails.
    const saved = await app.service!['profiles/save']({
      fields: { name: 'Postfix strict', targetKind: 'host', target: peer.host, port: peer.ports.submission, security: 'starttls', tlsVerify: true, ehloName: 'client.smtp-probe.test', family: 4, allowPlaintextAuth: false, to: [], headers: [], timeouts: {} },
    });
    expect(saved.ok).toBe(true);
    await app.page.reload();
    await app.page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Postfix strict/ }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Postfix strict' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('Run to here on EHLO shows the EHLO reply of Postfix at once; STARTTLS then shows the 220 before the failed handshake', async () => {
    const { page } = app;
    const article = (name: string) => page.getByRole('article', { name, exact: true });
    await article('EHLO').getByRole('button', { name: 'Run to here: EHLO' }).click();
    await page.getByTestId('run-status').filter({ hasText: 'paused' }).waitFor({ timeout: 30_000 });
    expect(await article('EHLO').getByTestId('group-status').innerText()).toBe('pass');
    expect(await article('EHLO').getByTestId('step-summary').innerText()).toMatch(/STARTTLS/);
    await page.getByTestId('run-next').click();
    const verdict = page.getByTestId('run-result');
    await verdict.filter({ hasText: /^Finished: failed at STARTTLS\./ }).waitFor({ timeout: 30_000 });
    const details = article('STARTTLS').getByTestId('step-result-starttls');
    expect(await details.innerText()).toMatch(/C: STARTTLS\s+S: 220 /);
    expect(await details.innerText()).not.toContain('(no reply)');
    const fits = await article('STARTTLS').getByTestId('tls-chain').evaluate((el) => ({ table: el.scrollWidth, column: el.closest('article')!.clientWidth }));
    expect(fits.table).toBeLessThanOrEqual(fits.column);
    await verdict.getByRole('button', { name: 'Show STARTTLS' }).click();
    await app.screenshot('25-postfix-starttls-untrusted');
  });
});
