import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DnsInputError,
  addressLiteral,
  hostNameProblem,
  isIpLiteral,
  normalizeName,
  parseIpAddress,
  reverseName,
  toAsciiDomain,
} from '../../../../electron/engine/dns/names.ts';

describe('parseIpAddress', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1', 4],
    ['[192.0.2.1]', '192.0.2.1', 4],
    [' 192.0.2.1 ', '192.0.2.1', 4],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', 6],
    ['[IPv6:2001:db8::1]', '2001:db8::1', 6],
    ['ipv6:2001:db8::1', '2001:db8::1', 6],
    ['::ffff:127.0.0.1', '127.0.0.1', 4],
    ['::ffff:7f00:1', '127.0.0.1', 4],
    ['::1', '::1', 6],
  ])('reads %s as %s (IPv%d)', (input, address, family) => {
    expect(parseIpAddress(input)).toEqual({ address, family });
  });

  it.each(['', 'example.com', '256.1.1.1', '1.2.3', '[1.2.3.4', 'fe80::1%eth0', '2001:db8::g'])('rejects %j', (input) => {
    expect(parseIpAddress(input)).toBeNull();
    expect(isIpLiteral(input)).toBe(false);
  });
});

describe('toAsciiDomain', () => {
  it('converts an IDN to its A-label, lower-cases and drops the trailing dot', () => {
    expect(toAsciiDomain('Bücher.Example.')).toBe('xn--bcher-kva.example');
    expect(toAsciiDomain('例子.测试')).toBe('xn--fsqu00a.xn--0zwm56d');
    expect(toAsciiDomain('  Mail.Example.COM ')).toBe('mail.example.com');
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['192.0.2.1', /IP address/],
    ['[192.0.2.1]', /IP address/],
    ['2001:db8::1', /IP address/],
    ['1.2.3', /numeric/],
    ['example.0x7f', /numeric/],
    ['exa mple.com', /spaces or control/],
    ['example.com\r\nMAIL FROM:<x>', /spaces or control/],
    ['a..b', /not a valid domain/],
    ['-bad.example', /not a valid domain/],
    ['under_score.example', /not a valid domain/],
  ])('rejects %j with a clear message', (input, message) => {
    expect(() => toAsciiDomain(input)).toThrow(DnsInputError);
    expect(() => toAsciiDomain(input)).toThrow(message);
  });

  it.each([
    ['a 64-character label', `${'a'.repeat(64)}.example`, /63/],
    ['a 257-character name', `${'abcdefghi.'.repeat(25)}example`, /253/],
    ['2000 characters', 'x'.repeat(2000), /at most 253/],
  ])('rejects %s', (_label, input, message) => {
    expect(() => toAsciiDomain(input)).toThrow(DnsInputError);
    expect(() => toAsciiDomain(input)).toThrow(message);
  });

  it('accepts a 63-character label and a 253-character name', () => {
    const label = 'a'.repeat(63);
    expect(toAsciiDomain(`${label}.example`)).toBe(`${label}.example`);
    const name = `${'abcdefghi.'.repeat(24)}abcdefghijk.example`.slice(-253).replace(/^\.+/, '');
    expect(name.length).toBeLessThanOrEqual(253);
    expect(toAsciiDomain(name)).toBe(name);
  });

  it('names the error EINVALID in the dns phase', () => {
    try {
      toAsciiDomain('');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'EINVALID', phase: 'dns' });
    }
  });
});

describe('hostNameProblem', () => {
  it('accepts host names and explains what is wrong with the others', () => {
    expect(hostNameProblem('mx1.example.net')).toBeUndefined();
    expect(hostNameProblem('mx1.example.net.')).toBeUndefined();
    expect(hostNameProblem('xn--bcher-kva.example')).toBeUndefined();
    expect(hostNameProblem('192.0.2.1')).toMatch(/IP address/);
    expect(hostNameProblem('')).toMatch(/empty/);
    expect(hostNameProblem('mx_1.example')).toMatch(/letters, digits/);
    expect(hostNameProblem('a..b')).toMatch(/empty label/);
  });

  it('normalizeName lower-cases and drops one trailing dot', () => {
    expect(normalizeName('MX1.Example.NET.')).toBe('mx1.example.net');
  });
});

describe('reverseName', () => {
  it('builds in-addr.arpa names (RFC 1035 §3.5)', () => {
    expect(reverseName('192.0.2.1')).toBe('1.2.0.192.in-addr.arpa');
    expect(reverseName('[127.0.0.20]')).toBe('20.0.0.127.in-addr.arpa');
    expect(reverseName('::ffff:127.0.0.20')).toBe('20.0.0.127.in-addr.arpa');
  });

  it('builds ip6.arpa names with 32 nibbles (RFC 3596 §2.5)', () => {
    expect(reverseName('2001:db8::1')).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
    expect(reverseName('fd00:5300::20')).toBe('0.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.5.0.0.d.f.ip6.arpa');
    expect(reverseName('::1')).toBe(`1.${'0.'.repeat(31)}ip6.arpa`);
    expect(reverseName('64:ff9b::192.0.2.1')).toBe('1.0.2.0.0.0.0.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.b.9.f.f.4.6.0.0.ip6.arpa');
  });

  it('reads back to the same IPv6 address for any address (property)', () => {
    fc.assert(
      fc.property(fc.ipV6(), (address) => {
        const name = reverseName(address);
        const nibbles = name.replace(/\.ip6\.arpa$/, '').split('.').reverse();
        expect(nibbles).toHaveLength(32);
        const groups = [];
        for (let i = 0; i < 32; i += 4) groups.push(nibbles.slice(i, i + 4).join(''));
        const back = parseIpAddress(groups.join(':'));
        const original = parseIpAddress(address);
        // An IPv4-mapped address is reversed as IPv4 (that is the address a server sees).
        if (original?.family === 4) expect(name).toMatch(/in-addr\.arpa$/);
        else expect(back?.address).toBe(original?.address);
      }),
    );
  });

  it('refuses what is not an address', () => {
    expect(() => reverseName('mail.example.com')).toThrow(DnsInputError);
  });
});

describe('addressLiteral', () => {
  it('writes RFC 5321 §4.1.3 address literals', () => {
    expect(addressLiteral('203.0.113.5')).toBe('[203.0.113.5]');
    expect(addressLiteral('2001:DB8::5')).toBe('[IPv6:2001:db8::5]');
    expect(() => addressLiteral('host')).toThrow(DnsInputError);
  });
});
