/**
 * The client side, which no web tester can see: this machine's public IP, the address the SMTP
 * server saw, the PTR of that address with forward confirmation, and an EHLO name that would
 * pass a receiving server's checks.
 */
import type { ClientSideEvidence, PtrEvidence } from '../../../shared/evidence.ts';
import type { DnsOptions } from './dns-options.ts';
import { addressLiteral, normalizeName, parseIpAddress } from './names.ts';
import { checkPtr } from './ptr.ts';
import { discoverPublicIp, validatePublicIpResolvers, type PublicIpResolver } from './public-ip.ts';
import { clientAddressFromGreeting } from '../smtp/capabilities.ts';

/**
 * The client address a server echoes in its EHLO greeting: "mx.example.net Hello x [203.0.113.5]",
 * "[IPv6:2001:db8::5]", or a bare address. Undefined when there is none.
 */
export function addressFromEhloGreeting(text: string): string | undefined {
  const direct = parseIpAddress(text);
  if (direct) return direct.address;
  // The "[address]" literal: the SMTP layer's greeting parser, then our canonical form.
  const bracketed = clientAddressFromGreeting(text);
  const literal = bracketed === undefined ? null : parseIpAddress(bracketed);
  if (literal) return literal.address;
  for (const token of text.split(/[\s,;()<>]+/)) {
    const ip = parseIpAddress(token);
    if (ip) return ip.address;
  }
  return undefined;
}

/**
 * The EHLO name to suggest (RFC 5321 §4.1.4: the client's fully qualified name, or an address
 * literal when it has none): the user's own name when it is a confirmed PTR name, else the first
 * forward-confirmed PTR name, else the address literal.
 */
export function suggestEhloName(ptr: PtrEvidence | undefined, address: string | undefined, ehloName?: string): string | undefined {
  const confirmed = ptr?.forward.filter((entry) => entry.confirms).map((entry) => entry.name) ?? [];
  const own = ehloName === undefined ? undefined : normalizeName(ehloName.trim());
  if (own && confirmed.includes(own)) return own;
  if (confirmed[0]) return confirmed[0];
  return address ? addressLiteral(address) : undefined;
}

export interface ClientSideRequest {
  /** The address the SMTP server saw, or its whole EHLO greeting line (the address is taken from it). */
  seenByServer?: string;
  /** The EHLO name the user sends; kept as the suggestion when it is a confirmed PTR name. */
  ehloName?: string;
  /** Public-IP services to ask, in order (defaults: OpenDNS, then Google). */
  publicIpResolvers?: readonly PublicIpResolver[];
  /** Server, timeouts, cancel signal and transcript for the PTR and public-IP questions. */
  dns?: DnsOptions;
}

/**
 * Public IP over DNS, then the PTR of that address (or of the address the server saw when discovery
 * failed) with forward confirmation, and a suggested EHLO name.
 * Rejects with DnsInputError for bad options; every DNS result is in the evidence.
 */
export async function inspectClientSide(request: ClientSideRequest): Promise<ClientSideEvidence> {
  const dns = request.dns ?? {};
  if (request.publicIpResolvers) validatePublicIpResolvers(request.publicIpResolvers);
  const seenByServer = request.seenByServer === undefined ? undefined : addressFromEhloGreeting(request.seenByServer);
  const publicIp = await discoverPublicIp({ ...dns, ...(request.publicIpResolvers ? { publicIpResolvers: request.publicIpResolvers } : {}) });
  const evidence: ClientSideEvidence = { publicIpOutcome: publicIp.outcome };
  if (publicIp.address) evidence.publicIp = publicIp.address;
  if (publicIp.source) evidence.publicIpSource = publicIp.source;
  if (seenByServer) evidence.seenByServer = seenByServer;
  const address = publicIp.address ?? seenByServer;
  if (address) evidence.ptr = await checkPtr(address, dns);
  const suggested = suggestEhloName(evidence.ptr, address, request.ehloName);
  if (suggested) evidence.suggestedEhlo = suggested;
  return evidence;
}
