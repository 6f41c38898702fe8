/**
 * Where and how a session connects, derived once from the CheckRequest and the DNS outcome by one
 * pure function, and taken as it is by the runner (check/run-check.ts -> runSmtp -> SmtpClient) and
 * the manual console alike: the MX choice, the port rule, the TLS names and the AUTH policy are
 * decided here and nowhere else.
 */
import { MX_PORT, requestPort, type CheckRequest, type PortRule } from '../../../shared/check-request.ts';
import type { MxEvidence } from '../../../shared/evidence.ts';
import { ipFamily } from '../../../shared/ip-address.ts';
import type { SecurityMode } from '../../../shared/steps.ts';
import { isIpLiteral } from '../dns/names.ts';
import { asciiHost } from './address.ts';
import type { TlsPolicy } from './connection.ts';
import type { SmtpTimeouts } from './timeouts.ts';

export interface ConnectionSpec {
  /** The server as named: the given server, or the MX host chosen (as typed; an IDN stays Unicode here). */
  host: string;
  /** What the socket dials: the address resolved for `host`, else `host` as its A-label without brackets. */
  dial: string;
  port: number;
  /** Why this port (shared/check-request.ts requestPort): the report's target line says it. */
  portRule: PortRule;
  security: SecurityMode;
  /**
   * Verify, extra CAs, the SNI / certificate name (the A-label of `host`, none for an IP literal),
   * the certificate pin, and whether going on unverified is opportunistic TLS to an MX (tlsPolicy).
   */
  tls: TlsPolicy;
  /** The IP version to resolve and connect with (dialFamily): 0 lets the system choose. */
  family: 0 | 4 | 6;
  /** The local address the socket binds before it connects (--source-ip, the profile's Source address). */
  source?: string;
  ehloName: string;
  /** The session's deadlines as given (the DNS deadline is the run's, not the session's); the rest come from the preset. */
  timeouts: Partial<SmtpTimeouts>;
  auth: AuthPolicy;
}

/** AUTH over a connection without TLS, or over TLS whose certificate was not verified, only when allowed. */
export interface AuthPolicy {
  allowPlaintext: boolean;
  allowUnverifiedTls: boolean;
}

/** What the spec is derived from: the request's connection fields (a CheckRequest passes as it is). */
export type ConnectionRequest = Pick<CheckRequest, 'server' | 'port' | 'security' | 'tlsVerify' | 'ca' | 'tlsPin' | 'family' | 'sourceAddress' | 'ehloName' | 'timeouts'> & {
  auth?: Pick<NonNullable<CheckRequest['auth']>, 'allowPlaintext' | 'allowUnverifiedTls'>;
};

/** What DNS said: the MX lookup (domain mode) and the address resolved for the chosen host, when known. */
export interface ServerLookup {
  mx?: MxEvidence;
  address?: string;
}

/**
 * The server a request connects to: the given server, else the first MX host (in the resolver's
 * priority order) with an address and a valid name; none after a null MX (RFC 7505) or without MX.
 */
export function serverHost(request: Pick<CheckRequest, 'server'>, mx: MxEvidence | undefined): string | undefined {
  if (request.server !== undefined) return request.server;
  if (mx === undefined || mx.nullMx) return undefined;
  return mx.hosts.find((h) => h.addresses.length > 0 && !h.invalid)?.exchange;
}

/**
 * The IP version the server's name is resolved and dialled in: the one asked for, else the source
 * address's (a socket bound to an IPv4 address reaches only IPv4 addresses), else either.
 */
export function dialFamily(request: Pick<CheckRequest, 'family' | 'sourceAddress'>): 0 | 4 | 6 {
  if (request.family !== 0 || request.sourceAddress === undefined) return request.family;
  return ipFamily(request.sourceAddress);
}

/**
 * How the certificate is checked. A pin decides alone. STARTTLS-if-offered to a domain's MX on
 * port 25 is what sending servers do: they go on over TLS with a certificate they cannot verify
 * (RFC 7435; only MTA-STS or DANE makes them check), so an untrusted certificate there is a
 * warning that mail still flows. "STARTTLS required" keeps it a failure.
 */
function tlsPolicy(request: ConnectionRequest, host: string, port: number): TlsPolicy {
  const opportunistic = request.tlsPin === undefined && request.server === undefined && request.security === 'starttls-optional' && port === MX_PORT && request.tlsVerify;
  const tls: TlsPolicy = opportunistic ? { verify: false, opportunistic: true } : { verify: request.tlsVerify };
  if (request.tlsPin !== undefined) tls.pin = request.tlsPin;
  if (request.ca.length > 0) tls.ca = request.ca;
  // RFC 6066 §3: SNI carries a host name as its A-label, never an IP address.
  if (!isIpLiteral(host)) tls.servername = asciiHost(host);
  return tls;
}

/** The one derivation: undefined when there is no server to connect to (domain mode without a usable MX). */
export function connectionSpec(request: ConnectionRequest, dns: ServerLookup = {}): ConnectionSpec | undefined {
  const host = serverHost(request, dns.mx);
  if (host === undefined) return undefined;
  const { port, rule } = requestPort(request);
  const { dns: _dnsDeadline, ...timeouts } = request.timeouts;
  return {
    host,
    dial: dns.address ?? asciiHost(host),
    port,
    portRule: rule,
    security: request.security,
    tls: tlsPolicy(request, host, port),
    family: dialFamily(request),
    ...(request.sourceAddress !== undefined ? { source: request.sourceAddress } : {}),
    ehloName: request.ehloName,
    timeouts,
    auth: { allowPlaintext: request.auth?.allowPlaintext === true, allowUnverifiedTls: request.auth?.allowUnverifiedTls === true },
  };
}
