/**
 * The one validation path for what a user types: the CLI's flags, the service's requests and the
 * renderer's profile form all ask these rules, so a refusal reads the same everywhere (a field and
 * a reason; in the CLI exit 2, nothing sent). A rule returns the reason, or undefined when the
 * value is fine as typed. Addresses and names: mailbox.ts and host-name.ts.
 */
import type { z } from 'zod';
import { checkDomainName, checkEhloName, checkHostname } from './host-name.ts';
import { ipFamily, isIPv4, isIPv6 } from './ip-address.ts';
import { checkMailbox } from './mailbox.ts';
import { quoted } from './visible-text.ts';

/** The reason a value is refused, or undefined. */
export type Rule = (value: string) => string | undefined;

/** Decimal digits only, 1-65535 (reliability C.37: "0x19", "1e3", " 25", "２５" are refused). */
export function portProblem(text: string, subject = 'the port'): string | undefined {
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) return `${subject} must be a number from 1 to 65535 (decimal digits only), got ${quoted(text, 20)}`;
  return undefined;
}

export type HostPortCheck = { ok: true; host: string; port?: number } | { ok: false; reason: string };

/** Host and port apart, the port checked; the host is checked by the caller. */
function splitHostPort(text: string, subject: string): HostPortCheck {
  const no = (phrase: string): HostPortCheck => ({ ok: false, reason: `${subject} ${phrase}` });
  if (text === '') return no('is empty');
  let host = text;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return no('has "[" without "]": write an IPv6 address as [2001:db8::1] or [2001:db8::1]:25');
    const rest = text.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return no(`has ${quoted(rest, 20)} after "]"; only :port may follow`);
    host = text.slice(1, close);
    if (!isIPv6(host) && !isIPv4(host)) return no(`has ${quoted(`[${host}]`)}, which is not an IP address; brackets are for IPv6 addresses`);
    if (rest !== '') portText = rest.slice(1);
  } else if (text.split(':').length === 2) {
    [host = '', portText = ''] = text.split(':');
    if (host === '') return no('has no host name before ":"');
  } else if (text.includes(':') && !isIPv6(text)) {
    return no('has several colons but is not an IPv6 address; with a port, write [2001:db8::1]:25');
  }
  if (portText !== undefined) {
    const bad = portProblem(portText, `the port in ${subject}`);
    if (bad) return { ok: false, reason: bad };
  }
  return portText === undefined ? { ok: true, host } : { ok: true, host, port: Number(portText) };
}

/** "mail.example.com", "mail.example.com:587", "192.0.2.1:25", "[2001:db8::1]:25", "2001:db8::1"; nothing trimmed. */
export function checkHostPort(text: string, subject = 'the server'): HostPortCheck {
  const split = splitHostPort(text, subject);
  if (!split.ok) return split;
  const checked = checkHostname(split.host, subject);
  return checked.ok ? split : checked;
}

/** A server to connect to: a host name, an IPv4 address, or an IPv6 address with or without brackets. */
export const serverProblem: Rule = (value) => {
  const checked = checkHostname(value, 'the server');
  return checked.ok ? undefined : checked.reason;
};

export const domainProblem: Rule = (value) => {
  const checked = checkDomainName(value);
  return checked.ok ? undefined : checked.reason;
};

export const ehloNameProblem: Rule = (value) => {
  const checked = checkEhloName(value);
  return checked.ok ? undefined : checked.reason;
};

export function mailboxProblem(role: 'from' | 'to'): Rule {
  return (value) => {
    const checked = checkMailbox(value, role);
    return checked.ok ? undefined : checked.reason;
  };
}

/** "ip", "ip:port", "[v6]:port" or a bare IPv6 address of a DNS server. */
export const dnsServerProblem: Rule = (value) => {
  const parsed = splitHostPort(value, 'the DNS server');
  if (!parsed.ok) return parsed.reason;
  return isIPv4(parsed.host) || isIPv6(parsed.host) ? undefined : 'the DNS server must be an IP address, optionally with :port (IPv6 as [::1]:53)';
};

/** A server given as an IP address ("[::1]" as "::1") and its version; undefined for a name. */
function serverAddress(server: string | undefined): { address: string; family: 4 | 6 } | undefined {
  const address = server?.replace(/^\[|\]$/g, '');
  const family = address === undefined ? 0 : ipFamily(address);
  return address === undefined || family === 0 ? undefined : { address, family };
}

/** The local address to connect from (a machine with several): an IP literal, no brackets, port or zone id. */
export const sourceAddressProblem: Rule = (value) =>
  ipFamily(value) === 0 ? `the source address must be an IP address of this machine, like 192.0.2.10 or 2001:db8::10; got ${quoted(value)}` : undefined;

/**
 * A socket bound to an IPv4 address reaches only IPv4 addresses (and IPv6 only IPv6), so the source
 * address, the IP version asked for and a server given as an IP literal must all be of one family.
 */
export function sourceFamilyProblem(source: string, target: { server?: string | undefined; family: 0 | 4 | 6 }): string | undefined {
  const family = ipFamily(source);
  if (family === 0) return undefined;
  if (target.family !== 0 && target.family !== family) return `the source address ${source} is IPv${family}, but IPv${target.family} only was asked for`;
  const server = serverAddress(target.server);
  if (server !== undefined && server.family !== family) return `the source address ${source} is IPv${family} but the server ${server.address} is IPv${server.family}: give an IPv${server.family} source address, or none to let the system choose`;
  return undefined;
}

/**
 * Running over both IP versions needs a name with an address of each: a server given as an address,
 * one version asked for, or a source address (it has one version) leaves only one.
 */
export function bothFamiliesProblem(r: { server?: string | undefined; family: 0 | 4 | 6; sourceAddress?: string | undefined }): string | undefined {
  if (r.family !== 0) return `IPv${r.family} only was asked for; both IP versions cannot be checked then`;
  if (r.sourceAddress !== undefined) return `the source address ${r.sourceAddress} has one IP version; both cannot be checked from it`;
  const server = serverAddress(r.server);
  if (server !== undefined) return `the server ${server.address} is an IP address of one version; give a name with A and AAAA records to check both`;
  return undefined;
}

/** One line of text that goes into the message or the AUTH exchange: no line break, NUL or other control character (TAB is fine). */
export function lineProblem(subject: string): Rule {
  return (value) => {
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 0x0d || c === 0x0a) return `${subject} must be a single line (it contains a line break)`;
      if (c === 0x00) return `${subject} contains a NUL character`;
      if ((c < 0x20 && c !== 0x09) || c === 0x7f || (c >= 0x80 && c <= 0x9f)) return `${subject} contains the control character \\x${c.toString(16).padStart(2, '0')}`;
    }
    return undefined;
  };
}

/** Headers the composer writes itself; setting them by hand would produce a broken message. */
export const RESERVED_HEADERS = ['content-type', 'content-transfer-encoding', 'mime-version'] as const;
const MAX_HEADER_NAME = 76;

/** RFC 5322 §3.6.8: field-name = 1*ftext, ftext = %d33-57 / %d59-126. */
export const headerNameProblem: Rule = (name) => {
  if (name.length === 0 || name.length > MAX_HEADER_NAME) return `a header name has 1 to ${MAX_HEADER_NAME} characters`;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 33 || c > 126 || c === 58) return `the header name ${quoted(name)} may hold only printable ASCII without spaces or ":"`;
  }
  if ((RESERVED_HEADERS as readonly string[]).includes(name.toLowerCase())) return `the ${name} header is set by the message composer and cannot be given`;
  return undefined;
};

/** A header as given (a profile's row, a command-line flag): the name's rule first, then the value's. */
export function headerProblem(name: string, value: string): string | undefined {
  return headerNameProblem(name) ?? lineProblem('the header value')(value);
}

/** "Name: value" as typed on a command line; the space after the colon separates, the rest is the value. */
export function parseHeaderLine(text: string): { ok: true; header: [string, string] } | { ok: false; reason: string } {
  const colon = text.indexOf(':');
  if (colon <= 0) return { ok: false, reason: `a header must look like "Name: value", got ${quoted(text)}` };
  const name = text.slice(0, colon);
  const value = text.slice(colon + 1).replace(/^[ \t]+/, '');
  const bad = headerProblem(name, value);
  return bad ? { ok: false, reason: bad } : { ok: true, header: [name, value] };
}

/** Adds the rule's reason as an issue of the refined value: `schema.superRefine(issueFrom(rule))`. */
export function issueFrom(rule: Rule): (value: string, ctx: z.RefinementCtx) => void {
  return (value, ctx) => {
    const reason = rule(value);
    if (reason !== undefined) ctx.addIssue({ code: 'custom', message: reason });
  };
}

/** Adds the rule's reason at `path` (for checks that depend on another field, like a profile's target kind). */
export function addIssue(ctx: z.RefinementCtx, path: Array<string | number>, reason: string | undefined): void {
  if (reason !== undefined) ctx.addIssue({ code: 'custom', message: reason, path });
}
