/** The binding a stored password is kept with: every field counts, the harmless spellings do not. */
import { describe, expect, it } from 'vitest';
import { emptyProfileFields, type ProfileFields } from '../../../shared/profile.ts';
import { bindingChanges, describeRebinding, reboundMessage, secretBinding, type BindingField } from '../../../shared/secret-binding.ts';

const PEM_A = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
const PEM_B = '-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----';
const base: ProfileFields = { ...emptyProfileFields(), targetKind: 'host', target: 'smtp.example.net', port: 587, security: 'starttls', authUser: 'alice', caPem: PEM_A };
const bindingOf = (f: ProfileFields) => secretBinding(f, (pem) => `digest(${pem.length}:${pem.slice(30, 34)})`);
const changed = (change: Partial<ProfileFields>) => bindingChanges(bindingOf(base), bindingOf({ ...base, ...change }));

describe('secretBinding', () => {
  const cases: [BindingField, Partial<ProfileFields>][] = [
    ['targetKind', { targetKind: 'domain' }],
    ['target', { target: 'capture.example.org' }],
    ['port', { port: 2525 }],
    ['security', { security: 'implicit', port: 587 }],
    ['mechanism', { authMechanism: 'PLAIN' }],
    ['allowPlaintextAuth', { allowPlaintextAuth: true }],
    ['tlsVerify', { tlsVerify: false }],
    ['ca', { caPem: PEM_B }],
    ['ca', { caPem: undefined }],
    ['user', { authUser: 'bob' }],
  ];
  it.each(cases)('a change of %s is a change of the binding', (field, change) => {
    expect(changed(change)).toEqual([field]);
  });

  it('an absent port is the default of the security mode: 587 written out is no change, another mode is', () => {
    expect(changed({ port: undefined })).toEqual([]);
    expect(changed({ port: undefined, security: 'implicit' })).toEqual(['port', 'security']);
  });

  it('host names compare without case and surrounding space; user and CA without surrounding space', () => {
    expect(changed({ target: ' SMTP.Example.NET ', authUser: ' alice ', caPem: `${PEM_A}\n` })).toEqual([]);
  });

  it('fields outside the binding do not count', () => {
    expect(changed({ name: 'x', from: 'a@b.example', to: ['c@d.example'], ehloName: 'client.example', family: 6, timeouts: { connect: 1000 } })).toEqual([]);
  });
});

describe('describeRebinding', () => {
  it('names both targets with the settings that changed, never the user name', () => {
    const saved = bindingOf(base);
    const now = bindingOf({ ...base, target: '127.0.0.1', port: 2599, security: 'none', allowPlaintextAuth: true, authUser: 'mallory' });
    const words = describeRebinding(saved, now);
    expect(words).toEqual({
      savedFor: 'smtp.example.net port 587 (STARTTLS required, password only over TLS, the previous user name)',
      nowFor: '127.0.0.1 port 2599 (no TLS, password allowed without TLS, the new user name)',
    });
    expect(reboundMessage(words)).toBe(`the saved password was entered for ${words.savedFor}; enter it again for ${words.nowFor}`);
    expect(JSON.stringify(words)).not.toMatch(/alice|mallory/);
  });

  it('says "the mail servers of" for a domain target', () => {
    const words = describeRebinding(bindingOf({ ...base, targetKind: 'domain', target: 'example.net' }), bindingOf(base));
    expect(words.savedFor).toBe('the mail servers of example.net port 587');
  });
});
