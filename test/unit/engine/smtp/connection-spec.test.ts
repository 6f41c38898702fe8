/**
 * The one derivation of where and how a session connects (smtp/connection-spec.ts), from a checked
 * request and the DNS outcome: the MX choice, the port and its rule, the names for the socket and
 * for TLS, and the policy flags, for domain mode and server mode alike.
 */
import { describe, expect, it } from 'vitest';
import { connectionSpec, dialFamily, serverHost } from '../../../../electron/engine/smtp/connection-spec.ts';
import { checkRequestSchema, type CheckRequestInput } from '../../../../shared/check-request.ts';
import type { MxEvidence, MxHost } from '../../../../shared/evidence.ts';

const request = (input: Partial<CheckRequestInput>) => checkRequestSchema.parse({ security: 'starttls', ehloName: 'client.example.org', ...input });

const host = (exchange: string, priority: number, addresses: string[], extra: Partial<MxHost> = {}): MxHost => ({
  exchange,
  priority,
  addresses,
  addressOutcome: addresses.length > 0 ? 'ok' : 'nodata',
  ...extra,
});

const mx = (hosts: MxHost[], extra: Partial<MxEvidence> = {}): MxEvidence => ({
  domain: 'example.org',
  asciiDomain: 'example.org',
  resolver: 'system',
  outcome: 'ok',
  implicit: false,
  nullMx: false,
  hosts,
  elapsedMs: 3,
  ...extra,
});

describe('connectionSpec', () => {
  it('domain mode: the first MX host with an address and a valid name, on 25 whatever the TLS mode', () => {
    const lookup = mx([host('dead.example.org', 5, []), host('192.0.2.9', 7, ['192.0.2.9'], { invalid: 'an IP literal' }), host('mx2.example.org', 10, ['192.0.2.2'])]);
    for (const security of ['none', 'starttls', 'starttls-optional', 'implicit'] as const) {
      const spec = connectionSpec(request({ domain: 'example.org', security }), { mx: lookup, address: '192.0.2.2' });
      expect(spec, security).toMatchObject({ host: 'mx2.example.org', dial: '192.0.2.2', port: 25, portRule: 'mx', security });
      expect(spec?.tls.servername, security).toBe('mx2.example.org');
    }
  });

  it('domain mode: no spec after a null MX, without MX, or when no MX host has an address', () => {
    const r = request({ domain: 'example.org' });
    expect(connectionSpec(r, { mx: mx([host('.', 0, [])], { nullMx: true }) })).toBeUndefined();
    expect(connectionSpec(r, { mx: mx([host('mx.example.org', 10, [])]) })).toBeUndefined();
    expect(connectionSpec(r, {})).toBeUndefined();
    expect(serverHost(r, mx([], { outcome: 'nxdomain' }))).toBeUndefined();
  });

  it('server mode: the given server wins over any MX; the port is the security mode usual one', () => {
    const lookup = mx([host('mx.example.org', 10, ['192.0.2.2'])]);
    const ports = { none: 25, starttls: 587, 'starttls-optional': 25, implicit: 465 } as const;
    for (const [security, port] of Object.entries(ports)) {
      const spec = connectionSpec(request({ server: 'smtp.example.org', security: security as keyof typeof ports }), { mx: lookup });
      expect(spec, security).toMatchObject({ host: 'smtp.example.org', dial: 'smtp.example.org', port, portRule: 'security' });
    }
  });

  it('implicit TLS: 465, with the server name for SNI and the request TLS policy', () => {
    const spec = connectionSpec(request({ server: 'smtp.example.org', security: 'implicit', tlsVerify: false }), { address: '198.51.100.7' });
    expect(spec).toMatchObject({ dial: '198.51.100.7', port: 465, portRule: 'security', security: 'implicit', tls: { verify: false, servername: 'smtp.example.org' } });
    expect(spec?.tls.ca).toBeUndefined();
  });

  it('an explicit port is kept in both modes, with the rule "given"', () => {
    const lookup = mx([host('mx.example.org', 10, ['192.0.2.2'])]);
    expect(connectionSpec(request({ domain: 'example.org', port: 2525, security: 'implicit' }), { mx: lookup })).toMatchObject({ port: 2525, portRule: 'given' });
    expect(connectionSpec(request({ server: 'smtp.example.org', port: 25, security: 'starttls' }))).toMatchObject({ port: 25, portRule: 'given' });
  });

  it('an IPv6 literal is dialled without brackets and sends no SNI', () => {
    for (const server of ['[2001:db8::25]', '2001:db8::25']) {
      const spec = connectionSpec(request({ server, family: 6 }));
      expect(spec, server).toMatchObject({ host: server, dial: '2001:db8::25', family: 6 });
      expect(spec?.tls.servername, server).toBeUndefined();
    }
  });

  it('an IDN host is dialled and named in SNI as its A-label; the spec keeps the name as typed', () => {
    const spec = connectionSpec(request({ server: 'bücher.example' }));
    expect(spec).toMatchObject({ host: 'bücher.example', dial: 'xn--bcher-kva.example', tls: { servername: 'xn--bcher-kva.example' } });
    const viaMx = connectionSpec(request({ domain: 'example.org' }), { mx: mx([host('mx.bücher.example', 10, ['192.0.2.3'])]), address: '192.0.2.3' });
    expect(viaMx).toMatchObject({ host: 'mx.bücher.example', dial: '192.0.2.3', tls: { servername: 'mx.xn--bcher-kva.example' } });
  });

  it('carries the EHLO name, extra CAs, the session deadlines without the DNS one, and the AUTH policy flags', () => {
    const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const spec = connectionSpec(
      request({
        server: 'smtp.example.org',
        ca: [ca],
        timeouts: { dns: 2000, command: 5000 },
        auth: { user: 'u', password: 'p', allowPlaintext: true },
      }),
    );
    expect(spec).toMatchObject({ ehloName: 'client.example.org', family: 0, tls: { verify: true, ca: [ca] }, timeouts: { command: 5000 }, auth: { allowPlaintext: true, allowUnverifiedTls: false } });
    expect(spec?.timeouts).not.toHaveProperty('dns');
    expect(connectionSpec(request({ server: 'smtp.example.org' }))?.auth).toEqual({ allowPlaintext: false, allowUnverifiedTls: false });
  });
  it('a certificate pin goes into the TLS policy in its stored form, and decides alone (never opportunistic)', () => {
    const hex = 'ab'.repeat(32);
    const typed = `SHA256:${hex.toUpperCase().match(/../g)?.join(':')}`;
    const spec = connectionSpec(request({ server: 'smtp.example.org', tlsPin: typed }));
    expect(spec?.tls).toEqual({ verify: true, pin: `sha256:${hex}`, servername: 'smtp.example.org' });
    const lookup = mx([host('mx.example.org', 10, ['192.0.2.2'])]);
    const mxSpec = connectionSpec(request({ domain: 'example.org', security: 'starttls-optional', tlsPin: `sha256:${hex}` }), { mx: lookup });
    expect(mxSpec?.tls).toEqual({ verify: true, pin: `sha256:${hex}`, servername: 'mx.example.org' });
  });

  it('STARTTLS-if-offered to a domain MX on port 25 goes on unverified as opportunistic TLS; every other case keeps the request verification', () => {
    const lookup = mx([host('mx.example.org', 10, ['192.0.2.2'])]);
    const domain = (input: Partial<CheckRequestInput>) => connectionSpec(request({ domain: 'example.org', ...input }), { mx: lookup })?.tls;
    expect(domain({ security: 'starttls-optional' })).toEqual({ verify: false, opportunistic: true, servername: 'mx.example.org' });
    // STARTTLS required, another port, a named server, or verification already off: not opportunistic.
    expect(domain({ security: 'starttls' })).toEqual({ verify: true, servername: 'mx.example.org' });
    expect(domain({ security: 'starttls-optional', port: 2525 })).toEqual({ verify: true, servername: 'mx.example.org' });
    expect(domain({ security: 'starttls-optional', tlsVerify: false })).toEqual({ verify: false, servername: 'mx.example.org' });
    expect(connectionSpec(request({ server: 'mx.example.org', security: 'starttls-optional' }))?.tls).toEqual({ verify: true, servername: 'mx.example.org' });
  });

  it('a source address goes into the spec and fixes the IP version when none was asked for', () => {
    const spec = connectionSpec(request({ server: 'smtp.example.org', sourceAddress: '2001:db8::10' }));
    expect(spec).toMatchObject({ source: '2001:db8::10', family: 6 });
    expect(connectionSpec(request({ server: 'smtp.example.org' }))).not.toHaveProperty('source');
    expect(dialFamily(request({ server: 'smtp.example.org', sourceAddress: '192.0.2.10' }))).toBe(4);
    expect(dialFamily(request({ server: 'smtp.example.org', family: 4, sourceAddress: '192.0.2.10' }))).toBe(4);
    expect(dialFamily(request({ server: 'smtp.example.org' }))).toBe(0);
  });
});

describe('the source address in the check request', () => {
  const issues = (input: Partial<CheckRequestInput>) => {
    const parsed = checkRequestSchema.safeParse({ security: 'starttls', ehloName: 'client.example.org', server: 'smtp.example.org', ...input });
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('takes an IPv4 or IPv6 literal', () => {
    expect(issues({ sourceAddress: '192.0.2.10' })).toEqual([]);
    expect(issues({ sourceAddress: '2001:db8::10' })).toEqual([]);
  });

  it.each(['eth0', '192.0.2.256', '[2001:db8::10]', '192.0.2.10:25', 'fe80::1%eth0', ''])('refuses %j: not an IP address', (value) => {
    expect(issues({ sourceAddress: value })).toEqual([`sourceAddress: the source address must be an IP address of this machine, like 192.0.2.10 or 2001:db8::10; got "${value}"`]);
  });

  it('refuses a source of the other IP version than the server literal or the version asked for', () => {
    expect(issues({ server: '127.0.0.1', sourceAddress: '::1' })).toEqual(['sourceAddress: the source address ::1 is IPv6 but the server 127.0.0.1 is IPv4: give an IPv4 source address, or none to let the system choose']);
    expect(issues({ server: '[::1]', sourceAddress: '127.0.0.2' })).toEqual(['sourceAddress: the source address 127.0.0.2 is IPv4 but the server ::1 is IPv6: give an IPv6 source address, or none to let the system choose']);
    expect(issues({ family: 6, sourceAddress: '127.0.0.2' })).toEqual(['sourceAddress: the source address 127.0.0.2 is IPv4, but IPv6 only was asked for']);
  });
});
