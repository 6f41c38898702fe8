import { describe, expect, it } from 'vitest';
import type { TranscriptEvent } from '../../../../shared/transcript.ts';
import { findMatches, matchSegments, replyTextAt } from '../../../../renderer/components/transcript/transcript-lines.ts';

const line = (dir: TranscriptEvent['dir'], text: string, seq = 1): TranscriptEvent => ({ seq, t: seq, dir, text });

describe('transcript lines', () => {
  it('finds matches case-insensitively in the visible text, bidi tokens included', () => {
    const lines = [line('S', '220 Mail.Example ESMTP'), line('C', 'EHLO x'), line('S', '250 ok\u202E')];
    expect(findMatches(lines, 'mail.example')).toEqual([0]);
    expect(findMatches(lines, 'U+202E')).toEqual([2]);
    expect(findMatches(lines, '   ')).toEqual([]);
  });

  it('cuts the visible text into plain and matching pieces without losing a character', () => {
    expect(matchSegments('250 OK ok', 'ok')).toEqual([
      { text: '250 ', match: false },
      { text: 'OK', match: true },
      { text: ' ', match: false },
      { text: 'ok', match: true },
    ]);
    expect(matchSegments('\x1b[2J', '')).toEqual([{ text: '\\x1b[2J', match: false }]);
  });

  it('highlights an escape token whole or not at all (a search for part of it marks all of it)', () => {
    expect(matchSegments('250 ok\u202E', '202')).toEqual([
      { text: '250 ok', match: false },
      { text: '⟨U+202E⟩', match: true },
    ]);
    expect(matchSegments('\x1b[2J', 'x1')).toEqual([
      { text: '\\x1b', match: true },
      { text: '[2J', match: false },
    ]);
    expect(matchSegments('a\x1bb', 'b[')).toEqual([{ text: 'a\\x1bb', match: false }]);
    expect(matchSegments('a\x1bb', '1bb')).toEqual([
      { text: 'a', match: false },
      { text: '\\x1bb', match: true },
    ]);
    // Typed by the server as four characters, "\\x1b" is text, not a token: only the match is marked.
    expect(matchSegments('say \\x1b', 'x1')).toEqual([
      { text: 'say \\', match: false },
      { text: 'x1', match: true },
      { text: 'b', match: false },
    ]);
  });

  it('places highlights on the original text when lower-casing changes its length (U+0130)', () => {
    expect(matchSegments('İİ ok', 'ok')).toEqual([
      { text: 'İİ ', match: false },
      { text: 'ok', match: true },
    ]);
    expect(matchSegments('İstanbul', 'i')).toEqual([
      { text: 'İ', match: true },
      { text: 'stanbul', match: false },
    ]);
    expect(findMatches([line('S', 'İİ ok')], 'ok')).toEqual([0]);
  });

  it('gathers the whole multi-line reply around a clicked line (RFC 5321 §4.2.1)', () => {
    const lines = [line('C', 'EHLO x'), line('S', '250-a'), line('S', '250-b'), line('S', '250 c'), line('S', '220 next')];
    expect(replyTextAt(lines, 2)).toBe('250-a\n250-b\n250 c');
    expect(replyTextAt(lines, 1)).toBe('250-a\n250-b\n250 c');
    expect(replyTextAt(lines, 4)).toBe('220 next');
    expect(replyTextAt(lines, 0)).toBeNull();
  });
});
