/**
 * Host names, domains, EHLO names and address literals as the user types them, checked the same way
 * by the CLI, the service and the renderer's forms. What passes is sent exactly as typed; the one
 * change is a non-ASCII (IDN) name, which goes out as its A-label (RFC 5890) and is said so in the
 * transcript. Input that some parser would silently cut or map ("b.c\x" read as "b.c" by the URL
 * host parser, a full-width "ｂ.c", a soft hyphen) is refused with the reason instead.
 * Each check reads the string by hand: no backtracking regex over user input.
 */
import { isIPv4, isIPv6 } from './ip-address.ts';
import { domainToUnicodeText } from './punycode.ts';
import { firstHiddenCharacter, quoted } from './visible-text.ts';

/** `warning` is set when a label mixes scripts (e.g. Latin and Cyrillic look-alikes, UTS #39). */
export type HostnameCheck = { ok: true; ascii: string; unicode: string; warning?: string } | { ok: false; reason: string };
export type EhloNameCheck = { ok: true; value: string } | { ok: false; reason: string };
export type LiteralCheck = { ok: true; value: string } | { ok: false; reason: string };

const MAX_HOSTNAME = 253;
const MAX_LABEL = 63;

export function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * Characters refused in every name and address: line breaks, NUL and other controls, the path
 * delimiters, characters that show nothing (visible-text.ts) and spaces other than ASCII space.
 */
export function forbiddenCharacter(value: string): string | undefined {
  for (const ch of value) {
    const c = ch.codePointAt(0) as number;
    if (c === 0x0d || c === 0x0a) return 'contains a line break (CR or LF)';
    if (c === 0x00) return 'contains a NUL character';
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f)) return `contains the control character \\x${c.toString(16).padStart(2, '0')}`;
    if (c > 0x7f && /\p{Zs}/u.test(ch)) return `contains a special space (U+${c.toString(16).toUpperCase().padStart(4, '0')}); type a plain space or none`;
  }
  const hidden = firstHiddenCharacter(value);
  return hidden === undefined ? undefined : `contains an invisible character ${hidden}`;
}

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** LDH labels of 1-63 octets (RFC 1035 §2.3.4, RFC 1123 §2.1), at most 253 in all. */
function ldhProblem(ascii: string): string | undefined {
  if (ascii.length > MAX_HOSTNAME) return `is ${ascii.length} characters long; at most ${MAX_HOSTNAME} are allowed (RFC 1035 §2.3.4)`;
  for (const label of ascii.split('.')) {
    if (label.length === 0) return 'has an empty label (two dots in a row, or a leading dot)';
    if (label.length > MAX_LABEL) return `has a label of ${label.length} characters ("${label.slice(0, 20)}…"); at most ${MAX_LABEL} are allowed`;
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      if (!isAlnum(c) && c !== 0x2d) return `contains ${quoted(label[i] ?? '')}; host names use letters, digits, hyphens and dots`;
    }
    if (label.startsWith('-') || label.endsWith('-')) return `has the label "${label}", which starts or ends with a hyphen`;
  }
  // RFC 1123 §2.1: the top-level label is never all-numeric ("a.123", "0x7f.1" read as IPv4 by URL parsers).
  const last = ascii.slice(ascii.lastIndexOf('.') + 1);
  if (/^(0x[0-9a-f]*|[0-9]+)$/i.test(last)) return 'ends in a number: it is neither a host name nor a valid IP address';
  return undefined;
}

type Phrase = { ok: true; ascii: string; unicode: string } | { ok: false; phrase: string };

/** A non-ASCII name to its A-labels (UTS #46 via the WHATWG URL host parser, as browsers do), refused when that would change more than letter case. */
function toALabels(name: string): Phrase {
  for (const ch of name) {
    const c = ch.codePointAt(0) as number;
    if (c <= 0x7f && !isAlnum(c) && ch !== '-' && ch !== '.') return { ok: false, phrase: `contains ${quoted(ch)}; host names use letters, digits, hyphens and dots` };
  }
  let ascii: string;
  try {
    ascii = new URL(`http://${name}/`).hostname;
  } catch {
    return { ok: false, phrase: 'is not a valid international domain name (IDNA, RFC 5891)' };
  }
  const unicode = domainToUnicodeText(ascii);
  if (unicode !== name.normalize('NFC').toLowerCase()) {
    return { ok: false, phrase: `would be changed before sending (to ${ascii}, which reads "${unicode}"): type "${unicode}" if that is the name you mean` };
  }
  return { ok: true, ascii, unicode };
}

function hostnamePhrase(name: string): Phrase {
  if (name.length > 1024) return { ok: false, phrase: `is ${name.length} characters long; at most ${MAX_HOSTNAME} are allowed` };
  const bad = forbiddenCharacter(name);
  if (bad) return { ok: false, phrase: bad };
  const trimmed = name.endsWith('.') && !name.endsWith('..') ? name.slice(0, -1) : name;
  if (trimmed === '') return { ok: false, phrase: 'is empty' };
  const unbracketed = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  if (isIPv4(unbracketed) || isIPv6(unbracketed)) return { ok: true, ascii: unbracketed, unicode: unbracketed };
  if (trimmed.includes('[') || trimmed.includes(']')) return { ok: false, phrase: 'has brackets: they go around an IPv6 address only, like [2001:db8::1], and must be closed' };
  const converted = isAscii(trimmed) ? { ok: true as const, ascii: trimmed, unicode: domainToUnicodeText(trimmed) } : toALabels(trimmed);
  if (!converted.ok) return converted;
  const problem = ldhProblem(converted.ascii);
  return problem ? { ok: false, phrase: problem } : converted;
}

/**
 * A host name to connect to or to put in an address; IPv4 and IPv6 addresses pass as they are,
 * "[v6]" too. One trailing dot (as dig prints names) is dropped. ASCII names keep their case.
 * `subject` starts the reason: "the name contains ...", "the domain has an empty label".
 */
export function checkHostname(name: string, subject = 'the name'): HostnameCheck {
  const checked = hostnamePhrase(name);
  if (!checked.ok) return { ok: false, reason: `${subject} ${checked.phrase}` };
  const warning = mixedScriptWarning(checked.unicode);
  return warning ? { ...checked, warning } : checked;
}

/** A mail domain (looked up for MX, or after "@"): a host name, not an IP address. */
export function checkDomainName(name: string, subject = 'the domain'): HostnameCheck {
  const host = checkHostname(name, subject);
  if (host.ok && (isIPv4(host.ascii) || isIPv6(host.ascii))) {
    return { ok: false, reason: `${host.ascii} is an IP address, not a domain: give the domain name, or test the address as a server` };
  }
  return host;
}

/** RFC 5321 §4.1.3 address literal: [192.0.2.1] or [IPv6:2001:db8::1], kept as typed. */
export function checkAddressLiteral(literal: string): LiteralCheck {
  if (!literal.startsWith('[') || !literal.endsWith(']')) return { ok: false, reason: 'an address literal is written in brackets, like [192.0.2.1]' };
  const inner = literal.slice(1, -1);
  if (isIPv4(inner)) return { ok: true, value: literal };
  if (inner.slice(0, 5).toLowerCase() === 'ipv6:' && isIPv6(inner.slice(5))) return { ok: true, value: literal };
  if (isIPv6(inner)) return { ok: false, reason: `an IPv6 address literal needs the "IPv6:" tag, like [IPv6:${inner}]` };
  return { ok: false, reason: `${quoted(literal)} is not an IPv4 or [IPv6:...] address literal` };
}

/** RFC 5321 §4.1.1.1 / §2.3.5: EHLO takes a fully qualified domain name or an address literal. */
export function checkEhloName(name: string): EhloNameCheck {
  const bad = forbiddenCharacter(name);
  if (bad) return { ok: false, reason: `the EHLO name ${bad}` };
  if (name === '') return { ok: false, reason: 'the EHLO name is empty' };
  if (name.startsWith('[')) return checkAddressLiteral(name);
  if (isIPv4(name)) return { ok: false, reason: `an IP address is written as an address literal: [${name}]` };
  if (isIPv6(name)) return { ok: false, reason: `an IPv6 address is written as an address literal: [IPv6:${name}]` };
  if (name.endsWith('.')) return { ok: false, reason: 'the EHLO name ends with a dot' };
  const host = checkHostname(name, 'the EHLO name');
  if (!host.ok) return host;
  if (!host.ascii.includes('.')) return { ok: false, reason: `${quoted(name)} is not fully qualified (servers often reject EHLO names without a domain, e.g. Postfix reject_non_fqdn_helo_hostname)` };
  return { ok: true, value: host.ascii };
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
