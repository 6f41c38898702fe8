/**
 * This machine's public IP, discovered over DNS: special names that a few public resolvers answer
 * with the address the question came from. Tried in order until one answers.
 */
import type { DnsOutcome } from '../../../shared/evidence.ts';
import { createDnsClient } from './dns-client.ts';
import { parseDnsServer, type DnsOptions } from './dns-options.ts';
import { DnsInputError, parseIpAddress } from './names.ts';

export const PUBLIC_IP_METHODS = ['opendns', 'google'] as const;
export type PublicIpMethod = (typeof PUBLIC_IP_METHODS)[number];

export interface PublicIpResolver {
  method: PublicIpMethod;
  /** "ip[:port]" of the server to ask (see parseDnsServer). */
  server: string;
}

/**
 * The real services. Tests pass `publicIpResolvers` (or `--no-public-ip`): the test set-up refuses
 * every question beyond loopback and fails the test that asked (test/helpers/loopback-only.ts).
 */
export const DEFAULT_PUBLIC_IP_RESOLVERS: readonly PublicIpResolver[] = [
  { method: 'opendns', server: '208.67.222.222' }, // resolver1.opendns.com
  { method: 'google', server: '216.239.32.10' }, // ns1.google.com
];

const QUESTION: Record<PublicIpMethod, { name: string; type: string }> = {
  opendns: { name: 'myip.opendns.com', type: 'A/AAAA' },
  google: { name: 'o-o.myaddr.l.google.com', type: 'TXT' },
};

export interface PublicIpAttempt {
  /** "myip.opendns.com A/AAAA @ 208.67.222.222:53" */
  source: string;
  outcome: DnsOutcome;
  address?: string;
  message?: string;
}

export interface PublicIpResult {
  address?: string;
  family?: 4 | 6;
  /** The attempt that gave the address. */
  source?: string;
  /** "ok" when an address was found, else the outcome of the last attempt. */
  outcome: DnsOutcome;
  attempts: PublicIpAttempt[];
}

export interface PublicIpOptions extends DnsOptions {
  /** Which services to ask, in order; DEFAULT_PUBLIC_IP_RESOLVERS when absent. `server` of DnsOptions is not used here. */
  publicIpResolvers?: readonly PublicIpResolver[];
}

/** Checks the list before anything is sent. */
export function validatePublicIpResolvers(list: readonly PublicIpResolver[]): void {
  if (!Array.isArray(list) || list.length === 0) throw new DnsInputError('The list of public-IP resolvers is empty.');
  for (const entry of list) {
    if (!PUBLIC_IP_METHODS.includes(entry?.method)) {
      throw new DnsInputError(`Unknown public-IP method "${String(entry?.method)}"; expected one of: ${PUBLIC_IP_METHODS.join(', ')}.`);
    }
    parseDnsServer(entry.server);
  }
}

/**
 * The first TXT record that is an IP address. Google may add other strings ("edns0-client-subnet
 * …"); a hostile server may send 60 KB: records longer than any address are skipped unread.
 */
export function addressFromTxt(records: readonly (readonly string[])[]): string | undefined {
  for (const strings of records) {
    const text = strings.join('');
    if (text.length > 64) continue;
    const ip = parseIpAddress(text);
    if (ip) return ip.address;
  }
  return undefined;
}

async function ask(entry: PublicIpResolver, opts: DnsOptions): Promise<PublicIpAttempt> {
  const client = createDnsClient({ ...opts, server: entry.server });
  const question = QUESTION[entry.method];
  const source = `${question.name} ${question.type} @ ${client.label}`;
  if (entry.method === 'opendns') {
    // OpenDNS answers A over IPv4 and AAAA over IPv6; ask both, prefer the IPv4 answer.
    const [a, aaaa] = await Promise.all([client.query(question.name, 'A'), client.query(question.name, 'AAAA')]);
    const address = [...a.records, ...aaaa.records].map((record) => parseIpAddress(record)?.address).find(Boolean);
    if (address) return { source, outcome: 'ok', address };
    const failed = a.outcome === 'nodata' ? aaaa : a;
    return { source, outcome: failed.outcome, ...(failed.message ? { message: failed.message } : {}) };
  }
  const txt = await client.query(question.name, 'TXT');
  if (txt.outcome !== 'ok') return { source, outcome: txt.outcome, ...(txt.message ? { message: txt.message } : {}) };
  const address = addressFromTxt(txt.records);
  if (address) return { source, outcome: 'ok', address };
  return { source, outcome: 'nodata', message: 'the TXT answer holds no IP address' };
}

/** Asks each configured service in turn; resolves with the first address found. */
export async function discoverPublicIp(opts: PublicIpOptions = {}): Promise<PublicIpResult> {
  const list = opts.publicIpResolvers ?? DEFAULT_PUBLIC_IP_RESOLVERS;
  validatePublicIpResolvers(list);
  const attempts: PublicIpAttempt[] = [];
  for (const entry of list) {
    if (opts.signal?.aborted) break;
    const attempt = await ask(entry, opts);
    attempts.push(attempt);
    if (attempt.address) {
      const ip = parseIpAddress(attempt.address);
      return { address: attempt.address, ...(ip ? { family: ip.family } : {}), source: attempt.source, outcome: 'ok', attempts };
    }
  }
  return { outcome: attempts[attempts.length - 1]?.outcome ?? 'error', attempts };
}
