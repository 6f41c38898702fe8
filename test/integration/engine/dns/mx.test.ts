/**
 * lookupMx against the real DNS peer (test/peers/dns/: dnsmasq on 127.0.0.1:5300), one zone case each.
 */
import { expect, it } from 'vitest';
import { CNAME_CHAIN_CAP, MX_HOST_CAP, lookupMx } from '../../../../electron/engine/dns/mx.ts';
import { createTranscript } from '../../../../electron/engine/transcript.ts';
import { DNS_PEER_SERVER, DNS_ZONE as Z, dnsPeerAvailable, dnsPeerOptions } from '../../../helpers/dns-peer.ts';
import { describeWithPeer } from '../../../helpers/peers.ts';

await describeWithPeer('the DNS peer (dnsmasq, test/peers/dns)', dnsPeerAvailable, 'lookupMx against the DNS peer', () => {
  it('sorts two MX hosts by preference and resolves A and AAAA of each', async () => {
    const mx = await lookupMx(Z.mx, dnsPeerOptions());
    expect(mx).toMatchObject({ asciiDomain: Z.mx, resolver: DNS_PEER_SERVER, outcome: 'ok', implicit: false, nullMx: false });
    expect(mx.hosts.map((host) => [host.priority, host.exchange, [...host.addresses].sort(), host.addressOutcome])).toEqual([
      [10, Z.mx1.name, [Z.mx1.a, Z.mx1.aaaa], 'ok'],
      [20, Z.mx2.name, [Z.mx2.a, Z.mx2.aaaa], 'ok'],
    ]);
    expect(mx.hosts.some((host) => host.cname !== undefined || host.invalid !== undefined)).toBe(false);
  });

  it('writes the questions to the transcript when given one', async () => {
    const transcript = createTranscript();
    await lookupMx(Z.mx, dnsPeerOptions({ transcript }));
    const lines = transcript.events.map((event) => event.text);
    expect(lines[0]).toBe(`DNS MX ${Z.mx} @${DNS_PEER_SERVER}: ok — 10 ${Z.mx1.name}, 20 ${Z.mx2.name}`);
    expect(lines).toContain(`DNS A ${Z.mx1.name} @${DNS_PEER_SERVER}: ok — ${Z.mx1.a}`);
  });

  it('uses the domain itself as implicit MX when it has no MX but an address (RFC 5321 §5.1)', async () => {
    const mx = await lookupMx(Z.implicit.name, dnsPeerOptions());
    expect(mx).toMatchObject({ outcome: 'ok', implicit: true, nullMx: false });
    expect(mx.hosts).toHaveLength(1);
    expect(mx.hosts[0]).toMatchObject({ exchange: Z.implicit.name, priority: 0, addressOutcome: 'ok' });
    expect([...(mx.hosts[0]?.addresses ?? [])].sort()).toEqual([Z.implicit.a, Z.implicit.aaaa]);
  });

  it('reports null MX (RFC 7505)', async () => {
    expect(await lookupMx(Z.nullMx, dnsPeerOptions())).toMatchObject({ outcome: 'ok', nullMx: true, implicit: false, hosts: [] });
  });

  it('detects an MX target that is a CNAME, and still resolves it', async () => {
    const mx = await lookupMx(Z.cnameMx.name, dnsPeerOptions());
    expect(mx.hosts[0]).toMatchObject({
      exchange: Z.cnameMx.target,
      cname: Z.cnameMx.alias,
      cnameChain: [Z.cnameMx.target, Z.cnameMx.alias],
      addressOutcome: 'ok',
    });
    expect(mx.hosts[0]?.addresses).toContain(Z.mx1.a);
    expect(mx.hosts[0]?.cnameLoop).toBeUndefined();
  });

  it('reports an MX target that does not resolve', async () => {
    const mx = await lookupMx(Z.unresolvable.name, dnsPeerOptions());
    expect(mx.outcome).toBe('ok');
    expect(mx.hosts).toEqual([{ exchange: Z.unresolvable.target, priority: 10, addresses: [], addressOutcome: 'nxdomain' }]);
  });

  it('reports an MX target whose addresses time out', async () => {
    const mx = await lookupMx(Z.mxTimeout.name, dnsPeerOptions());
    expect(mx.hosts[0]).toMatchObject({ exchange: Z.mxTimeout.target, addresses: [], addressOutcome: 'timeout' });
  });

  it('tells NXDOMAIN, NODATA, SERVFAIL, REFUSED and timeout apart', async () => {
    const outcomes = await Promise.all(
      [Z.nxdomain, Z.nodata, Z.servfail, Z.refused, Z.timeout].map(async (domain) => {
        const mx = await lookupMx(domain, dnsPeerOptions());
        expect(mx.implicit).toBe(false);
        expect(mx.hosts).toEqual([]);
        expect(mx.errorMessage).toBeTruthy();
        return mx.outcome;
      }),
    );
    expect(outcomes).toEqual(['nxdomain', 'nodata', 'servfail', 'refused', 'timeout']);
  });
});

await describeWithPeer('the DNS peer (dnsmasq, test/peers/dns)', dnsPeerAvailable, 'lookupMx against hostile DNS (scenario 31)', () => {
  it('caps 500 MX records (an answer only TCP can carry) at MX_HOST_CAP, lowest preference first', async () => {
    const mx = await lookupMx(Z.many.name, dnsPeerOptions());
    expect(mx.outcome).toBe('ok');
    expect(mx.hosts).toHaveLength(MX_HOST_CAP);
    expect(mx.truncated).toBe(Z.many.count - MX_HOST_CAP);
    expect(mx.hosts.map((host) => host.priority)).toEqual(Array.from({ length: MX_HOST_CAP }, (_, i) => i + 1));
    expect(mx.hosts[0]).toMatchObject({ exchange: 'mx-001.hosts.many.probe.test', addresses: [Z.many.a], addressOutcome: 'ok' });
  });

  it('marks MX targets that are (or look like) IP literals invalid without looking them up', async () => {
    const transcript = createTranscript();
    const mx = await lookupMx(Z.mxIp.name, dnsPeerOptions({ transcript }));
    expect(mx.hosts).toHaveLength(2);
    expect(mx.hosts[0]).toMatchObject({ exchange: Z.mxIp.target, addresses: [], invalid: expect.stringMatching(/IP address/) });
    expect(mx.hosts[1]).toMatchObject({ exchange: Z.mxIp.bogus, addresses: [], invalid: expect.stringMatching(/numeric label/) });
    expect(transcript.events).toHaveLength(1); // the MX question only
  });

  it('detects a CNAME loop across two servers and stops', async () => {
    const mx = await lookupMx(Z.loop.name, dnsPeerOptions());
    const host = mx.hosts[0];
    expect(host).toMatchObject({ exchange: Z.loop.target, cname: Z.loop.next, cnameLoop: true, addresses: [] });
    expect(host?.cnameChain).toEqual([Z.loop.target, Z.loop.next, Z.loop.target]);
    expect(host?.cnameChain?.length).toBeLessThanOrEqual(CNAME_CHAIN_CAP + 1);
  });

  it('gives every hostile case its own outcome', async () => {
    const results = await Promise.all([Z.many.name, Z.nullMx, Z.mxIp.name, Z.loop.name, Z.servfail, Z.timeout].map((d) => lookupMx(d, dnsPeerOptions())));
    const signature = results.map((mx) => {
      if (mx.truncated) return 'truncated';
      if (mx.nullMx) return 'null-mx';
      if (mx.hosts[0]?.invalid) return 'invalid-target';
      if (mx.hosts[0]?.cnameLoop) return 'cname-loop';
      return mx.outcome;
    });
    expect(signature).toEqual(['truncated', 'null-mx', 'invalid-target', 'cname-loop', 'servfail', 'timeout']);
  });
});
