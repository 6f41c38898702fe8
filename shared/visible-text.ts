/**
 * Server text is data, never markup or terminal control (reliability A.14, A.29).
 * Control characters (C0 except TAB, DEL, C1) become `\xNN`; characters that show nothing or move
 * text around become `⟨U+XXXX⟩`, so a banner like "220 ok\u202E" or "\x1b[2J" is shown literally
 * in the UI, the terminal and every export.
 */

/**
 * What shows nothing on screen: format characters (Cf: bidi controls, zero-width characters,
 * U+00AD soft hyphen, U+061C Arabic letter mark, U+180E, U+2061-2064, U+206A-206F, U+FFF9-FFFB,
 * tag characters U+E0000-E007F), the line and paragraph separators U+2028/U+2029 (line breaks to
 * JavaScript and many viewers), the other default-ignorable code points (Hangul fillers,
 * U+034F) and lone surrogates. Variation selectors are left alone: they only pick a glyph.
 */
const HIDDEN = /[\x00-\x08\x0a-\x1f\x7f-\x9f]|(?!\p{Variation_Selector})[\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;

function shown(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp <= 0x9f) return `\\x${cp.toString(16).padStart(2, '0')}`;
  return `⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

export function visibleText(text: string): string {
  return text.replace(HIDDEN, shown);
}

/** HIDDEN without the g flag: exec finds the first one and keeps no lastIndex between calls. */
const FIRST_HIDDEN = new RegExp(HIDDEN.source, 'u');

/** The first character `visibleText` would rewrite, as it would show it (`\x1b`, `⟨U+200B⟩`), or undefined. */
export function firstHiddenCharacter(text: string): string | undefined {
  const found = FIRST_HIDDEN.exec(text);
  return found ? shown(found[0]) : undefined;
}

/** A value a user typed, echoed in a refusal: shortened, in quotes, with hidden characters shown. */
export function quoted(value: string, max = 60): string {
  return `"${visibleText(value.length > max ? `${value.slice(0, max)}…` : value)}"`;
}

/** HTML-escape after making control characters visible. */
export function escapeHtml(text: string): string {
  return visibleText(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
