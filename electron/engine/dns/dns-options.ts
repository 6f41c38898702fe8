/**
 * Options shared by every DNS function, and the `ip[:port]` syntax of a chosen DNS server
 * (admins compare their internal DNS with a public one).
 */
import type { TranscriptSink } from '../transcript.ts';
import { DnsInputError, parseIpAddress } from './names.ts';

export interface DnsOptions {
  /** "ip[:port]" of the DNS server to ask ("192.0.2.53", "127.0.0.1:5300", "[::1]:5300", "::1"); the system's servers when absent. */
  server?: string;
  /** Time to wait for one answer before the first retry, in ms (c-ares doubles it on each retry). */
  timeoutMs?: number;
  /** Attempts per server (1 = no retry). */
  tries?: number;
  /** Cancels every outstanding query (Stop, the run's time budget); their outcome becomes "cancelled". */
  signal?: AbortSignal;
  /** When given, every query and its outcome is written as an info line. */
  transcript?: TranscriptSink;
}

export const DNS_DEFAULTS = {
  timeoutMs: 2500,
  tries: 2,
  /**
   * Queries in flight at once per lookup: the whole capped MX set (20 hosts x A, AAAA, CNAME) goes
   * out in one wave, so the MX step takes two round trips however many hosts it has.
   */
  maxConcurrent: 64,
} as const;

export interface DnsServer {
  address: string;
  family: 4 | 6;
  port: number;
  /** The form c-ares' setServers() takes, also shown to the user: "127.0.0.1:5300", "[::1]:53". */
  setting: string;
}

/** Parses "ip", "ip:port", "[ipv6]", "[ipv6]:port" or a bare IPv6 address. Throws DnsInputError. */
export function parseDnsServer(spec: string): DnsServer {
  const text = typeof spec === 'string' ? spec.trim() : '';
  if (text === '') throw new DnsInputError('The DNS server is empty; give an IP address, optionally with a port ("192.0.2.53:53").');
  let host = text;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
  } else if ((text.match(/:/g) ?? []).length === 1) {
    [host = '', portText] = text.split(':');
  }
  const ip = parseIpAddress(host);
  if (!ip || host.startsWith('[')) {
    throw new DnsInputError(
      `"${text.slice(0, 80)}" is not a DNS server address: give an IP address, optionally with a port ("192.0.2.53", "192.0.2.53:5300", "[2001:db8::53]:5300"); host names are not accepted.`,
    );
  }
  let port = 53;
  if (portText !== undefined) {
    if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      throw new DnsInputError(`"${portText.slice(0, 20)}" is not a valid port for the DNS server (1-65535).`);
    }
    port = Number(portText);
  }
  const setting = ip.family === 6 ? `[${ip.address}]:${port}` : `${ip.address}:${port}`;
  return { address: ip.address, family: ip.family, port, setting };
}

/** Validated timeout and tries; throws DnsInputError on nonsense rather than letting c-ares guess. */
export function resolveTimings(opts: DnsOptions): { timeoutMs: number; tries: number } {
  const timeoutMs = opts.timeoutMs ?? DNS_DEFAULTS.timeoutMs;
  const tries = opts.tries ?? DNS_DEFAULTS.tries;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 120_000) {
    throw new DnsInputError(`The DNS timeout must be a whole number of milliseconds between 1 and 120000 (got ${String(timeoutMs)}).`);
  }
  if (!Number.isInteger(tries) || tries < 1 || tries > 10) {
    throw new DnsInputError(`The number of DNS tries must be a whole number between 1 and 10 (got ${String(tries)}).`);
  }
  return { timeoutMs, tries };
}
