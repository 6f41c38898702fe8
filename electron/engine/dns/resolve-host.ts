/**
 * The addresses to connect to, for the session runner. IP literals pass through. With a chosen DNS
 * server the name is asked there; otherwise the operating system's resolver (getaddrinfo, which
 * honours the hosts file, as any other program on the machine would) answers.
 */
import { lookup } from 'node:dns/promises';
import type { DnsOutcome } from '../../../shared/evidence.ts';
import { abortMessage } from '../run-budget.ts';
import { combineOutcomes, createDnsClient, messageForErrorCode, outcomeFromErrorCode, questionDeadlineMs, withDeadline } from './dns-client.ts';
import { resolveTimings, type DnsOptions } from './dns-options.ts';
import { DnsInputError, parseIpAddress, toAsciiDomain } from './names.ts';

export type AddressFamily = 0 | 4 | 6;

export interface ResolvedHost {
  host: string;
  /** A-label form of the name queried (the address itself for a literal). */
  asciiHost: string;
  outcome: DnsOutcome;
  /** IPv4 first, then IPv6 (family 0); in the resolver's order within a family. */
  addresses: { address: string; family: 4 | 6 }[];
  /**
   * Which resolver answered (B.33: they may differ): "literal" (no DNS), "system-lookup" (the
   * operating system's getaddrinfo: hosts file, then the system's DNS), or the DNS server "ip:port".
   */
  source: string;
  elapsedMs: number;
  errorMessage?: string;
}

/** getaddrinfo's codes (as Node reports them) -> DnsOutcome. */
export function outcomeFromLookupCode(code: string | undefined): DnsOutcome {
  if (code === 'EAI_AGAIN') return 'servfail'; // "temporary failure": SERVFAIL or no server answered
  if (code === 'EAI_NODATA' || code === 'EAI_ADDRFAMILY') return 'nodata';
  if (code === 'EAI_NONAME') return 'nxdomain';
  return outcomeFromErrorCode(code);
}

async function systemLookup(name: string, family: AddressFamily, timeoutMs: number, signal?: AbortSignal): Promise<Omit<ResolvedHost, 'host' | 'asciiHost' | 'elapsedMs'>> {
  try {
    // getaddrinfo cannot be cancelled: on Stop or the run's deadline we stop waiting for it.
    const found = await withDeadline(lookup(name, { all: true, family }), timeoutMs, signal);
    const addresses = found
      .map((entry) => parseIpAddress(entry.address))
      .filter((ip): ip is NonNullable<typeof ip> => ip !== null)
      .map((ip) => ({ address: ip.address, family: ip.family }));
    if (addresses.length === 0) return { outcome: 'nodata', addresses, source: 'system-lookup', errorMessage: messageForErrorCode('ENODATA') };
    return { outcome: 'ok', addresses, source: 'system-lookup' };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const outcome = outcomeFromLookupCode(code);
    return { outcome, addresses: [], source: 'system-lookup', errorMessage: outcome === 'cancelled' ? abortMessage(signal) : messageForErrorCode(code) };
  }
}

/**
 * Addresses of `host` for `family` (0 = both). Rejects with DnsInputError for a bad host, a bad
 * family, or a literal of the other family; every DNS result is an outcome.
 */
export async function resolveHost(host: string, family: AddressFamily, opts: DnsOptions = {}): Promise<ResolvedHost> {
  if (family !== 0 && family !== 4 && family !== 6) throw new DnsInputError(`The address family must be 0, 4 or 6 (got ${String(family)}).`);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const literal = parseIpAddress(host);
  if (literal) {
    if (family !== 0 && literal.family !== family) {
      throw new DnsInputError(`${literal.address} is an IPv${literal.family} address, but IPv${family} was asked for.`);
    }
    return { host, asciiHost: literal.address, outcome: 'ok', addresses: [literal], source: 'literal', elapsedMs: 0 };
  }
  const asciiHost = toAsciiDomain(host, 'host name');
  const { timeoutMs, tries } = resolveTimings(opts);
  if (opts.server === undefined) {
    const found = await systemLookup(asciiHost, family, questionDeadlineMs(timeoutMs, tries), opts.signal);
    if (found.addresses.length > 1) found.addresses.sort((a, b) => a.family - b.family);
    return { host, asciiHost, ...found, elapsedMs: elapsed() };
  }
  const client = createDnsClient(opts);
  const [a, aaaa] = await Promise.all([
    family === 6 ? undefined : client.query(asciiHost, 'A'),
    family === 4 ? undefined : client.query(asciiHost, 'AAAA'),
  ]);
  const addresses = [
    ...(a?.records ?? []).map((address) => ({ address, family: 4 as const })),
    ...(aaaa?.records ?? []).map((address) => ({ address: parseIpAddress(address)?.address ?? address, family: 6 as const })),
  ];
  const answers = [a, aaaa].filter((answer) => answer !== undefined);
  const outcome = addresses.length > 0 ? 'ok' : combineOutcomes(answers.map((answer) => answer.outcome));
  const errorMessage = outcome === 'ok' ? undefined : answers.find((answer) => answer.outcome === outcome)?.message;
  return { host, asciiHost, outcome, addresses, source: client.label, elapsedMs: elapsed(), ...(errorMessage ? { errorMessage } : {}) };
}
