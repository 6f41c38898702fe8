/**
 * Parsing of the CLI's compact values: "host[:port]", "[v6]:port", "ip[:port]" of a DNS server,
 * header lines. The rules are shared/input-rules.ts, the ones the service and the profile form use.
 */
import type { HostPortCheck } from '../../shared/input-rules.ts';
import { checkHostPort, dnsServerProblem, parseHeaderLine, portProblem } from '../../shared/input-rules.ts';
import { SECURITY_MODES, type SecurityMode } from '../../shared/steps.ts';
import { quoted } from '../../shared/visible-text.ts';

export interface HostPort {
  host: string;
  port?: number;
}

/** Bad input, refused before anything is sent: printed as "field: reason", exit 2. */
export class UsageError extends Error {
  readonly code = 'EUSAGE';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

export function parsePort(value: string, field = '--port'): number {
  const bad = portProblem(value);
  if (bad) throw new UsageError(field, bad);
  return Number(value);
}

/** "mail.example.com", "mail.example.com:587", "192.0.2.1:25", "[2001:db8::1]:25", "2001:db8::1". */
export function parseHostPort(value: string, field = '--server'): HostPort {
  const parsed: HostPortCheck = checkHostPort(value);
  if (!parsed.ok) throw new UsageError(field, parsed.reason);
  return parsed.port === undefined ? { host: parsed.host } : { host: parsed.host, port: parsed.port };
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(flag, `must be one of ${allowed.join(', ')}; got ${quoted(value)}`);
}

/** Security mode from the flag, or the usual one for the port. */
function securityFor(flag: string | undefined, port: number | undefined): SecurityMode {
  if (flag !== undefined) return oneOf(flag, SECURITY_MODES, '--tls');
  if (port === 465) return 'implicit';
  if (port === 587) return 'starttls';
  return 'starttls-optional';
}

/** --server, --port and --tls together: the host, the port when one is given (they must agree), the security mode. */
export function serverFlags(flags: { server?: string; port?: string; tls?: string }): { target?: HostPort; port?: number; security: SecurityMode } {
  const target = flags.server !== undefined ? parseHostPort(flags.server, '--server') : undefined;
  const flagPort = flags.port !== undefined ? parsePort(flags.port, '--port') : undefined;
  if (flagPort !== undefined && target?.port !== undefined && flagPort !== target.port) throw new UsageError('--port', `${flagPort} contradicts the port in --server ${quoted(flags.server ?? '')}`);
  const port = flagPort ?? target?.port;
  return { ...(target ? { target } : {}), ...(port !== undefined ? { port } : {}), security: securityFor(flags.tls, port) };
}

/** "Name: value" -> [name, value]. */
export function parseHeader(value: string): [string, string] {
  const parsed = parseHeaderLine(value);
  if (!parsed.ok) throw new UsageError('--header', parsed.reason);
  return parsed.header;
}

/** "opendns@208.67.222.222", "google@127.0.0.1:5300". */
export function parsePublicIpResolver(value: string): { method: 'opendns' | 'google'; server: string } {
  const m = /^(opendns|google)@(.+)$/.exec(value);
  if (!m) throw new UsageError('--public-ip-resolver', `must look like opendns@IP[:port] or google@IP[:port], got ${quoted(value)}`);
  const server = m[2] ?? '';
  const bad = dnsServerProblem(server);
  if (bad) throw new UsageError('--public-ip-resolver', bad);
  return { method: m[1] as 'opendns' | 'google', server };
}
