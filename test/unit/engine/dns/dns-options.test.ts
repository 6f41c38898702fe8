import { describe, expect, it } from 'vitest';
import { DnsInputError } from '../../../../electron/engine/dns/names.ts';
import { parseDnsServer, resolveTimings } from '../../../../electron/engine/dns/dns-options.ts';

describe('parseDnsServer', () => {
  it.each([
    ['192.0.2.53', '192.0.2.53:53', 4, 53],
    ['127.0.0.1:5300', '127.0.0.1:5300', 4, 5300],
    [' 127.0.0.1:5300 ', '127.0.0.1:5300', 4, 5300],
    ['[::1]:5300', '[::1]:5300', 6, 5300],
    ['[::1]', '[::1]:53', 6, 53],
    ['::1', '[::1]:53', 6, 53],
    ['2001:DB8::53', '[2001:db8::53]:53', 6, 53],
    ['[2001:db8::53]:65535', '[2001:db8::53]:65535', 6, 65535],
  ])('reads %s as %s', (spec, setting, family, port) => {
    expect(parseDnsServer(spec)).toMatchObject({ setting, family, port });
  });

  it.each([
    ['', /empty/],
    ['dns.example.com', /host names are not accepted/],
    ['dns.example.com:53', /host names are not accepted/],
    ['127.0.0.1:', /not a valid port/],
    ['127.0.0.1:0', /not a valid port/],
    ['127.0.0.1:65536', /not a valid port/],
    ['127.0.0.1:53x', /not a valid port/],
    ['[::1]:abc', /not a valid port/],
    ['[127.0.0.1', /not a DNS server address/],
    ['[[::1]]:53', /not a DNS server address/],
    ['::1:5300]', /not a DNS server address/],
    ['256.0.0.1', /not a DNS server address/],
  ])('rejects %j with a clear error', (spec, message) => {
    expect(() => parseDnsServer(spec)).toThrow(DnsInputError);
    expect(() => parseDnsServer(spec)).toThrow(message);
  });
});

describe('resolveTimings', () => {
  it('fills in the defaults and keeps given values', () => {
    expect(resolveTimings({})).toEqual({ timeoutMs: 2500, tries: 2 });
    expect(resolveTimings({ timeoutMs: 700, tries: 1 })).toEqual({ timeoutMs: 700, tries: 1 });
  });

  it.each([{ timeoutMs: 0 }, { timeoutMs: -5 }, { timeoutMs: 1.5 }, { timeoutMs: Number.NaN }, { tries: 0 }, { tries: 11 }])('rejects %j', (opts) => {
    expect(() => resolveTimings(opts)).toThrow(DnsInputError);
  });
});
