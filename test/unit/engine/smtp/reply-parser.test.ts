import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SmtpReply } from '../../../../shared/evidence.ts';
import { parseEnhancedCode, ReplyParser, SmtpProtocolError } from '../../../../electron/engine/smtp/reply-parser.ts';

const bytes = (s: string | Uint8Array) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s);

/** Parses the whole input in one push. */
function parse(input: string | Uint8Array, options?: ConstructorParameters<typeof ReplyParser>[0]): SmtpReply[] {
  return new ReplyParser(options).push(bytes(input));
}

/** Parses the input fed one byte at a time. */
function parseBytewise(input: string | Uint8Array, options?: ConstructorParameters<typeof ReplyParser>[0]): SmtpReply[] {
  const parser = new ReplyParser(options);
  const out: SmtpReply[] = [];
  for (const b of bytes(input)) out.push(...parser.push(Uint8Array.of(b)));
  return out;
}

function protocolError(input: string | Uint8Array, options?: ConstructorParameters<typeof ReplyParser>[0]): SmtpProtocolError {
  try {
    parse(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(SmtpProtocolError);
    return error as SmtpProtocolError;
  }
  throw new Error(`no protocol error for ${JSON.stringify(String(input).slice(0, 40))}`);
}

describe('ReplyParser: grammar (reliability B.17)', () => {
  it.each<[string, string, Partial<SmtpReply>[]]>([
    ['single line', '220 mx.test ESMTP\r\n', [{ code: 220, lines: ['mx.test ESMTP'], raw: ['220 mx.test ESMTP'] }]],
    ['multi-line reply is one reply', '250-a\r\n250 b\r\n', [{ code: 250, lines: ['a', 'b'], raw: ['250-a', '250 b'] }]],
    ['code-only line', '250\r\n', [{ code: 250, lines: [''], raw: ['250'] }]],
    ['code and space only', '354 \r\n', [{ code: 354, lines: [''], raw: ['354 '] }]],
    ['code-only continuation', '250-\r\n250 ok\r\n', [{ code: 250, lines: ['', 'ok'] }]],
    ['two replies in one chunk', '250 a\r\n221 bye\r\n', [{ code: 250 }, { code: 221, lines: ['bye'] }]],
    ['unknown code inside the ranges', '259 odd\r\n', [{ code: 259 }]],
    ['lowest and highest codes', '200 x\r\n559 y\r\n', [{ code: 200 }, { code: 559 }]],
    ['stray empty lines between replies are skipped', '\r\n250 a\r\n\n\r\n221 b\r\n', [{ code: 250 }, { code: 221 }]],
    ['text keeps control characters for the escaping exporter', '220 \x1b[2J\u202E hi\r\n', [{ lines: ['\x1b[2J\u202E hi'] }]],
  ])('%s', (_name, input, expected) => {
    const replies = parse(input);
    expect(replies).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(replies[i]).toMatchObject(e));
    expect(parseBytewise(input)).toEqual(replies);
  });

  it('flags mismatched codes in one reply and uses the last line\'s code (scenario 5)', () => {
    const [reply] = parse('250-a\r\n550 b\r\n');
    expect(reply).toMatchObject({ code: 550, codeMismatch: true, lines: ['a', 'b'] });
    expect(parse('250-a\r\n250 b\r\n')[0]?.codeMismatch).toBeUndefined();
  });

  it.each<[string, string | Uint8Array]>([
    ['first digit 6', '600 x\r\n'],
    ['first digit 1', '100 x\r\n'],
    ['second digit 6', '260 x\r\n'],
    ['letter in the code', '2x0 x\r\n'],
    ['two digits', '25\r\n'],
    ['letter after the code', '250x\r\n'],
    ['tab after the code', '250\tx\r\n'],
    ['CR inside the code line', '250\rx\r\n'],
    ['binary garbage', Uint8Array.of(0x00, 0xff, 0xfe, 0x0d, 0x0a)],
    ['NUL in the text', '250 a\x00b\r\n'],
    ['HTTP instead of SMTP', 'HTTP/1.1 400 Bad Request\r\n'],
    ['TLS record on a plaintext port', Uint8Array.of(0x16, 0x03, 0x01, 0x00, 0xa5)],
    ['whitespace-only line', '   \r\n'],
  ])('rejects %s with EPROTO (scenarios 6, 27)', (_name, input) => {
    const error = protocolError(input);
    expect(error.code).toBe('EPROTO');
    expect(error.message).toMatch(/reply|response/);
  });

  it('rejects garbage on its first byte, before any line ending', () => {
    const parser = new ReplyParser();
    expect(() => parser.push(bytes('x'))).toThrow(SmtpProtocolError);
  });

  it('keeps the offending input in the error for the transcript', () => {
    const error = protocolError('250-first\r\n2x0 broken\r\n');
    expect(error.partial).toContain('250-first');
    expect(error.partial).toContain('2x');
  });

  it('stays broken after an error until reset', () => {
    const parser = new ReplyParser();
    expect(() => parser.push(bytes('999\r\n'))).toThrow(SmtpProtocolError);
    expect(() => parser.push(bytes('250 ok\r\n'))).toThrow(SmtpProtocolError);
    parser.reset();
    expect(parser.push(bytes('250 ok\r\n'))).toHaveLength(1);
  });
});

describe('ReplyParser: line endings (reliability B.19, scenario 12)', () => {
  it('accepts bare LF and flags it', () => {
    expect(parse('220 hi\n')).toEqual([{ code: 220, lines: ['hi'], raw: ['220 hi'], bareLf: true }]);
    expect(parse('250-a\r\n250 b\n')[0]?.bareLf).toBe(true);
    expect(parse('250 ok\r\n')[0]?.bareLf).toBeUndefined();
  });

  it('copies an incomplete line, so the caller may reuse its buffer', () => {
    const parser = new ReplyParser();
    const buffer = bytes('250 first');
    parser.push(buffer);
    buffer.fill(0x78);
    expect(parser.push(bytes('\r\n'))[0]?.lines).toEqual(['first']);
  });

  it('treats a CR split from its LF across chunks as CRLF', () => {
    const parser = new ReplyParser();
    expect(parser.push(bytes('250 ok\r'))).toEqual([]);
    expect(parser.push(bytes('\n'))).toEqual([{ code: 250, lines: ['ok'], raw: ['250 ok'] }]);
  });
});

describe('ReplyParser: caps (reliability B.18, scenarios 3, 4, 30)', () => {
  it('aborts a line without CRLF at 16 KiB, keeping the first 4 KiB (scenario 3)', () => {
    const parser = new ReplyParser();
    const chunk = bytes(`250 ${'x'.repeat(1020)}`);
    let fed = 0;
    let error: unknown;
    try {
      for (;;) {
        parser.push(fed === 0 ? chunk : bytes('x'.repeat(1024)));
        fed += 1024;
        if (fed > 1_048_576) break;
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SmtpProtocolError);
    expect((error as Error).message).toMatch(/line longer than 16384/);
    expect(fed).toBeLessThan(16_384 + 1024);
    expect(fed).toBeGreaterThanOrEqual(16_384 - 1024);
    expect((error as SmtpProtocolError).partial?.length).toBe(4096);
  });

  it('accepts a line of exactly the cap including CRLF', () => {
    const line = `250 ${'y'.repeat(16_384 - 6)}\r\n`;
    expect(Buffer.byteLength(line)).toBe(16_384);
    expect(parse(line)).toHaveLength(1);
    expect(() => parse(`250 ${'y'.repeat(16_384 - 5)}\r\n`)).toThrow(/line longer/);
  });

  it('accepts a 12 KiB AUTH challenge (RFC 4954 §4, scenario 23)', () => {
    const challenge = 'A'.repeat(12_288);
    expect(parse(`334 ${challenge}\r\n`)[0]?.lines[0]).toBe(challenge);
  });

  it('aborts an endless multi-line reply at 512 lines (scenario 4)', () => {
    const parser = new ReplyParser();
    let lines = 0;
    expect(() => {
      for (; lines < 100_000; lines++) parser.push(bytes('250-x\r\n'));
    }).toThrow(/512 lines/);
    expect(lines).toBe(511);
  });

  it('accepts a reply of exactly 512 lines', () => {
    const input = '250-x\r\n'.repeat(511) + '250 end\r\n';
    expect(parse(input)[0]?.lines).toHaveLength(512);
  });

  it('aborts an EHLO with 10 000 extension lines (scenario 30)', () => {
    const input = ['250-mx.test'].concat(Array.from({ length: 10_000 }, (_, i) => `250-X-EXT${i}`), ['250 END']).join('\r\n') + '\r\n';
    expect(() => parse(input)).toThrow(SmtpProtocolError);
  });

  it('aborts a reply over 64 KiB before the line count cap', () => {
    const line = `250-${'z'.repeat(1000)}\r\n`;
    expect(() => parse(line.repeat(70))).toThrow(/reply longer than 65536 bytes/);
  });

  it('aborts endless empty lines at the buffer cap', () => {
    expect(() => parse('\r\n'.repeat(40_000))).toThrow(/buffered/);
  });

  it('honours smaller caps from the options', () => {
    expect(() => parse('250 abcdefghij\r\n', { maxLineBytes: 8 })).toThrow(/line longer than 8/);
    expect(() => parse('250-a\r\n250-b\r\n250 c\r\n', { maxReplyLines: 2 })).toThrow(/2 lines/);
    expect(() => parse('250-aaaa\r\n250 bbbb\r\n', { maxReplyBytes: 12 })).toThrow(/12 bytes/);
    expect(() => parse('250-aaaa\r\n250 bbbb\r\n', { maxBufferedBytes: 12 })).toThrow(/buffered/);
  });
});

describe('ReplyParser: UTF-8 (scenario 26)', () => {
  it('replaces invalid UTF-8 instead of failing', () => {
    const [reply] = parse(Buffer.concat([bytes('250 ok '), Uint8Array.of(0xff, 0xc3), bytes(' end\r\n')]));
    expect(reply?.lines[0]).toBe('ok \uFFFD\uFFFD end');
  });

  it('decodes a character split across chunks', () => {
    const parser = new ReplyParser();
    const whole = bytes('250 Grüße 用户\r\n');
    const replies = [...parser.push(whole.subarray(0, 7)), ...parser.push(whole.subarray(7, 13)), ...parser.push(whole.subarray(13))];
    expect(replies[0]?.lines[0]).toBe('Grüße 用户');
  });
});

describe('ReplyParser: enhanced status codes (reliability B.23)', () => {
  it('parses class.subject.detail only when enabled', () => {
    expect(parse('550 5.7.1 Relaying denied\r\n')[0]?.enhanced).toBeUndefined();
    const [reply] = parse('550 5.7.1 Relaying denied\r\n', { enhancedStatusCodes: true });
    expect(reply).toMatchObject({ code: 550, enhanced: '5.7.1', lines: ['5.7.1 Relaying denied'] });
    expect(reply?.enhancedMismatch).toBeUndefined();
  });

  it('flags a class that disagrees with the reply code; the reply code wins', () => {
    expect(parse('250 5.0.0 ok\r\n', { enhancedStatusCodes: true })[0]).toMatchObject({ code: 250, enhanced: '5.0.0', enhancedMismatch: true });
  });

  it('can be switched on after EHLO', () => {
    const parser = new ReplyParser();
    parser.setEnhancedStatusCodes(true);
    expect(parser.push(bytes('250-2.1.0 first\r\n250 2.1.0 Sender ok\r\n'))[0]?.enhanced).toBe('2.1.0');
  });

  it.each([
    ['5.7.1 text', '5.7.1'],
    ['4.2.123', '4.2.123'],
    ['2.0.0\tok', '2.0.0'],
    ['5.7.1234 x', undefined],
    ['3.0.0 x', undefined],
    ['5.7 x', undefined],
    ['5.7.1x', undefined],
    ['5..1 x', undefined],
    ['mx.test', undefined],
    ['', undefined],
  ])('parseEnhancedCode(%j) = %j', (text, expected) => {
    expect(parseEnhancedCode(text)).toBe(expected);
  });
});

describe('ReplyParser: buffered bytes and pending text', () => {
  it('counts bytes not yet part of a returned reply (STARTTLS injection check)', () => {
    const parser = new ReplyParser();
    expect(parser.push(bytes('220 Ready\r\n250-SMTPUTF8 INJECTED '))).toHaveLength(1);
    expect(parser.bufferedBytes).toBe('250-SMTPUTF8 INJECTED '.length);
    const clean = new ReplyParser();
    clean.push(bytes('220 Ready\r\n'));
    expect(clean.bufferedBytes).toBe(0);
  });

  it('counts a stray CRLF after a reply as buffered', () => {
    const parser = new ReplyParser();
    parser.push(bytes('220 Ready\r\n\r\n'));
    expect(parser.bufferedBytes).toBe(2);
  });

  it('shows an incomplete reply as text (scenario 8)', () => {
    const parser = new ReplyParser();
    parser.push(bytes('250-mx.test\r\n250-PIPEL'));
    expect(parser.pendingText()).toBe('250-mx.test\n250-PIPEL');
    expect(parser.bufferedBytes).toBe(22);
    parser.reset();
    expect(parser.pendingText()).toBe('');
    expect(parser.bufferedBytes).toBe(0);
  });
});

// ------------------------------------------------------------------ property: any chunking (reliability E.46a, scenario 11)

const textChar = fc.oneof(
  fc.constantFrom(...'abcXYZ019 .-:[]<>=_'.split('')),
  fc.constantFrom('é', 'ü', '用', '户', '😀', '\t', '\x1b'),
);
const replyArb = fc
  .record({
    code: fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 9 })).map(([a, b, c]) => `${a}${b}${c}`),
    lines: fc.array(fc.oneof(fc.constant(null), fc.string({ unit: textChar, maxLength: 30 })), { minLength: 1, maxLength: 5 }),
    bareLf: fc.boolean(),
  })
  .map(({ code, lines, bareLf }) =>
    lines
      .map((text, i) => {
        const last = i === lines.length - 1;
        const body = text === null && last ? code : `${code}${last ? ' ' : '-'}${text ?? ''}`;
        return body + (bareLf && last ? '\n' : '\r\n');
      })
      .join(''),
  );

describe('ReplyParser: property', () => {
  it('gives identical replies for every split of the byte stream', () => {
    fc.assert(
      fc.property(fc.array(replyArb, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), fc.boolean(), (replies, cuts, enhanced) => {
        const stream = bytes(replies.join(''));
        const whole = new ReplyParser({ enhancedStatusCodes: enhanced }).push(stream);
        expect(whole).toHaveLength(replies.length);
        const offsets = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const parser = new ReplyParser({ enhancedStatusCodes: enhanced });
        const pieces: SmtpReply[] = [];
        let from = 0;
        for (const to of [...offsets, stream.length]) {
          pieces.push(...parser.push(stream.subarray(from, to)));
          from = to;
        }
        expect(pieces).toEqual(whole);
        expect(parser.bufferedBytes).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('gives identical replies for every pair of cut points in a stream with CRLF, bare LF and multi-byte UTF-8', () => {
    const stream = bytes('220 Grüße 😀\r\n250-用户\r\n250 ok\n\r\n354\r\n');
    const whole = new ReplyParser().push(stream);
    expect(whole.map((r) => r.code)).toEqual([220, 250, 354]);
    for (let i = 0; i <= stream.length; i++) {
      for (let j = i; j <= stream.length; j++) {
        const parser = new ReplyParser();
        const got = [...parser.push(stream.subarray(0, i)), ...parser.push(stream.subarray(i, j)), ...parser.push(stream.subarray(j))];
        expect(got).toEqual(whole);
      }
    }
  });

  it('never throws anything but SmtpProtocolError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
        try {
          parse(input);
        } catch (error) {
          expect(error).toBeInstanceOf(SmtpProtocolError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
