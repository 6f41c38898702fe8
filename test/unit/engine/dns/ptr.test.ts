import { describe, expect, it } from 'vitest';
import { DnsInputError } from '../../../../electron/engine/dns/names.ts';
import { PTR_NAME_CAP, checkPtrWith } from '../../../../electron/engine/dns/ptr.ts';
import { fakeDnsClient } from './fake-dns.ts';

describe('checkPtrWith', () => {
  it('queries PTR at the in-addr.arpa name and confirms each name forward (FCrDNS)', async () => {
    const client = fakeDnsClient({
      '5.113.0.203.in-addr.arpa PTR': ['Mail.Example.test.', 'other.example.test'],
      'mail.example.test A': ['203.0.113.5'],
      'other.example.test A': ['203.0.113.99'],
    });
    const ptr = await checkPtrWith(client, '203.0.113.5');
    expect(client.asked.slice(0, 1)).toEqual(['5.113.0.203.in-addr.arpa PTR']);
    expect(ptr).toMatchObject({
      address: '203.0.113.5',
      reverseName: '5.113.0.203.in-addr.arpa',
      outcome: 'ok',
      names: ['mail.example.test', 'other.example.test'],
      forwardConfirmed: true,
      forward: [
        { name: 'mail.example.test', addresses: ['203.0.113.5'], outcome: 'ok', confirms: true },
        { name: 'other.example.test', addresses: ['203.0.113.99'], outcome: 'ok', confirms: false },
      ],
    });
  });

  it('reports a mismatch and a name that does not resolve as not confirmed', async () => {
    const client = fakeDnsClient({
      '5.113.0.203.in-addr.arpa PTR': ['gone.example.test'],
    });
    const ptr = await checkPtrWith(client, '203.0.113.5');
    expect(ptr.forwardConfirmed).toBe(false);
    expect(ptr.forward).toEqual([{ name: 'gone.example.test', addresses: [], outcome: 'nxdomain', confirms: false }]);
  });

  it('asks AAAA for an IPv6 address and compares canonical forms', async () => {
    const client = fakeDnsClient({
      '5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa PTR': ['mail6.example.test'],
      'mail6.example.test AAAA': ['2001:0db8:0000:0000:0000:0000:0000:0005'],
    });
    const ptr = await checkPtrWith(client, '2001:DB8::5');
    expect(ptr).toMatchObject({ address: '2001:db8::5', forwardConfirmed: true });
    expect(client.asked).toContain('mail6.example.test AAAA');
  });

  it('treats an IPv4-mapped address as the IPv4 address', async () => {
    const client = fakeDnsClient({ '1.0.0.127.in-addr.arpa PTR': ['localhost.test'], 'localhost.test A': ['127.0.0.1'] });
    expect(await checkPtrWith(client, '::ffff:127.0.0.1')).toMatchObject({ address: '127.0.0.1', forwardConfirmed: true });
  });

  it.each(['nxdomain', 'nodata', 'servfail', 'timeout'] as const)('reports %s for the PTR question, with no names', async (outcome) => {
    const client = fakeDnsClient({ '5.113.0.203.in-addr.arpa PTR': outcome });
    expect(await checkPtrWith(client, '203.0.113.5')).toMatchObject({ outcome, names: [], forward: [], forwardConfirmed: false });
  });

  it('does not look up a PTR name that is not a host name, and caps the names', async () => {
    const names = ['192.0.2.1', ...Array.from({ length: 30 }, (_, i) => `n${i}.example.test`)];
    const client = fakeDnsClient({ '5.113.0.203.in-addr.arpa PTR': names });
    const ptr = await checkPtrWith(client, '203.0.113.5');
    expect(ptr.names).toHaveLength(PTR_NAME_CAP);
    expect(ptr.forward[0]).toEqual({ name: '192.0.2.1', addresses: [], outcome: 'error', confirms: false });
    expect(client.asked).not.toContain('192.0.2.1 A');
    expect(client.asked).toHaveLength(PTR_NAME_CAP);
  });

  it.each(['', 'mail.example.test', '300.1.1.1', 'fe80::1%eth0'])('rejects %j before anything is sent', async (address) => {
    const client = fakeDnsClient({});
    await expect(checkPtrWith(client, address)).rejects.toThrow(DnsInputError);
    expect(client.asked).toEqual([]);
  });
});
