import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactAuthCommand, redactAuthResponse, scrubSecrets, secretForms } from '../../../../electron/engine/smtp/redact.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const USER = 'canary-user@example.test';
const PASS = 'Canary-Pässw0rd"!';

describe('redactAuthCommand', () => {
  it.each<[string, string]>([
    [`AUTH PLAIN ${b64('\0alice\0wonderland!')}`, 'AUTH PLAIN [redacted 24 bytes]'],
    ['auth plain AGFsaWNlAHNlY3JldA==', 'auth plain [redacted 20 bytes]'],
    ['AUTH  XOAUTH2   dXNlcj1h', 'AUTH XOAUTH2 [redacted 8 bytes]'],
    ['AUTH LOGIN', 'AUTH LOGIN'],
    [`AUTH LOGIN ${b64('alice')}`, 'AUTH LOGIN [redacted 8 bytes]'],
    ['AUTH CRAM-MD5', 'AUTH CRAM-MD5'],
    ['AUTH PLAIN =', 'AUTH PLAIN ='],
    ['MAIL FROM:<a@b.test>', 'MAIL FROM:<a@b.test>'],
    ['AUTHX PLAIN abc', 'AUTHX PLAIN abc'],
  ])('%j -> %j', (line, expected) => {
    expect(redactAuthCommand(line)).toBe(expected);
  });
});

describe('redactAuthResponse', () => {
  it('replaces every line inside the exchange, except cancel and the empty line', () => {
    expect(redactAuthResponse(b64(USER))).toBe(`[redacted ${b64(USER).length} bytes]`);
    expect(redactAuthResponse('*')).toBe('*');
    expect(redactAuthResponse('')).toBe('');
  });
});

describe('secretForms and scrubSecrets (reliability B.28)', () => {
  const forms = secretForms(USER, PASS);

  it('lists raw, base64, PLAIN and XOAUTH2 forms, longest first', () => {
    for (const form of [USER, PASS, b64(USER), b64(PASS), b64(`\0${USER}\0${PASS}`), b64(`${USER}\0${USER}\0${PASS}`), b64(`user=${USER}\x01auth=Bearer ${PASS}\x01\x01`)]) {
      expect(forms).toContain(form);
    }
    expect(forms).toContain(JSON.stringify(PASS).slice(1, -1));
    expect([...forms].sort((a, b) => b.length - a.length)).toEqual(forms);
  });

  it('scrubs a transcript in which client-side redaction was forgotten', () => {
    const cram = b64(`${USER} ${createHmac('md5', PASS).update('<1896.697170952@mx.test>').digest('hex')}`);
    const leaked = [
      `C: AUTH PLAIN ${b64(`\0${USER}\0${PASS}`)}`,
      `C: ${b64(USER)}`,
      `C: ${b64(PASS)}`,
      `C: ${cram}`,
      `C: AUTH XOAUTH2 ${b64(`user=${USER}\x01auth=Bearer ${PASS}\x01\x01`)}`,
      `{"password":${JSON.stringify(PASS)},"user":"${USER}"}`,
      'S: 235 2.7.0 Authentication successful',
    ].join('\n');
    const scrubbed = scrubSecrets(leaked, forms);
    for (const form of [USER, PASS, b64(USER), b64(PASS), b64(`\0${USER}\0${PASS}`), JSON.stringify(PASS).slice(1, -1), cram]) {
      expect(scrubbed).not.toContain(form);
    }
    expect(scrubbed).toContain('S: 235 2.7.0 Authentication successful');
    expect(scrubbed.split('\n')[3]).toMatch(/\[redacted\]/);
  });

  it('finds the user name inside any base64 blob, whatever surrounds it', () => {
    const user = 'operator.canary';
    const userForms = secretForms(user, 'another-secret');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20 }), fc.uint8Array({ maxLength: 20 }), (before, after) => {
        const blob = Buffer.concat([before, Buffer.from(user), after]).toString('base64');
        expect(scrubSecrets(blob, userForms)).toContain('[redacted]');
      }),
      { numRuns: 300 },
    );
  });

  it('leaves ordinary text alone and ignores forms too short to be meaningful', () => {
    expect(scrubSecrets('250 ok', secretForms('ab', 'cd'))).toBe('250 ok');
    expect(secretForms('ab', 'cd').every((f) => f.length >= 4)).toBe(true);
    expect(scrubSecrets('x abc x', ['abc'])).toBe('x abc x');
    expect(scrubSecrets('x abcd x abcd', ['abcd'])).toBe('x [redacted] x [redacted]');
  });
});
