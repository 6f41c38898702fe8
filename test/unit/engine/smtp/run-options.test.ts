import { describe, expect, it } from 'vitest';
import { validateSmtpRunOptions } from '../../../../electron/engine/smtp/run-options.ts';
import { runOptions, type FlatRunOptions } from '../../../helpers/direct-connection.ts';
import { createTranscript } from '../../../../electron/engine/transcript.ts';

const base = (): FlatRunOptions => ({ host: 'mx.example.test', port: 587, security: 'starttls', ehloName: 'client.example.test', transcript: createTranscript() });

describe('validateSmtpRunOptions', () => {
  it('accepts a complete, valid request', () => {
    expect(
      validateSmtpRunOptions(runOptions({
        ...base(),
        family: 6,
        auth: { user: 'u', password: 'p', mechanism: 'CRAM-MD5' },
        from: 'a@example.test',
        to: ['b@example.test', 'Postmaster'],
        dsnNotify: ['SUCCESS', 'FAILURE'],
        message: { subject: 'hi', text: 'x', headers: [['X-Test', 'v']] },
        stopAfter: 'rcpt',
        timeouts: { command: 1000 },
      })),
    ).toEqual([]);
  });

  const bad: Array<[string, Partial<FlatRunOptions>, RegExp]> = [
    ['port 0', { port: 0 }, /port/],
    ['port 65536', { port: 65536 }, /port/],
    ['port 1.5', { port: 1.5 }, /port/],
    ['empty host', { host: '' }, /host/],
    ['host with CRLF', { host: 'a\r\nb' }, /host/],
    ['unknown security', { security: 'tls' as never }, /security/],
    ['family 5', { family: 5 as never }, /family/],
    ['EHLO name with CRLF injection', { ehloName: 'a\r\nRSET' }, /EHLO/],
    ['empty EHLO name', { ehloName: '' }, /EHLO/],
    ['password with LF', { auth: { user: 'u', password: 'p\nx' } }, /password/],
    ['empty user', { auth: { user: '', password: 'p' } }, /user/],
    ['unknown mechanism', { auth: { user: 'u', password: 'p', mechanism: 'GSSAPI' as never } }, /mechanism/],
    ['recipients without sender', { to: ['b@example.test'] }, /from/],
    ['sender without recipients', { from: 'a@example.test' }, /to/],
    ['envelope with display name', { from: 'John <a@example.test>', to: ['b@example.test'] }, /from/],
    ['recipient injection', { from: 'a@example.test', to: ['a@x.test>\r\nRCPT TO:<v@y.test'] }, /to/],
    ['101 recipients', { from: 'a@example.test', to: Array.from({ length: 101 }, (_, i) => `r${i}@example.test`) }, /at most 100/],
    ['NOTIFY=NEVER combined', { dsnNotify: ['NEVER', 'SUCCESS'] }, /NEVER/],
    ['subject with a header injected', { message: { subject: 'hi\r\nBcc: victim@x.test' } }, /subject/],
    ['header name with a space', { message: { headers: [['X Bad', 'v']] } }, /header name/],
    ['header value with CRLF', { message: { headers: [['X-Ok', 'v\r\nBcc: x@y.test']] } }, /header X-Ok/],
    ['unknown stop stage', { stopAfter: 'quit' as never }, /stopAfter/],
    ['negative timeout', { timeouts: { command: -1 } }, /timeout/],
    ['CA that is not PEM', { ca: ['not a certificate'] }, /ca/],
  ];
  for (const [name, patch, message] of bad) {
    it(`rejects ${name}`, () => {
      const errors = validateSmtpRunOptions(runOptions({ ...base(), ...patch }));
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => e.code === 'EINVALID')).toBe(true);
      expect(errors.map((e) => e.message).join('\n')).toMatch(message);
    });
  }
});
