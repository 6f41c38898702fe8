import { describe, expect, it } from 'vitest';
import { normalizeTlsPin, pinMatches, pinOfFingerprint, tlsPinProblem } from '../../../shared/tls-pin.ts';
import { secretBinding, bindingChanges, describeRebinding } from '../../../shared/secret-binding.ts';

const HEX = '0123456789abcdef'.repeat(4);
const COLONS = HEX.toUpperCase().match(/../g)!.join(':');

describe('certificate pins', () => {
  it('take sha256: with 64 hex digits, in either case, with or without colons, stored in one form', () => {
    for (const text of [`sha256:${HEX}`, `SHA256:${HEX.toUpperCase()}`, `sha256:${COLONS}`, `  sha256:${HEX}  `]) expect(normalizeTlsPin(text), text).toBe(`sha256:${HEX}`);
  });

  it('refuse anything else with the same words', () => {
    for (const text of ['', HEX, `sha1:${HEX}`, `sha256:${HEX.slice(2)}`, `sha256:${HEX}00`, `sha256:${HEX.slice(1)}g`, 'sha256:']) {
      expect(normalizeTlsPin(text), text).toBeUndefined();
      expect(tlsPinProblem(text)).toMatch(/^a certificate pin is sha256: followed by the 64 hex digits/);
    }
    expect(tlsPinProblem(`sha256:${HEX}`)).toBeUndefined();
  });

  it('match a certificate by its Node fingerprint256, and only that one', () => {
    expect(pinOfFingerprint(COLONS)).toBe(`sha256:${HEX}`);
    expect(pinMatches(`sha256:${COLONS}`, COLONS)).toBe(true);
    expect(pinMatches(`sha256:${HEX}`, COLONS.replace(/^01/, '02'))).toBe(false);
  });
});

describe('the secret binding and the pin', () => {
  const base = { targetKind: 'host' as const, target: 'smtp.example.net', port: 587, security: 'starttls' as const, allowPlaintextAuth: false, tlsVerify: true, authUser: 'alice' };
  const bind = (extra: object) => secretBinding({ ...base, ...extra }, (pem) => pem);

  it('a pin, or "Inspect anyway, and still log in", changes the binding and is said in words', () => {
    expect(bindingChanges(bind({}), bind({ tlsPin: `sha256:${HEX}` }))).toEqual(['tlsPin']);
    expect(bindingChanges(bind({}), bind({ allowUnverifiedTlsAuth: true }))).toEqual(['allowUnverifiedTlsAuth']);
    expect(describeRebinding(bind({}), bind({ tlsPin: `sha256:${HEX}` })).nowFor).toContain('a trusted certificate');
  });

  it('the same pin written another way is the same binding', () => {
    expect(bindingChanges(bind({ tlsPin: `sha256:${HEX}` }), bind({ tlsPin: `SHA256:${COLONS}` }))).toEqual([]);
  });
});
