/**
 * A check over both IP versions kept as one item, in the real renderer: Both IP versions against
 * the DNS peer's dual.probe.test (A 127.0.0.1, AAAA ::1) with only the IPv4 listener, then Recent
 * runs lists one item for the two runs, Open shows the comparison again (and each version's
 * steps and transcript), and Export gives one ticket: the comparison table first, then both
 * transcripts. Its JSON export, dropped on the window, opens as the same comparison.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { DNS_PEER_SERVER, DNS_ZONE, dualAvailable } from '../helpers/dns-peer.ts';
import { startHostileServer, type HostileServer } from '../helpers/hostile-server.ts';
import { describeWithPeer } from '../helpers/peers.ts';
import { script } from '../helpers/smtp-script.ts';
import { seriousViolations } from './axe.ts';
import { dropFile } from './drop-file.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const ready = async () => inject('rendererDir') !== '' && (await chromiumAvailable()) && (await dualAvailable());

await describeWithPeer('Chromium, the built renderer and the DNS peer with dual.probe.test', ready, 'Both IP versions in Recent runs and exports', () => {
  let app: E2eApp;
  let server: HostileServer;
  let json: { name: string; text: string };
  beforeAll(async () => {
    server = await startHostileServer({ greeting: '220 dual.test ESMTP\r\n', onLine: script({}) });
    app = await startApp({ runDefaults: { dnsServer: DNS_PEER_SERVER, publicIpResolvers: [] } });
    await app.page.setViewportSize({ width: 1366, height: 768 });
    const fields = { name: 'Dual history', targetKind: 'host' as const, target: DNS_ZONE.dual.name, port: server.port, security: 'none' as const, tlsVerify: true, ehloName: 'client.smtp-probe.test', family: 0 as const, allowPlaintextAuth: false, to: [], headers: [], timeouts: {}, stopAfter: 'ehlo' as const };
    expect((await app.service!['profiles/save']({ fields })).ok).toBe(true);
    await app.page.reload();
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('runs both versions, and Recent runs lists them as one item that opens with the comparison', async () => {
    const { page } = app;
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Dual history/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Dual history' }).waitFor();
    await page.getByRole('button', { name: 'Both IP versions', exact: true }).click();
    await page.getByTestId('family-comparison').waitFor({ timeout: 45_000 });
    // Right after the run, the wizard's Export is of the pair too.
    await page.getByRole('tabpanel', { name: 'Wizard' }).getByRole('button', { name: 'Export', exact: true }).click();
    const wizardExport = page.getByRole('dialog', { name: 'Export both IP versions for a ticket' });
    await expect.poll(() => wizardExport.getByRole('textbox', { name: 'Export preview' }).inputValue()).toContain('======== Over IPv6 ========');
    await wizardExport.getByRole('button', { name: 'Close' }).first().click();

    await page.getByRole('tab', { name: 'Recent runs' }).click();
    const recent = page.getByRole('region', { name: 'Recent runs' });
    await recent.getByTestId('recent-run-pair').waitFor();
    expect(await recent.locator('tbody tr').count()).toBe(1);
    expect(await recent.getByTestId('recent-run-pair-outcomes').innerText()).toBe('IPv4 works, IPv6 fails');
    expect(await seriousViolations(page)).toEqual([]);
    await app.screenshot('31-recent-runs-both-ip-versions');

    await recent.getByRole('button', { name: 'Open', exact: true }).click();
    const panel = page.getByTestId('family-comparison');
    await panel.waitFor();
    expect(await page.getByRole('tab', { name: 'Wizard' }).getAttribute('aria-selected')).toBe('true');
    expect(await panel.getByTestId('family-head-ipv4').innerText()).toMatch(/IPv4\s+works\s+127\.0\.0\.1/);
    expect(await panel.getByTestId('family-head-ipv6').innerText()).toMatch(/IPv6\s+fails\s+::1/);
    expect(await panel.getByTestId('family-finding').innerText()).toContain('IPv6 fails while IPv4 works');
    // Reopened with the IPv4 run's steps; the IPv6 header shows that run's steps and transcript instead.
    const transcript = page.getByRole('region', { name: 'Transcript' });
    await transcript.getByText(/^220 dual\.test/).first().waitFor();
    await panel.getByTestId('family-show-ipv6').click();
    await transcript.getByText(/connection refused/).first().waitFor();
    expect(await panel.getByTestId('family-show-ipv6').getAttribute('aria-pressed')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await app.screenshot('31-both-ip-versions-reopened');
    await page.setViewportSize({ width: 1024, height: 700 });
    await app.screenshot('31-both-ip-versions-reopened-1024');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('exports the pair as one ticket: the comparison table first, then each transcript', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Recent runs' }).click();
    await page.getByRole('region', { name: 'Recent runs' }).getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export both IP versions for a ticket' });
    const preview = dialog.getByRole('textbox', { name: 'Export preview' });
    await expect.poll(() => preview.inputValue()).toContain('======== Over IPv6 ========');
    const text = await preview.inputValue();
    expect(text.split('\n')[0]).toMatch(/^IPv6 fails while IPv4 works: the AAAA record of dual\.probe\.test points to ::1/);
    const table = text.indexOf('Over IPv4 and IPv6\n');
    expect(table).toBeGreaterThan(0);
    expect(text.slice(table)).toMatch(/^Over IPv4 and IPv6\n {2}Version +Address +Verdict +Time +Failed step\n {2}IPv4 +127\.0\.0\.1 +works/);
    const four = text.indexOf('======== Over IPv4 ========');
    const six = text.indexOf('======== Over IPv6 ========');
    expect(table < four && four < six).toBe(true);
    expect(text.slice(four, six)).toContain('<- 220 dual.test ESMTP');
    expect(text.slice(six)).toContain('connection refused');
    await app.screenshot('31-export-both-ip-versions');

    await dialog.getByText('HTML', { exact: true }).click();
    await expect.poll(() => preview.inputValue()).toContain('<table class="families">');
    const [html] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Save…' }).click()]);
    expect(html.suggestedFilename()).toMatch(/^smtp-probe-dual\.probe\.test-ipv4-ipv6-.*\.html$/);
    expect(readFileSync(await html.path(), 'utf8')).toContain('<h2>Over IPv6</h2>');

    await dialog.getByText('JSON', { exact: true }).click();
    await expect.poll(() => preview.inputValue()).toContain('"kind": "ip-versions"');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Save…' }).click()]);
    json = { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    expect(JSON.parse(json.text)).toMatchObject({ kind: 'ip-versions', outcomes: { ipv4: 'pass', ipv6: 'fail' }, ipv4: { profileName: 'Dual history' } });
  });

  it('the JSON export of the pair, dropped on the window, opens read-only with its comparison', async () => {
    const { page } = app;
    await dropFile(page, json.name, json.text);
    const view = page.getByTestId('opened-report');
    await view.getByTestId('opened-report-banner').waitFor();
    const panel = view.getByTestId('family-comparison');
    await panel.waitFor();
    expect(await panel.getByTestId('family-head-ipv6').innerText()).toMatch(/IPv6\s+fails\s+::1/);
    expect(await page.getByTestId('run-status').innerText()).toBe('read-only');
    await panel.getByTestId('family-show-ipv6').click();
    await view.getByRole('region', { name: 'Transcript' }).getByText(/connection refused/).first().waitFor();
    await app.screenshot('31-both-ip-versions-opened-file');
    await view.getByTestId('close-opened-report').click();
    await view.waitFor({ state: 'detached' });
  });
});
