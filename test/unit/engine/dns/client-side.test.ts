import { describe, expect, it } from 'vitest';
import type { PtrEvidence } from '../../../../shared/evidence.ts';
import { addressFromEhloGreeting, inspectClientSide, suggestEhloName } from '../../../../electron/engine/dns/client-side.ts';
import { DnsInputError } from '../../../../electron/engine/dns/names.ts';
import { DEFAULT_PUBLIC_IP_RESOLVERS, addressFromTxt, discoverPublicIp, validatePublicIpResolvers } from '../../../../electron/engine/dns/public-ip.ts';

describe('addressFromEhloGreeting', () => {
  it.each([
    ['mx.example.net Hello client.example [203.0.113.5]', '203.0.113.5'],
    ['mx.example.net Hello [IPv6:2001:db8::5], pleased to meet you', '2001:db8::5'],
    ['mail.peer.test, hello [127.0.0.1]', '127.0.0.1'],
    ['smtp.example.com at your service, [::ffff:198.51.100.7]', '198.51.100.7'],
    ['mx.example.net greets 203.0.113.5', '203.0.113.5'],
    ['203.0.113.5', '203.0.113.5'],
    ['[203.0.113.5]', '203.0.113.5'],
  ])('finds the address in %j', (greeting, address) => {
    expect(addressFromEhloGreeting(greeting)).toBe(address);
  });

  it.each(['mx.example.net Hello client.example', 'mx.example.net [not-an-ip]', ''])('finds none in %j', (greeting) => {
    expect(addressFromEhloGreeting(greeting)).toBeUndefined();
  });
});

function ptr(forward: { name: string; confirms: boolean }[]): PtrEvidence {
  return {
    address: '203.0.113.5',
    reverseName: '5.113.0.203.in-addr.arpa',
    outcome: 'ok',
    names: forward.map((entry) => entry.name),
    forward: forward.map((entry) => ({ ...entry, addresses: [], outcome: 'ok' })),
    forwardConfirmed: forward.some((entry) => entry.confirms),
    elapsedMs: 1,
  };
}

describe('suggestEhloName', () => {
  it('suggests the first forward-confirmed PTR name', () => {
    const evidence = ptr([
      { name: 'a.example.test', confirms: false },
      { name: 'b.example.test', confirms: true },
    ]);
    expect(suggestEhloName(evidence, '203.0.113.5')).toBe('b.example.test');
  });

  it("keeps the user's EHLO name when it is a confirmed PTR name", () => {
    const evidence = ptr([
      { name: 'b.example.test', confirms: true },
      { name: 'c.example.test', confirms: true },
    ]);
    expect(suggestEhloName(evidence, '203.0.113.5', 'C.Example.Test.')).toBe('c.example.test');
    expect(suggestEhloName(evidence, '203.0.113.5', 'laptop.local')).toBe('b.example.test');
  });

  it('falls back to the address literal (RFC 5321 §4.1.3) when no name is confirmed', () => {
    expect(suggestEhloName(ptr([{ name: 'a.example.test', confirms: false }]), '203.0.113.5')).toBe('[203.0.113.5]');
    expect(suggestEhloName(undefined, '2001:db8::5')).toBe('[IPv6:2001:db8::5]');
    expect(suggestEhloName(undefined, undefined)).toBeUndefined();
  });
});

describe('public-IP resolver list', () => {
  it('defaults to OpenDNS and Google (never used by tests)', () => {
    expect(DEFAULT_PUBLIC_IP_RESOLVERS).toEqual([
      { method: 'opendns', server: '208.67.222.222' },
      { method: 'google', server: '216.239.32.10' },
    ]);
  });

  it.each([
    [[], /empty/],
    [[{ method: 'akamai', server: '127.0.0.1' }], /Unknown public-IP method/],
    [[{ method: 'opendns', server: 'resolver1.opendns.com' }], /host names are not accepted/],
  ])('rejects %j before anything is sent', async (list, message) => {
    expect(() => validatePublicIpResolvers(list as never)).toThrow(message);
    await expect(discoverPublicIp({ publicIpResolvers: list as never })).rejects.toThrow(DnsInputError);
    await expect(inspectClientSide({ publicIpResolvers: list as never })).rejects.toThrow(DnsInputError);
  });
});

describe('addressFromTxt', () => {
  it('takes the first TXT record that is an address', () => {
    expect(addressFromTxt([['edns0-client-subnet 192.0.2.0/24'], ['203.0.113.5']])).toBe('203.0.113.5');
    expect(addressFromTxt([['2001:db8:', ':5']])).toBe('2001:db8::5');
    expect(addressFromTxt([['no address here']])).toBeUndefined();
  });

  it('skips a 60 KB record without parsing it (hostile TXT)', () => {
    const huge = Array.from({ length: 240 }, () => 'x'.repeat(250));
    expect(addressFromTxt([huge, ['198.51.100.7']])).toBe('198.51.100.7');
    expect(addressFromTxt([['203.0.113.5', ...huge]])).toBeUndefined();
  });
});
