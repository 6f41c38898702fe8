/** Profile -> CheckRequest: the sandbox's live port, CA and credentials; stored passwords; field names in errors. */
import { describe, expect, it } from 'vitest';
import { profileToRequest } from '../../../../electron/engine/service/profile-request.ts';
import type { SandboxInfo } from '../../../../electron/engine/sandbox/index.ts';
import { sandboxProfile } from '../../../../electron/engine/store/first-launch-profile.ts';
import { emptyProfileFields, type Profile } from '../../../../shared/profile.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const sandbox = { host: '127.0.0.1', smtpPort: 40025, tlsPort: 40465, credentials: { user: 'probe-abc', password: 'sandbox-pw-0123456789' }, certificatePem: PEM } as SandboxInfo;
const profile = (extra: Partial<Profile> = {}): Profile => ({ ...emptyProfileFields(), name: 'P', target: 'example.com', id: '66666666-6666-4666-8666-666666666666', createdAt: 'c', updatedAt: 'u', ...extra });

describe('profileToRequest', () => {
  it('the test-server profile uses the running server: its port, its certificate as CA, its credentials', () => {
    const r = profileToRequest(sandboxProfile('77777777-7777-4777-8777-777777777777', 'now'), { sandbox });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ server: '127.0.0.1', port: 40025, security: 'starttls', ca: [PEM], auth: { user: 'probe-abc', password: 'sandbox-pw-0123456789' }, publicIpResolvers: [] });
  });

  it('implicit TLS on the test server takes its TLS port', () => {
    const r = profileToRequest({ ...sandboxProfile('77777777-7777-4777-8777-777777777777', 'now'), security: 'implicit' }, { sandbox });
    expect(r.ok && r.value.port).toBe(40465);
  });

  it('an ordinary profile never gets the sandbox CA, and uses its stored password', () => {
    const r = profileToRequest(profile({ targetKind: 'domain', authUser: 'me', allowPlaintextAuth: true }), { sandbox, password: 'pw', defaults: { dnsServer: '127.0.0.1:5300' } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ domain: 'example.com', ca: [], auth: { user: 'me', password: 'pw', allowPlaintext: true }, dnsServer: '127.0.0.1:5300' });
    expect(r.value.server).toBeUndefined();
  });

  it('an ordinary profile trusts its own CA certificate (internal CAs)', () => {
    const r = profileToRequest(profile({ caPem: PEM.trim() }), {});
    expect(r.ok && r.value.ca).toEqual([PEM.trim()]);
  });

  it('a user name without a readable password is ESECRETS on the password field', () => {
    expect(profileToRequest(profile({ authUser: 'me' }), {})).toMatchObject({ ok: false, error: { code: 'ESECRETS', field: 'password' } });
  });

  it('a profile the request schema refuses is EINVALID naming the profile field', () => {
    expect(profileToRequest(profile({ to: ['a@example.com'] }), {})).toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'from' } });
    expect(profileToRequest(profile({ target: 'x'.repeat(300) }), {})).toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'target' } });
  });

  it('profile timeouts win over the host defaults', () => {
    const r = profileToRequest(profile({ timeouts: { connect: 1000 } }), { defaults: { timeouts: { connect: 5000, greeting: 7000 } } });
    expect(r.ok && r.value.timeouts).toEqual({ connect: 1000, greeting: 7000 });
  });
});
