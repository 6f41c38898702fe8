/**
 * What an EHLO reply says the server can do (RFC 5321 §4.1.1.1, §2.2.2).
 *   ehlo-ok-rsp = "250" SP Domain [ SP ehlo-greet ] CRLF
 *               / ( "250-" Domain [ SP ehlo-greet ] CRLF *( "250-" ehlo-line CRLF ) "250" SP ehlo-line CRLF )
 *   ehlo-line   = ehlo-keyword *( SP ehlo-param )
 * Keywords are case-insensitive, so they are stored upper-cased; parameters are kept as sent.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { EhloCapabilities, SmtpReply } from '../../../shared/evidence.ts';

/** Splits on runs of spaces and tabs without a regex over server text. */
function words(line: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= line.length; i++) {
    const blank = i === line.length || line[i] === ' ' || line[i] === '\t';
    if (blank && start !== -1) {
      out.push(line.slice(start, i));
      start = -1;
    } else if (!blank && start === -1) {
      start = i;
    }
  }
  return out;
}

function addParams(keywords: Record<string, string[]>, keyword: string, params: string[]): void {
  const known = Object.hasOwn(keywords, keyword) ? (keywords[keyword] as string[]) : [];
  for (const p of params) if (!known.includes(p)) known.push(p);
  keywords[keyword] = known;
}

export function parseEhloReply(reply: SmtpReply): EhloCapabilities {
  const keywords: Record<string, string[]> = {};
  for (const line of reply.lines.slice(1)) {
    const [first, ...params] = words(line);
    if (first === undefined) continue;
    const upper = first.toUpperCase();
    // Pre-RFC 2554 servers (old Outlook clients' era) send "AUTH=LOGIN PLAIN": merge it into AUTH.
    if (upper.startsWith('AUTH=')) {
      addParams(keywords, 'AUTH', [first.slice(5), ...params].filter((p) => p !== ''));
      continue;
    }
    addParams(keywords, upper, params);
  }
  return { keywords, greeting: reply.lines[0] ?? '' };
}

export function hasCapability(caps: EhloCapabilities | undefined, keyword: string): boolean {
  return caps !== undefined && Object.hasOwn(caps.keywords, keyword.toUpperCase());
}

/** RFC 4422 §3.1: SASL mechanism names are 1-20 characters of A-Z, 0-9, "-" and "_". */
function isMechanismName(name: string): boolean {
  if (name.length === 0 || name.length > 20) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f)) return false;
  }
  return true;
}

/** Advertised AUTH mechanisms (RFC 4954 §3), upper-cased and deduplicated, from "AUTH ..." and the old "AUTH=..." form. */
export function authMechanisms(caps: EhloCapabilities | undefined): string[] {
  if (!caps) return [];
  const found: string[] = [];
  for (const [keyword, params] of Object.entries(caps.keywords)) {
    let candidates: string[];
    if (keyword === 'AUTH') candidates = params;
    else if (keyword.startsWith('AUTH=')) candidates = [keyword.slice(5), ...params];
    else continue;
    for (const c of candidates) {
      const upper = c.toUpperCase();
      if (isMechanismName(upper) && !found.includes(upper)) found.push(upper);
    }
  }
  return found;
}

/** RFC 1870 §4: "SIZE <octets>"; 0 or no number means no fixed limit (undefined). */
export function sizeLimit(caps: EhloCapabilities | undefined): number | undefined {
  if (!hasCapability(caps, 'SIZE')) return undefined;
  const value = caps?.keywords.SIZE?.[0];
  if (value === undefined || value.length === 0 || value.length > 15) return undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  const n = Number(value);
  return n > 0 ? n : undefined;
}

/**
 * The client address a server echoes in its EHLO greeting ("mx.test Hello x [203.0.113.5]",
 * "[IPv6:2001:db8::1]"), as a bare address; undefined when none is there.
 */
export function clientAddressFromGreeting(greeting: string): string | undefined {
  // One forward pass (the greeting is server text): remember the last "[" and test each "[...]".
  let open = -1;
  for (let i = 0; i < greeting.length; i++) {
    const ch = greeting[i];
    if (ch === '[') open = i;
    else if (ch === ']' && open !== -1) {
      if (i - open - 1 <= 64) {
        const inner = greeting.slice(open + 1, i);
        if (isIPv4(inner)) return inner;
        const v6 = inner.slice(0, 5).toLowerCase() === 'ipv6:' ? inner.slice(5) : inner;
        // No colon, no IPv6 (names.ts parseIpAddress: Node's IPv6 pattern is slow at first).
        if (v6.includes(':') && isIPv6(v6)) return v6;
      }
      open = -1;
    }
  }
  return undefined;
}
