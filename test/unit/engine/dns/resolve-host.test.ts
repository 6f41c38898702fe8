import { describe, expect, it } from 'vitest';
import { outcomeFromLookupCode, resolveHost } from '../../../../electron/engine/dns/resolve-host.ts';

describe('outcomeFromLookupCode (getaddrinfo, the system lookup)', () => {
  it.each([
    ['ENOTFOUND', 'nxdomain'],
    ['EAI_NONAME', 'nxdomain'],
    ['ENODATA', 'nodata'],
    ['EAI_NODATA', 'nodata'],
    ['EAI_ADDRFAMILY', 'nodata'],
    ['EAI_AGAIN', 'servfail'],
    ['ETIMEOUT', 'timeout'],
    ['EAI_FAIL', 'error'],
    [undefined, 'error'],
  ])('%s -> %s', (code, outcome) => {
    expect(outcomeFromLookupCode(code)).toBe(outcome);
  });
});

describe('resolveHost with a literal', () => {
  it('sends nothing and says so', async () => {
    const resolved = await resolveHost('[203.0.113.5]', 4, { server: '127.0.0.1:9' });
    expect(resolved).toEqual({ host: '[203.0.113.5]', asciiHost: '203.0.113.5', outcome: 'ok', addresses: [{ address: '203.0.113.5', family: 4 }], source: 'literal', elapsedMs: 0 });
  });

  it('reads an IPv4-mapped IPv6 literal as IPv4', async () => {
    expect((await resolveHost('::ffff:127.0.0.1', 4)).addresses).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });
});
