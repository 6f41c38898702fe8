import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactAuthCommand, redactAuthResponse, scrubSecrets, secretForms } from '../../../../electron/engine/smtp/redact.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const USER = 'canary-user@example.test';
const PASS = 'Canary-9f3e-Canary-9f3e';
/** A password whose URL, JSON and base64url forms differ from its raw text. */
const ODD = 'Canary 9f3e/+"&Pä';

describe('redactAuthCommand', () => {
  it.each<[string, string]>([
    [`AUTH PLAIN ${b64('\0alice\0wonderland!')}`, 'AUTH PLAIN [redacted]'],
    ['auth plain AGFsaWNlAHNlY3JldA==', 'auth plain [redacted]'],
    ['AUTH  XOAUTH2   dXNlcj1h', 'AUTH XOAUTH2 [redacted]'],
    ['AUTH LOGIN', 'AUTH LOGIN'],
    [`AUTH LOGIN ${b64('alice')}`, 'AUTH LOGIN [redacted]'],
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
    expect(redactAuthResponse(b64(PASS))).toBe('[redacted]');
    expect(redactAuthResponse('*')).toBe('*');
    expect(redactAuthResponse('')).toBe('');
  });

  it('markers never tell the length of what they hide', () => {
    for (const secret of ['a', PASS, PASS.repeat(5)]) {
      expect(redactAuthResponse(b64(secret))).toBe('[redacted]');
      expect(redactAuthCommand(`AUTH PLAIN ${b64(`\0u\0${secret}`)}`)).toBe('AUTH PLAIN [redacted]');
      expect(scrubSecrets(`got ${secret}!`, secretForms(USER, secret))).toBe('got [redacted]!');
    }
  });
});

describe('secretForms', () => {
  it('lists the password raw, JSON-escaped, URL-encoded, hex, base64 of each, and the PLAIN and XOAUTH2 blobs, longest first', () => {
    const forms = secretForms(USER, ODD);
    const url = encodeURIComponent(ODD);
    const json = JSON.stringify(ODD).slice(1, -1);
    for (const form of [ODD, json, url, url.replace(/%20/g, '+'), Buffer.from(ODD).toString('hex'), b64(ODD), b64(json), b64(url), b64(`\0${USER}\0${ODD}`), b64(`${USER}\0${USER}\0${ODD}`), b64(`user=${USER}\x01auth=Bearer ${ODD}\x01\x01`), Buffer.from(ODD).toString('base64url')]) {
      expect(forms).toContain(form);
    }
    expect([...forms].sort((a, b) => b.length - a.length)).toEqual(forms);
  });

  it('does not make the user name a secret: it is what a ticket needs', () => {
    const forms = secretForms(USER, PASS);
    expect(forms).not.toContain(USER);
    expect(forms).not.toContain(b64(USER));
    expect(secretForms(USER, '')).toEqual([]);
    const line = `MAIL FROM:<${USER}> SIZE=100`;
    expect(scrubSecrets(line, forms)).toBe(line);
    expect(scrubSecrets(`RCPT TO:<${USER}>`, forms)).toBe(`RCPT TO:<${USER}>`);
    expect(scrubSecrets(`535 5.7.8 ${b64(USER)} unknown`, forms)).toBe(`535 5.7.8 ${b64(USER)} unknown`);
  });
});

describe('scrubSecrets', () => {
  const forms = secretForms(USER, ODD);

  it('scrubs a transcript in which client-side redaction was forgotten', () => {
    const leaked = [
      `C: AUTH PLAIN ${b64(`\0${USER}\0${ODD}`)}`,
      `C: ${b64(ODD)}`,
      `C: AUTH XOAUTH2 ${b64(`user=${USER}\x01auth=Bearer ${ODD}\x01\x01`)}`,
      `{"password":${JSON.stringify(ODD)},"user":"${USER}"}`,
      'S: 235 2.7.0 Authentication successful',
    ].join('\n');
    const scrubbed = scrubSecrets(leaked, forms);
    for (const form of forms) expect(scrubbed).not.toContain(form);
    expect(scrubbed).toContain('S: 235 2.7.0 Authentication successful');
    expect(scrubbed).toContain(`"user":"${USER}"`);
  });

  it('scrubs URL-encoded echoes, in any percent-encoding and case', () => {
    const everyByte = [...Buffer.from(ODD)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    for (const echo of [encodeURIComponent(ODD), encodeURIComponent(ODD).toLowerCase(), everyByte, `user=${encodeURIComponent(USER)}&pass=${encodeURIComponent(ODD)}`]) {
      const out = scrubSecrets(`535 rejected ${echo} here`, forms);
      expect(out).toMatch(/^535 rejected .*\[redacted\].* here$/);
      expect(decodeURIComponent(out)).not.toContain(ODD);
    }
  });

  it('scrubs a short percent-encoded echo that encodes only one character of the password', () => {
    const passForms = secretForms(USER, PASS);
    expect(scrubSecrets(`535 got ${PASS.replace('-', '%2D')}`, passForms)).toBe('535 got [redacted]');
  });

  it('scrubs an upper-cased echo', () => {
    expect(scrubSecrets(`535 YOU SENT ${PASS.toUpperCase()}`, secretForms(USER, PASS))).toBe('535 YOU SENT [redacted]');
  });

  it('scrubs a server reply whose base64 text decodes to something holding the password, whole', () => {
    const passForms = secretForms(USER, PASS);
    for (const decoded of [`you sent: ${PASS}`, `decoded ${b64(`\0${USER}\0${PASS}`)}`, `x${encodeURIComponent(PASS)}`, `{"pass":"${PASS}"}`]) {
      const word = b64(decoded);
      expect(scrubSecrets(`334 ${word}`, passForms)).toBe('334 [redacted]');
      expect(scrubSecrets(`535-5.7.8 ${Buffer.from(decoded).toString('base64url')} end`, passForms)).toBe('535-5.7.8 [redacted] end');
    }
    // Two levels: base64 of a line that quotes the base64 AUTH line.
    expect(scrubSecrets(`535 ${b64(`you sent AUTH PLAIN ${b64(`\0${USER}\0${PASS}`)}`)}`, passForms)).toBe('535 [redacted]');
  });

  it('finds the password inside any base64 blob, whatever surrounds it', () => {
    const passForms = secretForms(USER, PASS);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20 }), fc.uint8Array({ maxLength: 20 }), fc.constantFrom('', 'x', 'ab'), (before, after, glue) => {
        const blob = Buffer.concat([before, Buffer.from(PASS), after]).toString('base64');
        // Glued to other text, the blob is no word of its own: the aligned fragments still catch it.
        const out = scrubSecrets(`${glue}${blob}`, passForms);
        expect(out).toContain('[redacted]');
        expect(Buffer.from(out.replace('[redacted]', ''), 'base64').toString('latin1')).not.toContain(PASS);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves ordinary text alone; a short password only where it stands alone', () => {
    expect(scrubSecrets('250 ok', secretForms(USER, 'cd'))).toBe('250 ok');
    expect(scrubSecrets('x abc xabcx abc.', secretForms(USER, 'abc'))).toBe('x [redacted] xabcx [redacted].');
    expect(scrubSecrets('x abcd x abcd', ['abcd'])).toBe('x [redacted] x [redacted]');
    expect(scrubSecrets('250-PIPELINING 8BITMIME SIZE 10240000', secretForms(USER, PASS))).toBe('250-PIPELINING 8BITMIME SIZE 10240000');
  });

  it('scrubs the digest of a CRAM-MD5 response when its forms are given', () => {
    const digest = createHmac('md5', PASS).update('<1896.697170952@mx.test>').digest('hex');
    const response = b64(`${USER} ${digest}`);
    const forms2 = [...secretForms(USER, PASS), digest, response];
    expect(scrubSecrets(`535 you sent ${response} = ${USER} ${digest}`, forms2)).toBe(`535 you sent [redacted] = ${USER} [redacted]`);
  });
});
