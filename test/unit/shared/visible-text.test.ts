import { describe, expect, it } from 'vitest';
import { escapeHtml, firstHiddenCharacter, visibleText } from '../../../shared/visible-text.ts';

describe('visibleText', () => {
  it.each([
    ['220 mail.example.net ESMTP', '220 mail.example.net ESMTP'],
    ['220 \x1b[2J cleared', '220 \\x1b[2J cleared'],
    ['220 evil\u202Etxt.exe', '220 evil⟨U+202E⟩txt.exe'],
    ['a\tb', 'a\tb'],
    ['nul\0', 'nul\\x00'],
    ['c1\u009b', 'c1\\x9b'],
    ['bücher ✓', 'bücher ✓'],
  ])('%j -> %j', (input, expected) => {
    expect(visibleText(input)).toBe(expected);
  });

  // Each of these once showed nothing (or broke the line) and went through as it was.
  it.each(([
    [0x2028, 'line separator'],
    [0x2029, 'paragraph separator'],
    [0x00ad, 'soft hyphen'],
    [0x061c, 'Arabic letter mark'],
    [0xe0000, 'first tag code point'],
    [0xe0001, 'language tag'],
    [0xe0041, 'tag latin capital A'],
    [0xe007f, 'cancel tag'],
    [0x180e, 'Mongolian vowel separator'],
    [0x2061, 'function application'],
    [0x2062, 'invisible times'],
    [0x2063, 'invisible separator'],
    [0x2064, 'invisible plus'],
    [0x206a, 'inhibit symmetric swapping'],
    [0x206b, 'activate symmetric swapping'],
    [0x206c, 'inhibit Arabic form shaping'],
    [0x206d, 'activate Arabic form shaping'],
    [0x206e, 'national digit shapes'],
    [0x206f, 'nominal digit shapes'],
    [0xfff9, 'interlinear annotation anchor'],
    [0xfffa, 'interlinear annotation separator'],
    [0xfffb, 'interlinear annotation terminator'],
    [0x034f, 'combining grapheme joiner'],
    [0x3164, 'Hangul filler'],
  ] as const).map(([cp, name]) => [(cp as number).toString(16).toUpperCase().padStart(4, '0'), name as string]))('U+%s (%s) is shown as ⟨U+XXXX⟩', (hex) => {
    const cp = parseInt(hex, 16);
    expect(visibleText(`ok${String.fromCodePoint(cp)}ok`)).toBe(`ok⟨U+${hex}⟩ok`);
    expect(firstHiddenCharacter(`ok${String.fromCodePoint(cp)}`)).toBe(`⟨U+${hex}⟩`);
  });

  it('keeps variation selectors (they pick a glyph) and visible text', () => {
    for (const text of ['\u2764\ufe0f', '\u845b\u{e0100}', 'ᠠ\u180b', 'Grüße 😀 漢字 עברית']) {
      expect(visibleText(text)).toBe(text);
      expect(firstHiddenCharacter(text)).toBeUndefined();
    }
  });

  it('shows a lone surrogate instead of letting it become U+FFFD silently', () => {
    expect(visibleText('a\ud800b')).toBe('a⟨U+D800⟩b');
  });
});

describe('escapeHtml', () => {
  it('turns markup in server text into inert text', () => {
    expect(escapeHtml('220 <img src=x onerror=alert(1)>\u202E')).toBe('220 &#60;img src=x onerror=alert(1)&#62;⟨U+202E⟩');
  });
});
