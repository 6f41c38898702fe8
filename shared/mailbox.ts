/**
 * Envelope addresses as the user types them, checked the same way by the CLI, the service and the
 * renderer's forms; what passes goes between "<" and ">" exactly as typed, except a non-ASCII
 * domain, which is sent as its A-label (the transcript says so: conversionNote).
 *
 * Envelope addresses are RFC 5321 Mailboxes (§4.1.2), not RFC 5322 addresses: no display names,
 * no comments, no folding white space. Local-part = Dot-string / Quoted-string; domain = a host
 * name or an address literal. Limits from §4.5.3.1.1-3: local-part 64, domain 255, path 256 octets.
 * RFC 6531 adds UTF-8 in the local part (needs SMTPUTF8).
 */
import { checkAddressLiteral, checkHostname, forbiddenCharacter, isAlnum } from './host-name.ts';
import { isIPv4, isIPv6 } from './ip-address.ts';
import { quoted, visibleText } from './visible-text.ts';

export type AddressCheck = { ok: true; address: string; needsSmtpUtf8: boolean } | { ok: false; reason: string };

const MAX_LOCAL_PART = 64;
const MAX_DOMAIN = 255;
/** The path includes "<" and ">" (§4.5.3.1.3). */
const MAX_PATH = 256;

/** RFC 5322 §3.2.3 atext, ASCII part; RFC 6531 §3.3 adds every non-ASCII character. */
const ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

function isAtext(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return isAlnum(c) || ATEXT_SPECIALS.includes(ch) || c > 0x7f;
}

export function utf8Octets(value: string): number {
  let n = 0;
  for (const ch of value) {
    const c = ch.codePointAt(0) as number;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
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
      return { reason: `the local part contains ${quoted(ch)}, which is only allowed inside quotes` };
    }
    i++;
  }
  if (i === address.length) return { reason: 'missing "@domain"' };
  if (atomLength === 0) return { reason: i === 0 ? 'empty local part' : 'the local part ends with a dot' };
  return { end: i };
}

/** "Name <x@y.z>" or "<x@y.z>": RFC 5322 forms a user copies from a mail client. */
function angleBracketReason(address: string): string {
  const open = address.lastIndexOf('<');
  const close = address.indexOf('>', open);
  const inner = open >= 0 && close > open ? address.slice(open + 1, close) : '';
  const example = inner !== '' && !/[<>]/.test(inner) ? `, e.g. ${visibleText(inner.slice(0, 254))}` : '';
  return `an envelope address has no display name or angle brackets: give the bare address${example}`;
}

function checkDomainPart(domain: string): { ok: true; ascii: string } | { ok: false; reason: string } {
  if (domain === '') return { ok: false, reason: 'missing domain after "@"' };
  if (domain.startsWith('[')) {
    const literal = checkAddressLiteral(domain);
    return literal.ok ? { ok: true, ascii: literal.value } : literal;
  }
  if (domain.endsWith('.')) return { ok: false, reason: 'the domain ends with a dot' };
  if (isIPv4(domain) || isIPv6(domain)) return { ok: false, reason: `an IP address as domain is written as an address literal: [${isIPv6(domain) ? 'IPv6:' : ''}${domain}]` };
  const host = checkHostname(domain, 'the domain');
  return host.ok ? { ok: true, ascii: host.ascii } : host;
}

/** An envelope address (RFC 5321 Mailbox); '' is the null sender (only for MAIL FROM), 'Postmaster' alone only for RCPT TO. */
export function checkMailbox(address: string, role: 'from' | 'to'): AddressCheck {
  if (address.length > 1024) return { ok: false, reason: `the address is ${address.length} characters; RFC 5321 §4.5.3.1.3 allows ${MAX_PATH - 2} octets` };
  const bad = forbiddenCharacter(address);
  if (bad) return { ok: false, reason: `the address ${bad}` };
  if (address.includes('<') || address.includes('>')) return { ok: false, reason: angleBracketReason(address) };
  if (address === '') {
    return role === 'from' ? { ok: true, address: '', needsSmtpUtf8: false } : { ok: false, reason: 'a recipient address cannot be empty (<> is only a sender)' };
  }
  // RFC 5321 §4.1.1.3: "Postmaster" without a domain is a valid recipient, case-insensitively.
  if (address.toLowerCase() === 'postmaster') {
    return role === 'to' ? { ok: true, address, needsSmtpUtf8: false } : { ok: false, reason: 'a sender address needs a domain' };
  }
  const scanned = scanLocalPart(address);
  if ('reason' in scanned) return { ok: false, reason: scanned.reason };
  const local = address.slice(0, scanned.end);
  if (utf8Octets(local) > MAX_LOCAL_PART) return { ok: false, reason: `the local part is ${utf8Octets(local)} octets; RFC 5321 §4.5.3.1.1 allows ${MAX_LOCAL_PART}` };
  const domain = checkDomainPart(address.slice(scanned.end + 1));
  if (!domain.ok) return domain;
  if (domain.ascii.length > MAX_DOMAIN) return { ok: false, reason: `the domain is longer than ${MAX_DOMAIN} octets` };
  const result = `${local}@${domain.ascii}`;
  if (utf8Octets(result) + 2 > MAX_PATH) return { ok: false, reason: `the address is longer than RFC 5321 §4.5.3.1.3 allows (${MAX_PATH} octets with <>)` };
  return { ok: true, address: result, needsSmtpUtf8: /[^\x00-\x7f]/.test(local) };
}

/** The transcript line for a name sent other than typed (an IDN as its A-label), or undefined when sent as typed. */
export function conversionNote(what: string, typed: string, sent: string): string | undefined {
  if (typed === sent) return undefined;
  return `${what} ${visibleText(typed)} is sent as ${sent}: its domain in A-label form (IDNA, RFC 5890)`;
}
