/**
 * IP address text as users type it, checked without Node (the renderer's forms use the same rules).
 * Strict forms only: dotted-quad IPv4 without leading zeros (the URL parser's "127.1" or "0x7f.1"
 * are not addresses here), RFC 4291 §2.2 IPv6 text without a zone id.
 */

const OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => OCTET.test(p));
}

/** "2001:db8::1", "::", "::ffff:192.0.2.1": eight groups, or fewer with one "::". */
export function isIPv6(text: string): boolean {
  if (text.length > 45 || text.length < 2) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string | undefined): string[] => (half === undefined || half === '' ? [] : half.split(':'));
  const all = [...groups(halves[0]), ...groups(halves[1])];
  // RFC 4291 §2.2 form 3: the last 32 bits may be written as an IPv4 address.
  let count = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!isIPv4(last)) return false;
    all.pop();
    count += 1;
  }
  if (!all.every((g) => HEXTET.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** 4, 6, or 0 when the text is not an IP address. */
export function ipFamily(text: string): 0 | 4 | 6 {
  if (isIPv4(text)) return 4;
  return isIPv6(text) ? 6 : 0;
}
