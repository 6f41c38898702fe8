import net from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipFamily, isIPv4, isIPv6 } from '../../../shared/ip-address.ts';

describe('ip-address (the renderer has no node:net)', () => {
  it.each(['192.0.2.1', '0.0.0.0', '255.255.255.255'])('%s is IPv4', (ip) => expect(ipFamily(ip)).toBe(4));
  it.each(['::', '::1', '2001:db8::1', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::ffff:192.0.2.1', 'fe80::1:2'])('%s is IPv6', (ip) => expect(ipFamily(ip)).toBe(6));
  it.each(['127.1', '0x7f.0.0.1', '01.2.3.4', '256.1.1.1', '1.2.3.4.', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', 'fe80::1%eth0', '[::1]', '', 'g::1', '1:2:3:4:5:6:7:8::'])('%j is not an address', (text) =>
    expect(ipFamily(text)).toBe(0),
  );

  it('agrees with node:net on random text over the address alphabet', () => {
    const unit = fc.constantFrom(...'0123456789abcdefABCDEF:.%x'.split(''));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (s) => {
        expect(isIPv4(s)).toBe(net.isIPv4(s));
        if (!s.includes('%')) expect(isIPv6(s)).toBe(net.isIPv6(s));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.ipV6(), fc.ipV4(), (v6, v4) => {
        expect(isIPv6(v6)).toBe(net.isIPv6(v6));
        expect(isIPv4(v4)).toBe(net.isIPv4(v4));
      }),
      { numRuns: 2000 },
    );
  });
});
