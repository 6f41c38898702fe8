/**
 * "Both IP versions" in the real renderer: the profile runs over IPv4, then over IPv6, and the
 * two show side by side. The server name is the DNS peer's dual.probe.test (A 127.0.0.1, AAAA ::1)
 * and only the IPv4 listener exists, the common real-world case: the IPv6 column fails at the
 * connection and the finding says the AAAA points where nothing listens.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { DNS_PEER_SERVER, DNS_ZONE, dualAvailable } from '../helpers/dns-peer.ts';
import { startHostileServer, type HostileServer } from '../helpers/hostile-server.ts';
import { describeWithPeer } from '../helpers/peers.ts';
import { script } from '../helpers/smtp-script.ts';
import { chromiumAvailable, startApp } from './harness.ts';
import type { E2eApp } from './harness.ts';

const ready = async () => inject('rendererDir') !== '' && (await chromiumAvailable()) && (await dualAvailable());

await describeWithPeer('Chromium, the built renderer and the DNS peer with dual.probe.test', ready, 'Both IP versions in the wizard', () => {
  let app: E2eApp;
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer({ greeting: '220 dual.test ESMTP\r\n', onLine: script({}) });
    app = await startApp({ runDefaults: { dnsServer: DNS_PEER_SERVER, publicIpResolvers: [] } });
    await app.page.setViewportSize({ width: 1366, height: 768 });
    const fields = { name: 'Dual stack', targetKind: 'host' as const, target: DNS_ZONE.dual.name, port: server.port, security: 'none' as const, tlsVerify: true, ehloName: 'client.smtp-probe.test', family: 0 as const, allowPlaintextAuth: false, to: [], headers: [], timeouts: {}, stopAfter: 'ehlo' as const };
    expect((await app.service!['profiles/save']({ fields })).ok).toBe(true);
    await app.page.reload();
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('runs over IPv4 then IPv6 and shows the two side by side, with the AAAA finding', async () => {
    const { page } = app;
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /Dual stack/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Dual stack' }).waitFor();
    await page.getByRole('button', { name: 'Both IP versions', exact: true }).click();
    const panel = page.getByTestId('family-comparison');
    await panel.waitFor({ timeout: 45_000 });
    expect(await panel.getByTestId('family-head-ipv4').innerText()).toMatch(/IPv4\s+works\s+127\.0\.0\.1/);
    expect(await panel.getByTestId('family-head-ipv6').innerText()).toMatch(/IPv6\s+fails\s+::1/);
    expect(await panel.getByTestId('family-ipv4-connect').innerText()).toMatch(/^pass/);
    expect(await panel.getByTestId('family-ipv6-connect').innerText()).toMatch(/^fail/);
    expect(await panel.getByTestId('family-finding').innerText()).toContain(`IPv6 fails while IPv4 works: the AAAA record of dual.probe.test points to ::1, where nothing listens on port ${server.port}.`);
    expect(server.remoteAddresses).toEqual(['127.0.0.1']);
    await app.screenshot('30-wizard-both-ip-versions');
    await page.setViewportSize({ width: 1024, height: 700 });
    await app.screenshot('30-wizard-both-ip-versions-1024');
  });

  it('is not offered for a profile that fixes one version (its title says why)', async () => {
    const { page } = app;
    const fields = { name: 'IPv4 only', targetKind: 'host' as const, target: '127.0.0.1', port: server.port, security: 'none' as const, tlsVerify: true, family: 0 as const, allowPlaintextAuth: false, to: [], headers: [], timeouts: {} };
    expect((await app.service!['profiles/save']({ fields })).ok).toBe(true);
    await page.reload();
    await page.getByRole('listbox', { name: 'Profiles' }).getByRole('option', { name: /IPv4 only/ }).click();
    const button = page.getByRole('button', { name: 'Both IP versions', exact: true });
    await expect.poll(() => button.getAttribute('aria-disabled')).toBe('true');
    expect(await button.getAttribute('title')).toBe('Not for this profile: the server 127.0.0.1 is an IP address of one version; give a name with A and AAAA records to check both');
  });
});
