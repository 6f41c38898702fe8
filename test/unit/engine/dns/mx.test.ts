import { describe, expect, it } from 'vitest';
import { CNAME_CHAIN_CAP, MX_HOST_CAP, lookupMxWith } from '../../../../electron/engine/dns/mx.ts';
import { lookupMx } from '../../../../electron/engine/dns/mx.ts';
import { DnsInputError } from '../../../../electron/engine/dns/names.ts';
import { fakeDnsClient } from './fake-dns.ts';

describe('lookupMxWith: MX assembly', () => {
  it('sorts by preference and resolves A and AAAA of every host', async () => {
    const client = fakeDnsClient({
      'example.test MX': [
        { exchange: 'mx2.example.test', priority: 20 },
        { exchange: 'MX1.example.test.', priority: 10 },
        { exchange: 'backup.example.test', priority: 20 },
      ],
      'mx1.example.test A': ['192.0.2.1'],
      'mx1.example.test AAAA': ['2001:db8::1'],
      'mx2.example.test A': ['192.0.2.2'],
      'mx2.example.test AAAA': [],
      'backup.example.test A': [],
      'backup.example.test AAAA': [],
      'mx1.example.test CNAME': 'nodata',
      'mx2.example.test CNAME': 'nodata',
      'backup.example.test CNAME': 'nodata',
    });
    const mx = await lookupMxWith(client, 'Example.test.');
    expect(mx).toMatchObject({ domain: 'Example.test.', asciiDomain: 'example.test', resolver: '192.0.2.53:53', outcome: 'ok', implicit: false, nullMx: false });
    expect(mx.truncated).toBeUndefined();
    expect(mx.hosts).toEqual([
      { exchange: 'mx1.example.test', priority: 10, addresses: ['192.0.2.1', '2001:db8::1'], addressOutcome: 'ok' },
      { exchange: 'backup.example.test', priority: 20, addresses: [], addressOutcome: 'nodata' },
      { exchange: 'mx2.example.test', priority: 20, addresses: ['192.0.2.2'], addressOutcome: 'ok' },
    ]);
  });

  it('queries a Unicode domain by its A-label', async () => {
    const client = fakeDnsClient({ 'xn--bcher-kva.example MX': 'nxdomain' });
    const mx = await lookupMxWith(client, 'bücher.example');
    expect(client.asked).toEqual(['xn--bcher-kva.example MX']);
    expect(mx).toMatchObject({ domain: 'bücher.example', asciiDomain: 'xn--bcher-kva.example', outcome: 'nxdomain' });
  });

  it('caps the set at MX_HOST_CAP hosts and counts the rest (hostile: 500 MX)', async () => {
    const records = Array.from({ length: 500 }, (_, i) => ({ exchange: `mx${500 - i}.many.test`, priority: 500 - i }));
    const client = fakeDnsClient({ 'many.test MX': records });
    const mx = await lookupMxWith(client, 'many.test');
    expect(mx.hosts).toHaveLength(MX_HOST_CAP);
    expect(mx.truncated).toBe(480);
    expect(mx.hosts[0]).toMatchObject({ exchange: 'mx1.many.test', priority: 1, addressOutcome: 'nxdomain' });
    // Bounded work: one MX question, then A, AAAA and CNAME for each kept host only.
    expect(client.asked).toHaveLength(1 + 3 * MX_HOST_CAP);
  });

  it('reports a lone "0 ." as null MX (RFC 7505) and looks nothing else up', async () => {
    const client = fakeDnsClient({ 'nomail.test MX': [{ exchange: '', priority: 0 }] });
    const mx = await lookupMxWith(client, 'nomail.test');
    expect(mx).toMatchObject({ outcome: 'ok', nullMx: true, implicit: false, hosts: [] });
    expect(mx.errorMessage).toBeUndefined();
    expect(client.asked).toEqual(['nomail.test MX']);
  });

  it('marks a null MX mixed with other MX records as invalid', async () => {
    const client = fakeDnsClient({
      'mixed.test MX': [
        { exchange: '', priority: 0 },
        { exchange: 'mx.mixed.test', priority: 10 },
      ],
      'mx.mixed.test A': ['192.0.2.9'],
    });
    const mx = await lookupMxWith(client, 'mixed.test');
    expect(mx.nullMx).toBe(false);
    expect(mx.hosts[0]).toMatchObject({ exchange: '.', invalid: expect.stringMatching(/RFC 7505/) });
    expect(mx.hosts[1]).toMatchObject({ exchange: 'mx.mixed.test', addresses: ['192.0.2.9'] });
  });

  it('marks an IP-literal or malformed exchange invalid and does not look it up (hostile: MX -> IP)', async () => {
    const client = fakeDnsClient({
      'ip.test MX': [
        { exchange: '192.0.2.1', priority: 10 },
        { exchange: 'bad_name.ip.test', priority: 20 },
        { exchange: '999.1.1.1', priority: 30 },
      ],
    });
    const mx = await lookupMxWith(client, 'ip.test');
    expect(mx.hosts[0]).toMatchObject({ exchange: '192.0.2.1', addresses: [], invalid: expect.stringMatching(/IP address/) });
    expect(mx.hosts[1]).toMatchObject({ exchange: 'bad_name.ip.test', invalid: expect.stringMatching(/not a valid host name/) });
    expect(mx.hosts[2]).toMatchObject({ exchange: '999.1.1.1', invalid: expect.stringMatching(/numeric label/) });
    expect(client.asked).toEqual(['ip.test MX']);
  });

  it('detects an MX target that is an alias, with the chain', async () => {
    const client = fakeDnsClient({
      'alias.test MX': [{ exchange: 'mail.alias.test', priority: 10 }],
      'mail.alias.test A': ['192.0.2.7'],
      'mail.alias.test CNAME': ['real.alias.test'],
      'real.alias.test CNAME': 'nodata',
    });
    const mx = await lookupMxWith(client, 'alias.test');
    expect(mx.hosts[0]).toMatchObject({
      exchange: 'mail.alias.test',
      addresses: ['192.0.2.7'],
      addressOutcome: 'ok',
      cname: 'real.alias.test',
      cnameChain: ['mail.alias.test', 'real.alias.test'],
    });
    expect(mx.hosts[0]?.cnameLoop).toBeUndefined();
  });

  it('detects a CNAME loop and stops (hostile: CNAME loop)', async () => {
    const client = fakeDnsClient({
      'loop.test MX': [{ exchange: 'a.loop.test', priority: 10 }],
      'a.loop.test A': [],
      'a.loop.test AAAA': [],
      'a.loop.test CNAME': ['b.loop.test'],
      'b.loop.test CNAME': ['a.loop.test'],
    });
    const mx = await lookupMxWith(client, 'loop.test');
    expect(mx.hosts[0]).toMatchObject({ cname: 'b.loop.test', cnameChain: ['a.loop.test', 'b.loop.test', 'a.loop.test'], cnameLoop: true, addressOutcome: 'nodata' });
  });

  it('gives up on a chain longer than CNAME_CHAIN_CAP and calls it a loop', async () => {
    const zone: Record<string, string[]> = { 'long.test MX': [] };
    zone['long.test MX'] = [{ exchange: 'c0.long.test', priority: 1 }] as unknown as string[];
    for (let i = 0; i < 50; i += 1) zone[`c${i}.long.test CNAME`] = [`c${i + 1}.long.test`];
    const client = fakeDnsClient(zone);
    const mx = await lookupMxWith(client, 'long.test');
    expect(mx.hosts[0]?.cnameLoop).toBe(true);
    expect(mx.hosts[0]?.cnameChain?.length).toBe(CNAME_CHAIN_CAP + 1);
  });

  it('reports a target that does not resolve with its outcome', async () => {
    const client = fakeDnsClient({
      'broken.test MX': [
        { exchange: 'gone.broken.test', priority: 10 },
        { exchange: 'slow.broken.test', priority: 20 },
      ],
      'slow.broken.test A': 'timeout',
      'slow.broken.test AAAA': [],
    });
    const mx = await lookupMxWith(client, 'broken.test');
    expect(mx.outcome).toBe('ok');
    expect(mx.hosts.map((host) => [host.exchange, host.addressOutcome])).toEqual([
      ['gone.broken.test', 'nxdomain'],
      ['slow.broken.test', 'timeout'],
    ]);
  });
});

describe('lookupMxWith: no MX', () => {
  it('uses the domain itself as implicit MX when it has an address (RFC 5321 §5.1)', async () => {
    const client = fakeDnsClient({ 'plain.test MX': 'nodata', 'plain.test A': ['192.0.2.5'], 'plain.test AAAA': 'nodata' });
    const mx = await lookupMxWith(client, 'plain.test');
    expect(mx).toMatchObject({
      outcome: 'ok',
      implicit: true,
      hosts: [{ exchange: 'plain.test', priority: 0, addresses: ['192.0.2.5'], addressOutcome: 'ok' }],
    });
  });

  it('says nodata when the domain exists with neither MX nor address', async () => {
    const client = fakeDnsClient({ 'empty.test MX': 'nodata', 'empty.test A': 'nodata', 'empty.test AAAA': 'nodata' });
    const mx = await lookupMxWith(client, 'empty.test');
    expect(mx).toMatchObject({ outcome: 'nodata', implicit: false, hosts: [], errorMessage: expect.stringMatching(/no MX record and no address/) });
  });

  it('says what failed when the address lookup of an MX-less domain fails', async () => {
    const client = fakeDnsClient({ 'half.test MX': 'nodata', 'half.test A': 'servfail', 'half.test AAAA': 'nodata' });
    expect(await lookupMxWith(client, 'half.test')).toMatchObject({ outcome: 'servfail', implicit: false });
  });

  it.each(['nxdomain', 'servfail', 'timeout', 'refused', 'error'] as const)('reports %s on the MX question as it is, with no implicit MX', async (outcome) => {
    const client = fakeDnsClient({ 'x.test MX': outcome, 'x.test A': ['192.0.2.1'] });
    const mx = await lookupMxWith(client, 'x.test');
    expect(mx).toMatchObject({ outcome, implicit: false, hosts: [], errorMessage: `fake ${outcome}` });
    expect(client.asked).toEqual(['x.test MX']);
  });
});

describe('lookupMx input', () => {
  it.each(['', '192.0.2.1', '[::1]', 'a..b', 'exa mple.test'])('rejects %j before anything is sent', async (domain) => {
    const client = fakeDnsClient({});
    await expect(lookupMxWith(client, domain)).rejects.toThrow(DnsInputError);
    expect(client.asked).toEqual([]);
  });

  it('rejects a bad server option', async () => {
    await expect(lookupMx('example.test', { server: 'not-an-ip' })).rejects.toThrow(/host names are not accepted/);
  });
});
