import { describe, expect, it } from 'vitest';
import { escapeHtml, visibleText } from '../../../shared/visible-text.ts';

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
});

describe('escapeHtml', () => {
  it('turns markup in server text into inert text', () => {
    expect(escapeHtml('220 <img src=x onerror=alert(1)>\u202E')).toBe('220 &#60;img src=x onerror=alert(1)&#62;⟨U+202E⟩');
  });
});
