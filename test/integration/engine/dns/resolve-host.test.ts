/**
 * resolveHost: the addresses the runner connects to, asked of the DNS peer.
 */
import { describe, expect, it } from 'vitest';
import { DnsInputError } from '../../../../electron/engine/dns/names.ts';
import { resolveHost } from '../../../../electron/engine/dns/resolve-host.ts';
import { DNS_PEER_SERVER, DNS_ZONE as Z, dnsPeerAvailable, dnsPeerOptions } from '../../../helpers/dns-peer.ts';
import { describeWithPeer } from '../../../helpers/peers.ts';

describe('resolveHost without DNS', () => {
  it('passes IP literals through, in every written form', async () => {
    expect(await resolveHost('127.0.0.1', 0)).toMatchObject({ outcome: 'ok', source: 'literal', addresses: [{ address: '127.0.0.1', family: 4 }] });
    expect(await resolveHost('[::1]', 6)).toMatchObject({ outcome: 'ok', addresses: [{ address: '::1', family: 6 }] });
    expect(await resolveHost('[IPv6:0:0::1]', 0)).toMatchObject({ addresses: [{ address: '::1', family: 6 }] });
  });

  it('refuses a literal of the other family, a bad name and a bad family before anything is sent', async () => {
    await expect(resolveHost('127.0.0.1', 6)).rejects.toThrow(/IPv4 address, but IPv6/);
    await expect(resolveHost('bad host', 0, dnsPeerOptions())).rejects.toThrow(DnsInputError);
    await expect(resolveHost('mx1.probe.test', 5 as never, dnsPeerOptions())).rejects.toThrow(/family/);
  });
});

await describeWithPeer('the DNS peer (dnsmasq, test/peers/dns)', dnsPeerAvailable, 'resolveHost against the DNS peer', () => {
  it('returns IPv4 then IPv6 for family 0, and one family when asked', async () => {
    expect(await resolveHost(Z.mx1.name, 0, dnsPeerOptions())).toMatchObject({
      outcome: 'ok',
      source: DNS_PEER_SERVER,
      addresses: [
        { address: Z.mx1.a, family: 4 },
        { address: Z.mx1.aaaa, family: 6 },
      ],
    });
    expect((await resolveHost(Z.mx1.name, 4, dnsPeerOptions())).addresses).toEqual([{ address: Z.mx1.a, family: 4 }]);
    expect((await resolveHost(Z.mx1.name, 6, dnsPeerOptions())).addresses).toEqual([{ address: Z.mx1.aaaa, family: 6 }]);
  });

  it.each([
    [Z.nxdomain, 'nxdomain'],
    [Z.nodata, 'nodata'],
    [Z.servfail, 'servfail'],
    [Z.timeout, 'timeout'],
  ])('reports %s as %s with a message', async (host, outcome) => {
    const resolved = await resolveHost(host, 0, dnsPeerOptions());
    expect(resolved).toMatchObject({ outcome, addresses: [] });
    expect(resolved.errorMessage).toBeTruthy();
  });
});
