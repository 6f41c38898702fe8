/**
 * The MX step: where does mail for a domain go? MX records sorted by preference, the addresses of
 * every exchange resolved in parallel, and everything that goes wrong told apart: implicit MX,
 * null MX, alias targets, CNAME loops, IP-literal targets, unresolvable targets, NXDOMAIN, NODATA,
 * SERVFAIL, timeout. Hostile answers (500 MX, loops) stay bounded.
 */
import type { DnsOutcome, MxEvidence, MxHost } from '../../../shared/evidence.ts';
import { combineOutcomes, createDnsClient, type DnsAnswer, type DnsClient } from './dns-client.ts';
import type { DnsOptions } from './dns-options.ts';
import { hostNameProblem, isIpLiteral, normalizeName, toAsciiDomain } from './names.ts';

/** MX hosts examined; the rest are counted in `truncated` (nobody needs more, a hostile zone sends 500). */
export const MX_HOST_CAP = 20;
/** Aliases followed from one MX target before calling it a loop. */
export const CNAME_CHAIN_CAP = 8;

/** A and AAAA of `name` in parallel. */
export async function resolveAddresses(client: DnsClient, name: string): Promise<{ addresses: string[]; outcome: DnsOutcome }> {
  const [a, aaaa] = await Promise.all([client.query(name, 'A'), client.query(name, 'AAAA')]);
  return { addresses: [...a.records, ...aaaa.records], outcome: combineOutcomes([a.outcome, aaaa.outcome]) };
}

/** Follows aliases from `first` (the target's CNAME), bounded; a repeat or too long a chain is a loop. */
async function followAliases(client: DnsClient, target: string, first: string): Promise<{ chain: string[]; loop: boolean }> {
  const chain = [target, first];
  while (chain.length <= CNAME_CHAIN_CAP) {
    const next = await client.query(chain[chain.length - 1] ?? '', 'CNAME');
    const alias = next.outcome === 'ok' ? next.records[0] : undefined;
    if (alias === undefined) return { chain, loop: false };
    const name = normalizeName(alias);
    const seen = chain.includes(name);
    chain.push(name);
    if (seen) return { chain, loop: true };
  }
  return { chain, loop: true };
}

async function inspectExchange(client: DnsClient, record: { exchange: string; priority: number }): Promise<MxHost> {
  const exchange = normalizeName(record.exchange);
  const host: MxHost = { exchange: exchange === '' ? '.' : exchange, priority: record.priority, addresses: [], addressOutcome: 'error' };
  if (exchange === '') {
    // RFC 7505 §3: a null MX must be the only MX record of the domain (the lone one is handled before).
    host.invalid = 'a null MX "." mixed with other MX records (RFC 7505 §3)';
    return host;
  }
  if (isIpLiteral(exchange)) {
    // RFC 1035 §3.3.9 / RFC 5321 §5.1: the exchange is a host name; an address there is not looked up.
    host.invalid = `the MX target "${exchange}" is an IP address; an MX record must name a host (RFC 5321 §5.1)`;
    return host;
  }
  const problem = hostNameProblem(exchange);
  if (problem) {
    host.invalid = `the MX target is not a valid host name: ${problem}`;
    return host;
  }
  const [addresses, cname] = await Promise.all([resolveAddresses(client, exchange), client.query(exchange, 'CNAME')]);
  host.addresses = addresses.addresses;
  host.addressOutcome = addresses.outcome;
  const alias = cname.outcome === 'ok' ? cname.records[0] : undefined;
  if (alias !== undefined) {
    // RFC 2181 §10.3 / RFC 5321 §5.1: an MX must not point to an alias.
    host.cname = normalizeName(alias);
    const { chain, loop } = await followAliases(client, exchange, host.cname);
    host.cnameChain = chain;
    if (loop) host.cnameLoop = true;
  }
  return host;
}

function byPreference(a: { exchange: string; priority: number }, b: { exchange: string; priority: number }): number {
  return a.priority - b.priority || a.exchange.localeCompare(b.exchange);
}

/**
 * The MX step with a given client (unit tests pass a fake). Throws DnsInputError for a domain that
 * is not one (nothing is sent then); every DNS failure is an outcome in the evidence.
 */
export async function lookupMxWith(client: DnsClient, domain: string): Promise<MxEvidence> {
  const asciiDomain = toAsciiDomain(domain);
  const started = performance.now();
  const evidence: MxEvidence = {
    domain: domain.trim(),
    asciiDomain,
    resolver: client.label,
    outcome: 'ok',
    implicit: false,
    nullMx: false,
    hosts: [],
    elapsedMs: 0,
  };
  const done = (): MxEvidence => {
    evidence.elapsedMs = Math.round(performance.now() - started);
    return evidence;
  };

  const mx: DnsAnswer<{ exchange: string; priority: number }> = await client.query(asciiDomain, 'MX');
  if (mx.outcome === 'ok') {
    const records = [...mx.records].sort(byPreference);
    // RFC 7505 §3: one MX record, preference 0, exchange "." (root): the domain takes no mail.
    if (records.length === 1 && normalizeName(records[0]?.exchange ?? 'x') === '') {
      evidence.nullMx = true;
      if (records[0]?.priority !== 0) evidence.errorMessage = `null MX with preference ${records[0]?.priority}; RFC 7505 says 0`;
      return done();
    }
    const kept = records.slice(0, MX_HOST_CAP);
    if (records.length > kept.length) evidence.truncated = records.length - kept.length;
    evidence.hosts = await Promise.all(kept.map((record) => inspectExchange(client, record)));
    return done();
  }
  if (mx.outcome !== 'nodata') {
    // NXDOMAIN: the domain does not exist. SERVFAIL, timeout, REFUSED: we cannot know whether MX
    // records exist, so no implicit MX (RFC 5321 §5.1 applies only when there are none).
    evidence.outcome = mx.outcome;
    if (mx.message) evidence.errorMessage = mx.message;
    return done();
  }
  // RFC 5321 §5.1: no MX records -> the domain itself is the mail host, with preference 0.
  const own = await resolveAddresses(client, asciiDomain);
  if (own.outcome === 'ok') {
    evidence.implicit = true;
    evidence.hosts = [{ exchange: asciiDomain, priority: 0, addresses: own.addresses, addressOutcome: 'ok' }];
    return done();
  }
  // The MX answer said the name exists; with no address either, it is NODATA unless the address
  // questions themselves failed.
  evidence.outcome = own.outcome === 'nxdomain' ? 'nodata' : own.outcome;
  evidence.errorMessage =
    evidence.outcome === 'nodata' ? 'the domain exists but has no MX record and no address (A/AAAA)' : `no MX record, and the address lookup failed: ${own.outcome}`;
  return done();
}

/**
 * Looks up where mail for `domain` goes (a Unicode domain is queried in its A-label form).
 * Rejects with DnsInputError for bad input or options; resolves with evidence for every DNS result.
 */
export async function lookupMx(domain: string, opts: DnsOptions = {}): Promise<MxEvidence> {
  return lookupMxWith(createDnsClient(opts), domain);
}
