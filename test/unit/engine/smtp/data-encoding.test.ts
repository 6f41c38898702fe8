import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDataPayload, encodeDataPayload, longLines, normalizeLineEndings } from '../../../../electron/engine/smtp/data-encoding.ts';
import { EngineInputError } from '../../../../electron/engine/smtp/command-line.ts';

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** An independent reference: RFC 5321 line breaks as a regex over latin1 text, then a final CRLF. */
function referenceNormalise(input: Uint8Array): string {
  const text = latin1(input).replace(/\r\n|\r|\n/g, '\r\n');
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

describe('encodeDataPayload (reliability B.24)', () => {
  it.each<[string, string, string]>([
    ['plain text gets the terminator', 'Subject: x\r\n\r\nhello\r\n', 'Subject: x\r\n\r\nhello\r\n.\r\n'],
    ['a missing final line break is added', 'hello', 'hello\r\n.\r\n'],
    ['bare LF becomes CRLF', 'a\nb\n', 'a\r\nb\r\n.\r\n'],
    ['bare CR becomes CRLF', 'a\rb', 'a\r\nb\r\n.\r\n'],
    ['CR CR LF is two line breaks', 'a\r\r\nb', 'a\r\n\r\nb\r\n.\r\n'],
    ['a leading dot is stuffed', '.hidden\r\n', '..hidden\r\n.\r\n'],
    ['a lone dot line is stuffed', 'a\r\n.\r\nb', 'a\r\n..\r\nb\r\n.\r\n'],
    ['dots after a bare LF are stuffed (smuggling: <LF>.<LF>)', 'a\n.\nMAIL FROM:<x@y>', 'a\r\n..\r\nMAIL FROM:<x@y>\r\n.\r\n'],
    ['dots after a bare CR are stuffed (smuggling: <CR>.<CR>)', 'a\r.\rb', 'a\r\n..\r\nb\r\n.\r\n'],
    ['a dot not at a line start is left alone', 'a.b\r\n', 'a.b\r\n.\r\n'],
    ['a message that is one dot', '.', '..\r\n.\r\n'],
    ['the empty message is one empty line', '', '\r\n.\r\n'],
  ])('%s', (_name, input, expected) => {
    expect(latin1(encodeDataPayload(input))).toBe(expected);
  });

  it('keeps UTF-8 bytes as they are', () => {
    expect(encodeDataPayload('Grüße\n').toString('utf8')).toBe('Grüße\r\n.\r\n');
  });

  it('accepts bytes as well as strings', () => {
    expect(latin1(encodeDataPayload(Uint8Array.of(0x41, 0x0a, 0x2e)))).toBe('A\r\n..\r\n.\r\n');
  });
});

describe('decodeDataPayload', () => {
  it('un-stuffs and drops the terminator', () => {
    expect(latin1(decodeDataPayload(Buffer.from('..a\r\nb\r\n.\r\n')))).toBe('.a\r\nb\r\n');
    expect(latin1(decodeDataPayload(Buffer.from('.\r\n')))).toBe('');
  });

  it('refuses a payload without the CRLF.CRLF terminator', () => {
    expect(() => decodeDataPayload(Buffer.from('a\r\n'))).toThrow(EngineInputError);
    expect(() => decodeDataPayload(Buffer.from('a\n.\n'))).toThrow(EngineInputError);
  });
});

describe('longLines (RFC 5322 §2.1.1)', () => {
  it('reports 1-based line numbers over 998 octets', () => {
    const ok = 'x'.repeat(998);
    const long = 'y'.repeat(999);
    expect(longLines(`${ok}\r\n${long}\n${ok}\r${long}`)).toEqual([2, 4]);
    expect(longLines(ok)).toEqual([]);
  });

  it('counts octets, not characters, and honours a custom limit', () => {
    expect(longLines('ééé', 5)).toEqual([1]);
    expect(longLines('abc\r\nabcdef', 5)).toEqual([2]);
  });
});

describe('DATA payload properties (reliability E.46b)', () => {
  const anyBytes = fc.oneof(
    fc.uint8Array({ maxLength: 400 }),
    // Streams rich in the bytes that matter: CR, LF, ".".
    fc.array(fc.constantFrom(0x0d, 0x0a, 0x2e, 0x41, 0x20), { maxLength: 200 }).map((a) => Uint8Array.from(a)),
  );

  it('for any bytes: only CRLF line endings, one terminator at the end, and decode(encode(x)) is x normalised', () => {
    fc.assert(
      fc.property(anyBytes, (input) => {
        const out = latin1(encodeDataPayload(input));
        expect(out).toMatch(/^([^\r\n]*\r\n)*$/);
        expect(out.endsWith('\r\n.\r\n')).toBe(true);
        expect(out.indexOf('\r\n.\r\n')).toBe(out.length - 5);
        expect(out.startsWith('.\r\n')).toBe(false);
        expect(latin1(decodeDataPayload(encodeDataPayload(input)))).toBe(referenceNormalise(input));
        expect(latin1(normalizeLineEndings(input))).toBe(referenceNormalise(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('no line of the output, except the terminator, is a lone dot', () => {
    fc.assert(
      fc.property(anyBytes, (input) => {
        const lines = latin1(encodeDataPayload(input)).split('\r\n').slice(0, -2);
        expect(lines.every((l) => l !== '.')).toBe(true);
        expect(lines.every((l) => !l.startsWith('.') || l.startsWith('..'))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
