/**
 * Envelope addresses and host names, checked before anything is sent.
 *
 * Envelope addresses are RFC 5321 Mailboxes (§4.1.2), not RFC 5322 addresses: no display names,
 * no comments, no folding white space. Local-part = Dot-string / Quoted-string; domain = a host
 * name or an address literal. Limits from §4.5.3.1.1-3: local-part 64, domain 255, path 256 octets.
 * RFC 6531 adds UTF-8 in the local part (needs SMTPUTF8); a non-ASCII domain is sent as its
 * A-label instead (UTS #46 through url.domainToASCII), so it never needs SMTPUTF8 by itself.
 * Each check reads the string once, by hand: no backtracking regex over user input.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';

export type AddressCheck = { ok: true; address: string; needsSmtpUtf8: boolean } | { ok: false; reason: string };
/** `warning` is set when a label mixes scripts (e.g. Latin and Cyrillic look-alikes, UTS #39). */
export type HostnameCheck = { ok: true; ascii: string; unicode: string; warning?: string } | { ok: false; reason: string };
export type EhloNameCheck = { ok: true; value: string } | { ok: false; reason: string };

const MAX_LOCAL_PART = 64;
const MAX_DOMAIN = 255;
/** The path includes "<" and ">" (§4.5.3.1.3). */
const MAX_PATH = 256;
const MAX_HOSTNAME = 253;
const MAX_LABEL = 63;

/** RFC 5322 §3.2.3 atext, ASCII part. */
const ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isAtext(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return isAlnum(c) || ATEXT_SPECIALS.includes(ch) || c > 0x7f;
}

/** Characters that may never appear, wherever they are (line breaks, NUL, the path delimiters). */
function forbiddenCharacter(value: string): string | undefined {
  for (const ch of value) {
    const c = ch.codePointAt(0) as number;
    if (c === 0x0d || c === 0x0a) return 'contains a line break';
    if (c === 0x00) return 'contains a NUL character';
    if (ch === '<' || ch === '>') return 'contains "<" or ">" (give the bare address, without a display name)';
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f)) return 'contains a control character';
  }
  return undefined;
}

function octets(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** Scans the local part at the start of `address`; returns where it ends (the "@") or why it is invalid. */
function scanLocalPart(address: string): { end: number } | { reason: string } {
  if (address.startsWith('"')) {
    // Quoted-string (§4.1.2): qtextSMTP = %d32-33 / %d35-91 / %d93-126, quoted-pairSMTP = "\" %d32-126.
    let i = 1;
    while (i < address.length) {
      const ch = address[i] as string;
      if (ch === '"') return address[i + 1] === '@' ? { end: i + 1 } : { reason: 'a quoted local part must be followed by "@"' };
      if (ch === '\\') {
        const next = address.charCodeAt(i + 1);
        if (!(next >= 0x20 && next <= 0x7e)) return { reason: 'invalid escape in the quoted local part' };
        i += 2;
        continue;
      }
      i++;
    }
    return { reason: 'unterminated quoted local part' };
  }
  // Dot-string = Atom *("." Atom)
  let i = 0;
  let atomLength = 0;
  while (i < address.length) {
    const ch = address[i] as string;
    if (ch === '@') break;
    if (ch === '.') {
      if (atomLength === 0) return { reason: 'the local part has an empty part between dots (use quotes for such names)' };
      atomLength = 0;
    } else if (isAtext(ch)) {
      atomLength++;
    } else {
      return { reason: `the local part contains ${JSON.stringify(ch)}, which is only allowed inside quotes` };
    }
    i++;
  }
  if (i === address.length) return { reason: 'missing "@domain"' };
  if (atomLength === 0) return { reason: i === 0 ? 'empty local part' : 'the local part ends with a dot' };
  return { end: i };
}

/** RFC 5321 §4.1.3 address literal: [1.2.3.4] or [IPv6:...]; returns the canonical text or why not. */
function checkAddressLiteral(literal: string): { ok: true; value: string } | { ok: false; reason: string } {
  if (!literal.startsWith('[') || !literal.endsWith(']')) return { ok: false, reason: 'an address literal is written in brackets, like [192.0.2.1]' };
  const inner = literal.slice(1, -1);
  if (isIPv4(inner)) return { ok: true, value: `[${inner}]` };
  if (inner.slice(0, 5).toLowerCase() === 'ipv6:' && isIPv6(inner.slice(5))) return { ok: true, value: `[IPv6:${inner.slice(5)}]` };
  if (isIPv6(inner)) return { ok: false, reason: 'an IPv6 address literal needs the "IPv6:" tag, like [IPv6:2001:db8::1]' };
  return { ok: false, reason: `${literal} is not an IPv4 or [IPv6:...] address literal` };
}

/** An envelope address (RFC 5321 Mailbox); '' is the null sender (only for MAIL FROM), 'Postmaster' alone only for RCPT TO. */
export function checkMailbox(address: string, role: 'from' | 'to'): AddressCheck {
  const bad = forbiddenCharacter(address);
  if (bad) return { ok: false, reason: bad };
  if (address === '') {
    return role === 'from' ? { ok: true, address: '', needsSmtpUtf8: false } : { ok: false, reason: 'a recipient address cannot be empty (<> is only a sender)' };
  }
  // RFC 5321 §4.1.1.3: "Postmaster" without a domain is a valid recipient, case-insensitively.
  if (address.toLowerCase() === 'postmaster') {
    return role === 'to' ? { ok: true, address: 'Postmaster', needsSmtpUtf8: false } : { ok: false, reason: 'a sender address needs a domain' };
  }
  const scanned = scanLocalPart(address);
  if ('reason' in scanned) return { ok: false, reason: scanned.reason };
  const local = address.slice(0, scanned.end);
  const domain = address.slice(scanned.end + 1);
  if (octets(local) > MAX_LOCAL_PART) return { ok: false, reason: `the local part is ${octets(local)} octets; RFC 5321 §4.5.3.1.1 allows ${MAX_LOCAL_PART}` };
  if (domain === '') return { ok: false, reason: 'missing domain after "@"' };
  let asciiDomain: string;
  if (domain.startsWith('[')) {
    const literal = checkAddressLiteral(domain);
    if (!literal.ok) return { ok: false, reason: literal.reason };
    asciiDomain = literal.value;
  } else {
    if (domain.endsWith('.')) return { ok: false, reason: 'the domain ends with a dot' };
    if (isIPv4(domain) || isIPv6(domain)) return { ok: false, reason: `an IP address as domain is written as an address literal: [${isIPv6(domain) ? 'IPv6:' : ''}${domain}]` };
    const host = checkHostname(domain);
    if (!host.ok) return { ok: false, reason: host.reason };
    asciiDomain = host.ascii;
  }
  if (asciiDomain.length > MAX_DOMAIN) return { ok: false, reason: `the domain is longer than ${MAX_DOMAIN} octets` };
  const result = `${local}@${asciiDomain}`;
  if (octets(result) + 2 > MAX_PATH) return { ok: false, reason: `the address is longer than RFC 5321 §4.5.3.1.3 allows (${MAX_PATH} octets with <>)` };
  const needsSmtpUtf8 = /[^\x00-\x7f]/.test(local);
  return { ok: true, address: result, needsSmtpUtf8 };
}

/**
 * A host name to connect to or to put in an address: UTS #46 to A-labels, then LDH labels of
 * 1-63 octets, at most 253 in all (RFC 1035 §2.3.4, RFC 5890). IPv4 and IPv6 addresses pass as they
 * are. One trailing dot (as dig prints names) is dropped.
 */
export function checkHostname(name: string): HostnameCheck {
  if (name.length > 1024) return { ok: false, reason: 'the host name is far too long' };
  const bad = forbiddenCharacter(name);
  if (bad) return { ok: false, reason: `the host name ${bad}` };
  const trimmed = name.endsWith('.') && !name.endsWith('..') ? name.slice(0, -1) : name;
  if (trimmed === '') return { ok: false, reason: 'the host name is empty' };
  const unbracketed = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  if (isIPv4(unbracketed) || isIPv6(unbracketed)) return { ok: true, ascii: unbracketed, unicode: unbracketed };
  // WHATWG URL parsing (behind domainToASCII) reads "9", "0x7f.1" or "a.123" as IPv4 numbers;
  // RFC 1123 §2.1 says the top-level label is never all-numeric, so such names are refused here.
  const lastLabel = trimmed.slice(trimmed.lastIndexOf('.') + 1);
  if (/^(0x[0-9a-f]*|[0-9]+)$/i.test(lastLabel)) return { ok: false, reason: `${JSON.stringify(name)} ends in a number: not a host name and not a valid IP address` };
  const ascii = domainToASCII(trimmed);
  if (ascii === '') return { ok: false, reason: `${JSON.stringify(name)} is not a valid host name` };
  if (ascii.length > MAX_HOSTNAME) return { ok: false, reason: `the host name is ${ascii.length} characters; at most ${MAX_HOSTNAME} are allowed` };
  const labels = ascii.split('.');
  for (const label of labels) {
    if (label.length === 0) return { ok: false, reason: 'the host name has an empty label (two dots in a row, or a leading dot)' };
    if (label.length > MAX_LABEL) return { ok: false, reason: `the label "${label.slice(0, 20)}…" is ${label.length} characters; at most ${MAX_LABEL} are allowed` };
    if (label.startsWith('-') || label.endsWith('-')) return { ok: false, reason: `the label "${label}" starts or ends with a hyphen` };
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      if (!isAlnum(c) && c !== 0x2d) return { ok: false, reason: `the label "${label}" contains ${JSON.stringify(label[i])}; host names use letters, digits and hyphens` };
    }
  }
  const unicode = domainToUnicode(ascii);
  const warning = mixedScriptWarning(unicode);
  return warning ? { ok: true, ascii, unicode, warning } : { ok: true, ascii, unicode };
}

/** Scripts told apart for the look-alike warning; digits, hyphens and marks belong to none. */
const SCRIPTS: Array<[string, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Han', /\p{Script=Han}/u],
  ['Hiragana', /\p{Script=Hiragana}/u],
  ['Katakana', /\p{Script=Katakana}/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Bopomofo', /\p{Script=Bopomofo}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
];
/** UTS #39 "highly restrictive" allows Latin with the CJK scripts; other mixes are suspicious. */
const CJK_WITH_LATIN = new Set(['Latin', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo']);

function mixedScriptWarning(unicode: string): string | undefined {
  for (const label of unicode.split('.')) {
    const found = new Set<string>();
    for (const ch of label) {
      const script = SCRIPTS.find(([, re]) => re.test(ch));
      if (script) found.add(script[0]);
    }
    if (found.size > 1 && ![...found].every((s) => CJK_WITH_LATIN.has(s))) {
      return `the label "${label}" mixes ${[...found].join(' and ')} letters; look-alike names are a phishing trick, check it is the host you mean`;
    }
  }
  return undefined;
}

/** RFC 5321 §4.1.1.1 / §2.3.5: EHLO takes a fully qualified domain name or an address literal. */
export function checkEhloName(name: string): EhloNameCheck {
  const bad = forbiddenCharacter(name);
  if (bad) return { ok: false, reason: bad };
  if (name === '') return { ok: false, reason: 'the EHLO name is empty' };
  if (name.startsWith('[')) {
    const literal = checkAddressLiteral(name);
    return literal.ok ? { ok: true, value: literal.value } : literal;
  }
  if (isIPv4(name)) return { ok: false, reason: `an IP address is written as an address literal: [${name}]` };
  if (isIPv6(name)) return { ok: false, reason: `an IPv6 address is written as an address literal: [IPv6:${name}]` };
  const host = checkHostname(name);
  if (!host.ok) return host;
  if (!host.ascii.includes('.')) return { ok: false, reason: `"${name}" is not fully qualified (servers often reject EHLO names without a domain, e.g. Postfix reject_non_fqdn_helo_hostname)` };
  return { ok: true, value: host.ascii };
}
