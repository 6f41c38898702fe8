/**
 * A receiver's explanation reaches the ticket: a wizard run against a scripted server on loopback
 * that refuses RCPT with Postfix's DNS blocklist wording is exported from the real Export dialog,
 * as Text and as HTML, and each downloaded file names the list's operator, the cause, the fix and
 * the lookup page the known-replies matcher gave the finding (a real link in the HTML file).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHostileServer, type HostileServer } from '../helpers/hostile-server.ts';
import { script } from '../helpers/smtp-script.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const REFUSAL = '554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.1';
const hasRenderer = async () => inject('rendererDir') !== '' && (await chromiumAvailable());

describe.skipIf(!(await hasRenderer()))('a blocklist refusal in an exported run', () => {
  let app: E2eApp;
  let server: HostileServer;

  beforeAll(async () => {
    server = await startHostileServer({ greeting: '220 listed.test ESMTP Postfix\r\n', onLine: script({ RCPT: `${REFUSAL}\r\n` }) });
    app = await startApp();
    await app.page.setViewportSize({ width: 1366, height: 768 });
    const saved = await app.service!['profiles/save']({
      fields: {
        name: 'Listed relay',
        targetKind: 'host',
        target: '127.0.0.1',
        port: server.port,
        security: 'none',
        tlsVerify: false,
        ehloName: 'client.smtp-probe.test',
        family: 4,
        allowPlaintextAuth: false,
        from: 'probe@client.smtp-probe.test',
        to: ['someone@listed.test'],
        subject: 'blocklist export',
        headers: [],
        timeouts: {},
      },
    });
    expect(saved.ok).toBe(true);
    await app.page.reload();
    await app.page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Listed relay/ }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Listed relay' }).waitFor();
    await app.page.getByRole('button', { name: 'Run all', exact: true }).click();
    await app.page.getByRole('alert').filter({ hasText: /^Finished:/ }).waitFor({ timeout: 45_000 });
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  /** Picks the format in the Export dialog and returns the file Save… downloads. */
  async function exported(label: 'Text' | 'HTML', marker: RegExp): Promise<string> {
    const { page } = app;
    await page.getByRole('tabpanel', { name: 'Wizard' }).getByRole('button', { name: 'Export', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Export run for a ticket' });
    await dialog.getByText(label, { exact: true }).click();
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Export preview' }).inputValue()).toMatch(marker);
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Save…' }).click()]);
    const text = readFileSync(await download.path(), 'utf8');
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await dialog.waitFor({ state: 'hidden' });
    return text;
  }

  it.each([
    ['Text', /rcpt\.blocklisted/],
    ['HTML', /<html/i],
  ] as const)('the %s file names Spamhaus, the cause, the fix and the lookup page', async (label, marker) => {
    // The server really refused: the RCPT line reached it and nothing after it but QUIT.
    expect(server.lines.map((l) => l.split(/[ :]/)[0])).toEqual(['EHLO', 'MAIL', 'RCPT', 'QUIT']);
    const file = await exported(label, marker);
    expect(file).toContain('rcpt.blocklisted');
    expect(file).toContain('Spamhaus');
    // The cause (the address looked up in the named list) and the fix, from the known-replies table.
    expect(file).toMatch(/looked up 127\.0\.0\.1 in the DNS blocklist zen\.spamhaus\.org/);
    expect(file).toContain('Find and stop the cause first');
    expect(file).toContain('https://check.spamhaus.org/');
    // The finding's page: a real link in HTML, the URL in text, both the table's lookup page.
    if (label === 'HTML') expect(file).toMatch(/<a href="https:\/\/check\.spamhaus\.org\/[^"]*" rel="noreferrer noopener">/);
    else expect(file).toMatch(/^ {10}More: https:\/\/check\.spamhaus\.org\//m);
    expect(app.pageErrors).toEqual([]);
  });
});
