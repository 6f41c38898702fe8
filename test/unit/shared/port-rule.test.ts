/**
 * The one port rule (shared/check-request.ts): a domain's MX on 25 whatever the TLS mode, a server
 * on the usual port of its security mode, a given port always; the CLI and a saved profile reach it
 * (the wizard's preview: test/unit/renderer/wizard/wizard-steps.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { requestFromFlags, type CheckFlags } from '../../../electron/cli/check-command.ts';
import { profileToRequest } from '../../../electron/engine/service/profile-request.ts';
import { SECURITY_MODES } from '../../../shared/steps.ts';
import { checkRequestSchema, defaultPort, requestPort } from '../../../shared/check-request.ts';
import { emptyProfileFields, type Profile } from '../../../shared/profile.ts';

const profile = (extra: Partial<Profile> = {}): Profile => ({ ...emptyProfileFields(), name: 'P', target: 'example.com', id: '66666666-6666-4666-8666-666666666666', createdAt: 'c', updatedAt: 'u', ...extra });

describe('the port rule', () => {
  it('domain mode: 25 for every security mode; server mode: 25, 587 for STARTTLS, 465 for implicit TLS', () => {
    for (const security of SECURITY_MODES) expect(defaultPort(security, 'domain'), security).toBe(25);
    expect(SECURITY_MODES.map((s) => defaultPort(s, 'host'))).toEqual(SECURITY_MODES.map((s) => ({ none: 25, starttls: 587, 'starttls-optional': 25, implicit: 465 })[s]));
  });

  it('requestPort says which rule chose the port', () => {
    expect(requestPort({ server: undefined, security: 'starttls', port: undefined })).toEqual({ port: 25, rule: 'mx' });
    expect(requestPort({ server: 'mail.example.com', security: 'starttls', port: undefined })).toEqual({ port: 587, rule: 'security' });
    expect(requestPort({ server: undefined, security: 'implicit', port: 2525 })).toEqual({ port: 2525, rule: 'given' });
  });

  it('the CLI in domain mode leaves the port to the rule: --tls starttls is still 25', async () => {
    const flags: CheckFlags = { tls: 'starttls', tlsVerify: true, ca: [], to: [], header: [], publicIp: false, publicIpResolver: [], color: false };
    const input = await requestFromFlags('example.com', flags);
    expect(input.port).toBeUndefined();
    expect(requestPort(checkRequestSchema.parse(input))).toEqual({ port: 25, rule: 'mx' });
    const server = await requestFromFlags(undefined, { ...flags, server: 'mail.example.com' });
    expect(requestPort(checkRequestSchema.parse(server))).toEqual({ port: 587, rule: 'security' });
  });

  it('a domain profile in the app follows the same rule', () => {
    const domain = profile({ targetKind: 'domain', security: 'starttls' });
    const r = profileToRequest(domain, {});
    expect(r.ok && requestPort(r.value)).toEqual({ port: 25, rule: 'mx' });
    const host = profile({ targetKind: 'host', target: 'mail.example.com', security: 'starttls' });
    const h = profileToRequest(host, {});
    expect(h.ok && requestPort(h.value)).toEqual({ port: 587, rule: 'security' });
  });
});
