/**
 * Just enough header reading to list a stored message by its subject: find the header block,
 * unfold it, and decode RFC 2047 encoded words. Pure; never sees a file.
 */

const MAX_SUBJECT_CHARS = 998; // RFC 5322 §2.1.1: a line is at most 998 characters

/** The header block of a message (everything before the first empty line), unfolded (RFC 5322 §2.2.3). */
export function unfoldedHeaders(head: string): string {
  const end = head.search(/\r?\n\r?\n/);
  const block = end < 0 ? head : head.slice(0, end);
  return block.replace(/\r?\n[ \t]+/g, ' ');
}

/** Decodes one encoded word's text, or returns undefined when the charset or encoding is unknown. */
function decodeWord(charset: string, encoding: string, text: string): string | undefined {
  let bytes: Uint8Array;
  if (encoding.toUpperCase() === 'B') {
    bytes = Uint8Array.from(atob(text.replace(/[^A-Za-z0-9+/=]/g, '')), (c) => c.charCodeAt(0));
  } else {
    // RFC 2047 §4.2: Q encoding, '_' is a space, =XX a byte.
    const out: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      const hex = c === '=' ? text.slice(i + 1, i + 3) : '';
      if (c === '_') out.push(0x20);
      else if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        out.push(parseInt(hex, 16));
        i += 2;
      } else out.push(c.charCodeAt(0) & 0xff);
    }
    bytes = Uint8Array.from(out);
  }
  try {
    // RFC 2231 §5: a language tag may follow the charset after '*'.
    return new TextDecoder(charset.split('*')[0]?.trim() || 'utf-8').decode(bytes);
  } catch {
    // An unknown charset label: the caller keeps the raw encoded word, which is still readable.
    return undefined;
  }
}

/** RFC 2047 §6.2: decodes encoded words; whitespace between two adjacent encoded words is dropped. */
export function decodeEncodedWords(value: string): string {
  const word = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
  return value
    .replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)/g, '$1')
    .replace(word, (whole, charset: string, encoding: string, text: string) => decodeWord(charset, encoding, text) ?? whole);
}

/** The decoded Subject of a message head, if it has one. */
export function subjectOf(head: string): string | undefined {
  const match = /^subject:[ \t]*(.*)$/im.exec(unfoldedHeaders(head));
  if (!match) return undefined;
  const subject = decodeEncodedWords((match[1] ?? '').trim()).replace(/[\u0000-\u001f\u007f]/g, ' ');
  return subject.length > MAX_SUBJECT_CHARS ? subject.slice(0, MAX_SUBJECT_CHARS) : subject;
}
