/**
 * checkPtr against the real DNS peer: PTR records of 127.0.0.x with and without forward confirmation.
 */
import { expect, it } from 'vitest';
import { checkPtr } from '../../../../electron/engine/dns/ptr.ts';
import { DNS_CLOSED_SERVER, DNS_ZONE as Z, dnsPeerAvailable, dnsPeerOptions, startSilentDnsServer } from '../../../helpers/dns-peer.ts';
import { describeWithPeer } from '../../../helpers/peers.ts';

await describeWithPeer('the DNS peer (dnsmasq, test/peers/dns)', dnsPeerAvailable, 'checkPtr against the DNS peer', () => {
  it('confirms a PTR name that resolves back to the address (FCrDNS)', async () => {
    const ptr = await checkPtr(Z.ptr.confirmed.address, dnsPeerOptions());
    expect(ptr).toMatchObject({
      address: Z.ptr.confirmed.address,
      reverseName: '20.0.0.127.in-addr.arpa',
      outcome: 'ok',
      names: [Z.ptr.confirmed.name],
      forwardConfirmed: true,
      forward: [{ name: Z.ptr.confirmed.name, addresses: [Z.ptr.confirmed.address], outcome: 'ok', confirms: true }],
    });
  });

  it('reports a PTR name that resolves to another address', async () => {
    const ptr = await checkPtr(Z.ptr.mismatch.address, dnsPeerOptions());
    expect(ptr).toMatchObject({ outcome: 'ok', names: [Z.ptr.mismatch.name], forwardConfirmed: false });
    expect(ptr.forward).toEqual([{ name: Z.ptr.mismatch.name, addresses: [Z.ptr.mismatch.forward], outcome: 'ok', confirms: false }]);
  });

  it('reports a PTR name that does not resolve', async () => {
    const ptr = await checkPtr(Z.ptr.dangling.address, dnsPeerOptions());
    expect(ptr.forwardConfirmed).toBe(false);
    expect(ptr.forward).toEqual([{ name: Z.ptr.dangling.name, addresses: [], outcome: 'nxdomain', confirms: false }]);
  });

  it('reports an address without PTR as nxdomain', async () => {
    expect(await checkPtr(Z.ptr.missing.address, dnsPeerOptions())).toMatchObject({ outcome: 'nxdomain', names: [], forward: [], forwardConfirmed: false });
  });

  it('confirms when one of several PTR names resolves back', async () => {
    const ptr = await checkPtr(Z.ptr.multi.address, dnsPeerOptions());
    expect([...ptr.names].sort()).toEqual([...Z.ptr.multi.names].sort());
    expect(ptr.forwardConfirmed).toBe(true);
    expect(ptr.forward.filter((entry) => entry.confirms).map((entry) => entry.name)).toEqual([Z.ptr.multi.confirmedName]);
  });

  it('checks an IPv6 address at its ip6.arpa name with AAAA', async () => {
    const ptr = await checkPtr(Z.ptr.confirmed6.address, dnsPeerOptions());
    expect(ptr).toMatchObject({ reverseName: expect.stringMatching(/\.3\.5\.0\.0\.d\.f\.ip6\.arpa$/), names: [Z.ptr.confirmed6.name], forwardConfirmed: true });
  });

  it('uses the DNS server, not the hosts file: 127.0.0.1 is the zone\'s name, not "localhost"', async () => {
    // Resolver.reverse() would answer "localhost" from /etc/hosts on these machines.
    const result = await checkPtr('127.0.0.1', dnsPeerOptions());
    expect(result).toMatchObject({ outcome: 'ok', names: [Z.postfixMx.exchange], forwardConfirmed: true });
    expect(result.names).not.toContain('localhost');
  });

  it('reports a silent server as a timeout', async () => {
    const silent = await startSilentDnsServer();
    try {
      expect(await checkPtr(Z.ptr.confirmed.address, dnsPeerOptions({ server: silent.server, timeoutMs: 300 }))).toMatchObject({
        outcome: 'timeout',
        names: [],
      });
      expect(silent.received()).toBeGreaterThan(0);
    } finally {
      await silent.close();
    }
  });

  it('reports a port where nothing listens as an error, not a timeout', async () => {
    const ptr = await checkPtr(Z.ptr.confirmed.address, dnsPeerOptions({ server: DNS_CLOSED_SERVER }));
    expect(ptr).toMatchObject({ outcome: 'error', names: [] });
  });
});
