/**
 * Names and addresses, checked before anything is sent: domain input (IDN to A-label, lengths,
 * no IP literal), host names found in answers (LDH), IP literals in every form a user or a server
 * writes them, reverse names (in-addr.arpa / ip6.arpa) and SMTP address literals. No I/O.
 */
import net from 'node:net';
import { domainToASCII } from 'node:url';

/** Bad input caught before any query was sent (EINVALID in the engine's error table, phase dns). */
export class DnsInputError extends Error {
  readonly code = 'EINVALID' as const;
  readonly phase = 'dns' as const;
  constructor(message: string) {
    super(message);
    this.name = 'DnsInputError';
  }
}

// RFC 1035 §2.3.4: 63 octets per label, 255 octets per name on the wire = 253 characters in text.
const MAX_LABEL = 63;
const MAX_NAME = 253;
// RFC 952 / RFC 1123 §2.1 host names: letters, digits, hyphen; no hyphen at either end.
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

export interface IpAddress {
  /** Canonical text: dotted quad, or RFC 5952 compressed lower-case IPv6. */
  address: string;
  family: 4 | 6;
}

/**
 * Reads an IP address written as "192.0.2.1", "[192.0.2.1]", "[IPv6:2001:db8::1]", "2001:db8::1"
 * or "::ffff:192.0.2.1" (an IPv4-mapped address is the IPv4 address: that is what a dual-stack socket
 * reports). Returns null when the text is not an address. Zone ids ("fe80::1%eth0") are not accepted.
 */
export function parseIpAddress(text: string): IpAddress | null {
  let value = text.trim();
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  // RFC 5321 §4.1.3: IPv6 address literals carry an "IPv6:" tag.
  if (/^ipv6:/i.test(value)) value = value.slice(5);
  // A zone id ("%eth0") names a local interface: meaningless in DNS and in SMTP.
  if (value.includes('%')) return null;
  // IPv6 text always has a colon. Node's IPv6 pattern is slow to run until V8 has compiled it
  // (~4 ms the first time, ~1 ms for a few times after), and a check asks this of host names.
  const family = value.includes(':') ? net.isIP(value) : net.isIPv4(value) ? 4 : 0;
  if (family === 4) return { address: value, family: 4 };
  if (family !== 6) return null;
  // The WHATWG URL parser serialises IPv6 in the RFC 5952 canonical form.
  const canonical = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (mapped) {
    const high = parseInt(mapped[1] ?? '0', 16);
    const low = parseInt(mapped[2] ?? '0', 16);
    return { address: [high >> 8, high & 255, low >> 8, low & 255].join('.'), family: 4 };
  }
  return { address: canonical, family: 6 };
}

export function isIpLiteral(text: string): boolean {
  return parseIpAddress(text) !== null;
}

/** Why `name` (ASCII, from a DNS answer or converted input) is not a usable host name, or undefined. */
export function hostNameProblem(name: string): string | undefined {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare.length === 0) return 'empty name';
  if (isIpLiteral(bare)) return `"${bare}" is an IP address, not a host name`;
  if (bare.length > MAX_NAME) return `name is ${bare.length} characters long; the limit is ${MAX_NAME} (RFC 1035 §2.3.4)`;
  const labels = bare.split('.');
  for (const label of labels) {
    if (label.length === 0) return `"${bare}" has an empty label`;
    if (label.length > MAX_LABEL) return `label "${label.slice(0, 20)}…" is ${label.length} characters long; the limit is ${MAX_LABEL} (RFC 1035 §2.3.4)`;
    if (!LDH_LABEL.test(label)) return `label "${label}" may hold only letters, digits and inner hyphens (RFC 1123 §2.1)`;
  }
  // RFC 3696 §2: a top-level domain is never all-numeric, so "1.2.3" reads as a broken address.
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return `"${bare}" ends in an all-numeric label: it looks like an IP address`;
  return undefined;
}

/**
 * The A-label (ASCII) form of a domain the user typed: "Bücher.example." -> "xn--bcher-kva.example".
 * Throws DnsInputError with a plain message when the input is not a domain name.
 */
export function toAsciiDomain(input: string, what = 'domain'): string {
  if (typeof input !== 'string') throw new DnsInputError(`The ${what} must be text.`);
  const trimmed = input.trim();
  if (trimmed.length === 0) throw new DnsInputError(`The ${what} is empty.`);
  if (trimmed.length > 1024) throw new DnsInputError(`The ${what} is ${trimmed.length} characters long; a domain name has at most ${MAX_NAME}.`);
  if (/[\s\x00-\x1f\x7f]/.test(trimmed)) throw new DnsInputError(`The ${what} "${printable(trimmed)}" contains spaces or control characters.`);
  if (isIpLiteral(trimmed)) {
    throw new DnsInputError(`"${trimmed}" is an IP address, not a ${what}. Give the domain name (or test the address directly as a server).`);
  }
  const withoutDot = trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
  // Checked before conversion: the URL host parser would turn "1.2.3" into the address 1.2.0.3.
  const last = withoutDot.split('.').pop() ?? '';
  if (/^(?:0x[0-9a-f]*|[0-9]+)$/i.test(last)) {
    throw new DnsInputError(`"${trimmed}" ends in a numeric label: it looks like an IP address, not a ${what}.`);
  }
  const ascii = domainToASCII(withoutDot);
  if (ascii === '') throw new DnsInputError(`"${printable(trimmed)}" is not a valid ${what} (it cannot be converted to its ASCII form, RFC 5891).`);
  const problem = hostNameProblem(ascii);
  if (problem) throw new DnsInputError(`"${printable(trimmed)}" is not a valid ${what}: ${problem}.`);
  return ascii;
}

/** Lower-case, without the trailing dot: how names from answers are compared and shown. */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** The eight 16-bit groups of an IPv6 address as four hex digits each. */
function ipv6Groups(address: string): string[] {
  let text = address;
  // An embedded IPv4 tail ("::1.2.3.4") becomes two groups.
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, tail.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head = '', rest] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => group.padStart(4, '0'));
}

/**
 * The name to query PTR at: "192.0.2.1" -> "1.2.0.192.in-addr.arpa" (RFC 1035 §3.5),
 * "2001:db8::1" -> "1.0.0.…8.b.d.0.1.0.0.2.ip6.arpa" (RFC 3596 §2.5). Built here rather than with
 * Resolver.reverse(), which answers from the hosts file on some machines.
 */
export function reverseName(address: string): string {
  const ip = parseIpAddress(address);
  if (!ip) throw new DnsInputError(`"${printable(address)}" is not an IP address.`);
  if (ip.family === 4) return `${ip.address.split('.').reverse().join('.')}.in-addr.arpa`;
  const nibbles = ipv6Groups(ip.address).join('').split('');
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

/** RFC 5321 §4.1.3 address literal for EHLO: "[192.0.2.1]" or "[IPv6:2001:db8::1]". */
export function addressLiteral(address: string): string {
  const ip = parseIpAddress(address);
  if (!ip) throw new DnsInputError(`"${printable(address)}" is not an IP address.`);
  return ip.family === 4 ? `[${ip.address}]` : `[IPv6:${ip.address}]`;
}

/** Input shown back in an error message: control characters escaped, length bounded. */
function printable(text: string): string {
  const escaped = text.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return escaped.length > 80 ? `${escaped.slice(0, 77)}...` : escaped;
}
