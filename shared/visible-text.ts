/**
 * Server text is data, never markup or terminal control (reliability A.14, A.29).
 * Control characters (C0 except TAB, DEL, C1) become `\xNN`; bidi overrides and other invisible
 * formatting characters become `⟨U+XXXX⟩`, so a banner like "220 ok\u202E" or "\x1b[2J" is shown
 * literally in the UI, the terminal and every export.
 */
const INVISIBLE = new Set([
  0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2066, 0x2067, 0x2068,
  0x2069, 0xfeff,
]);

export function visibleText(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if ((cp < 0x20 && cp !== 0x09) || cp === 0x7f || (cp >= 0x80 && cp <= 0x9f)) {
      out += `\\x${cp.toString(16).padStart(2, '0')}`;
    } else if (INVISIBLE.has(cp)) {
      out += `⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩`;
    } else {
      out += ch;
    }
  }
  return out;
}

/** HTML-escape after making control characters visible. */
export function escapeHtml(text: string): string {
  return visibleText(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
