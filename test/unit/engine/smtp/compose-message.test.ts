import { describe, expect, it } from 'vitest';
import { composeMessage, DEFAULT_SUBJECT } from '../../../../electron/engine/smtp/compose-message.ts';
import { EngineInputError } from '../../../../electron/engine/smtp/command-line.ts';

/** Headers (unfolded) and body of a message, split at the first empty line. */
function split(message: Buffer): { headers: Map<string, string[]>; body: string; text: string } {
  const text = message.toString('utf8');
  const at = text.indexOf('\r\n\r\n');
  const headers = new Map<string, string[]>();
  for (const line of text.slice(0, at).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { headers, body: text.slice(at + 4), text };
}

/** RFC 2047 encoded-words (B and Q) back to text. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

/** Quoted-printable body back to text. */
function decodeQp(body: string): string {
  const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

const BASE = { from: 'Probe <probe@example.test>', to: ['rcpt@example.test'], date: new Date('2026-01-02T03:04:05Z') };

describe('composeMessage', () => {
  it('writes From, To, Subject, Date, Message-ID and MIME headers with CRLF line endings', async () => {
    const message = await composeMessage({ ...BASE, to: ['a@example.test', 'b@example.test'], subject: 'Hello', text: 'Body line\n', messageId: '<id-1@example.test>' });
    const { headers, body, text } = split(message);
    expect(text).toMatch(/^([^\r\n]*\r\n)*[^\r\n]*$/);
    expect(headers.get('from')).toEqual(['Probe <probe@example.test>']);
    expect(headers.get('to')).toEqual(['a@example.test, b@example.test']);
    expect(headers.get('subject')).toEqual(['Hello']);
    expect(headers.get('date')).toEqual(['Fri, 02 Jan 2026 03:04:05 +0000']);
    expect(headers.get('message-id')).toEqual(['<id-1@example.test>']);
    expect(headers.get('mime-version')).toEqual(['1.0']);
    expect(headers.get('content-type')?.[0]).toMatch(/^text\/plain/);
    expect(decodeQp(body)).toBe('Body line\r\n');
  });

  it('uses a default subject and body that say it is a test from SMTP Probe', async () => {
    const { headers, body } = split(await composeMessage(BASE));
    expect(headers.get('subject')).toEqual([DEFAULT_SUBJECT]);
    expect(decodeQp(body)).toMatch(/test message sent by SMTP Probe/);
  });

  it('encodes a non-ASCII subject, body, display name and custom header', async () => {
    const message = await composeMessage({
      ...BASE,
      from: 'Jörg Müller <probe@example.test>',
      subject: 'Grüße aus Köln ✓ 用户',
      text: 'Hällo Wörld\n.\nend',
      headers: [['X-Note', 'naïve café']],
    });
    expect(message.every((b) => b < 0x80)).toBe(true);
    const { headers, body } = split(message);
    expect(decodeWords(headers.get('subject')?.[0] ?? '')).toBe('Grüße aus Köln ✓ 用户');
    expect(decodeWords(headers.get('from')?.[0] ?? '')).toBe('Jörg Müller <probe@example.test>');
    expect(decodeWords(headers.get('x-note')?.[0] ?? '')).toBe('naïve café');
    expect(headers.get('content-transfer-encoding')).toEqual(['quoted-printable']);
    expect(decodeQp(body)).toBe('Hällo Wörld\r\n.\r\nend\r\n');
  });

  it('a body pasted with CRLF line ends (Windows) keeps one CRLF per line, no CR doubled', async () => {
    const { body } = split(await composeMessage({ ...BASE, text: 'line 1\r\nline 2\r\n\r\nline 4' }));
    expect(decodeQp(body)).toBe('line 1\r\nline 2\r\n\r\nline 4\r\n');
    expect(body).not.toMatch(/\r\r|=0D/);
  });

  it('generates a Message-ID in the given domain', async () => {
    const { headers } = split(await composeMessage({ ...BASE, messageIdDomain: 'bücher.example' }));
    expect(headers.get('message-id')?.[0]).toMatch(/^<[0-9a-f-]{36}@xn--bcher-kva\.example>$/);
  });

  it('keeps every line within 998 octets even for long body lines', async () => {
    const message = await composeMessage({ ...BASE, text: 'x'.repeat(5000) });
    expect(message.toString('latin1').split('\r\n').every((l) => l.length <= 998)).toBe(true);
  });

  it.each<[string, Parameters<typeof composeMessage>[0], string]>([
    ['CRLF in the subject (header injection)', { ...BASE, subject: 'hi\r\nBcc: victim@x.test' }, 'subject'],
    ['LF in the subject', { ...BASE, subject: 'hi\nthere' }, 'subject'],
    ['NUL in a header value', { ...BASE, headers: [['X-A', 'a\0b']] }, 'header X-A'],
    ['CR in a header value', { ...BASE, headers: [['X-A', 'a\rBcc: x@y']] }, 'header X-A'],
    ['a colon in a header name', { ...BASE, headers: [['X-A: b', 'c']] }, 'header'],
    ['a space in a header name', { ...BASE, headers: [['X A', 'c']] }, 'header'],
    ['an empty header name', { ...BASE, headers: [['', 'c']] }, 'header'],
    ['a non-ASCII header name', { ...BASE, headers: [['X-Grüße', 'c']] }, 'header'],
    ['a Content-Type header', { ...BASE, headers: [['Content-Type', 'text/html']] }, 'header'],
    ['CRLF in From', { ...BASE, from: 'a@b.test\r\nRCPT TO:<x@y>' }, 'from'],
    ['no recipients', { ...BASE, to: [] }, 'to'],
    ['LF in a recipient', { ...BASE, to: ['a@b.test\nx'] }, 'to'],
    ['a Message-ID with spaces', { ...BASE, messageId: '<a b@c>' }, 'messageId'],
    ['an invalid Message-ID domain', { ...BASE, messageIdDomain: 'exa mple.com' }, 'messageIdDomain'],
    ['an unfoldable 2000-character header value', { ...BASE, headers: [['X-Long', 'y'.repeat(2000)]] }, 'header'],
  ])('rejects %s', async (_name, options, field) => {
    const error = await composeMessage(options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineInputError);
    expect((error as EngineInputError).field).toBe(field);
    expect((error as EngineInputError).code).toBe('EINVALID');
  });
});
