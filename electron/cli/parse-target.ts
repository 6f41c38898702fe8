/** Parsing of the CLI's compact values: "host[:port]", "[v6]:port", "ip[:port]" of a DNS server, header lines. */

export interface HostPort {
  host: string;
  port?: number;
}

export class UsageError extends Error {
  readonly code = 'EUSAGE';
}

/** Decimal digits only, 1-65535 (reliability C.37: "0x19", "1e3", " 25" are refused). */
export function parsePort(value: string, what = 'port'): number {
  if (!/^\d{1,5}$/.test(value)) throw new UsageError(`${what} must be a number from 1 to 65535, got "${value}"`);
  const port = Number(value);
  if (port < 1 || port > 65535) throw new UsageError(`${what} must be a number from 1 to 65535, got "${value}"`);
  return port;
}

/** "mail.example.com", "mail.example.com:587", "192.0.2.1:25", "[2001:db8::1]:25", "2001:db8::1". */
export function parseHostPort(value: string, what = 'server'): HostPort {
  const v = value.trim();
  if (v === '') throw new UsageError(`${what} is empty`);
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(v);
  if (bracketed) {
    const host = bracketed[1] ?? '';
    return bracketed[2] !== undefined ? { host, port: parsePort(bracketed[2], `${what} port`) } : { host };
  }
  const colons = v.split(':').length - 1;
  if (colons === 0) return { host: v };
  if (colons === 1) {
    const [host = '', port = ''] = v.split(':');
    if (host === '') throw new UsageError(`${what} "${value}" has no host name`);
    return { host, port: parsePort(port, `${what} port`) };
  }
  // Several colons and no brackets: a bare IPv6 address without port.
  return { host: v };
}

/** "Name: value" -> [name, value]. */
export function parseHeader(value: string): [string, string] {
  const i = value.indexOf(':');
  if (i <= 0) throw new UsageError(`--header must look like "Name: value", got "${value}"`);
  return [value.slice(0, i).trim(), value.slice(i + 1).trim()];
}

/** "opendns@208.67.222.222", "google@127.0.0.1:5300". */
export function parsePublicIpResolver(value: string): { method: 'opendns' | 'google'; server: string } {
  const m = /^(opendns|google)@(.+)$/.exec(value.trim());
  if (!m) throw new UsageError(`--public-ip-resolver must look like opendns@IP[:port] or google@IP[:port], got "${value}"`);
  return { method: m[1] as 'opendns' | 'google', server: m[2] ?? '' };
}
