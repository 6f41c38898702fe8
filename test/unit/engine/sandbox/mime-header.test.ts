import { describe, expect, it } from 'vitest';
import { decodeEncodedWords, subjectOf, unfoldedHeaders } from '../../../../electron/engine/sandbox/mime-header.ts';

describe('subjectOf', () => {
  it.each([
    ['Subject: hello\r\n\r\nbody', 'hello'],
    ['From: a\r\nSubject: folded\r\n  across lines\r\nTo: b\r\n\r\n', 'folded across lines'],
    ['Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus?= =?UTF-8?B?S8O2bG4=?=\r\n\r\n', 'Grüße ausKöln'],
    ['Subject: =?ISO-8859-1?Q?caf=E9?=\r\n\r\n', 'café'],
    ['Subject: =?x-unknown?Q?raw?=\r\n\r\n', '=?x-unknown?Q?raw?='],
    ['From: a\r\n\r\nSubject: in the body', undefined],
    ['From: a\nsubject: bare LF\n\nbody', 'bare LF'],
  ])('%j -> %j', (head, subject) => {
    expect(subjectOf(head)).toBe(subject);
  });

  it('replaces control characters and caps the length at 998', () => {
    expect(subjectOf('Subject: a=?UTF-8?Q?=07?=b\r\n\r\n')).toBe('a b');
    expect(subjectOf(`Subject: ${'x'.repeat(2000)}\r\n\r\n`)).toHaveLength(998);
  });
});

describe('decodeEncodedWords / unfoldedHeaders', () => {
  it('keeps whitespace between an encoded word and plain text (RFC 2047 §6.2)', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?a?= b =?UTF-8?Q?c?=')).toBe('a b c');
  });

  it('stops at the first empty line', () => {
    expect(unfoldedHeaders('A: 1\r\n\r\nB: 2')).toBe('A: 1');
  });
});
