/**
 * PTR with forward confirmation (FCrDNS): the reverse name of an address, its PTR names, and
 * whether each name resolves back to the address. Receiving servers check this of every client
 * (RFC 8601 §2.7.3 "iprev"); admins check it of their own server.
 */
import type { PtrEvidence } from '../../../shared/evidence.ts';
import { createDnsClient, type DnsClient } from './dns-client.ts';
import type { DnsOptions } from './dns-options.ts';
import { DnsInputError, hostNameProblem, normalizeName, parseIpAddress, reverseName } from './names.ts';

/** PTR names checked forward; more than a handful is itself a misconfiguration. */
export const PTR_NAME_CAP = 10;

/** The PTR check with a given client (unit tests pass a fake). Throws DnsInputError for a non-address. */
export async function checkPtrWith(client: DnsClient, address: string): Promise<PtrEvidence> {
  const ip = parseIpAddress(address);
  if (!ip) throw new DnsInputError(`"${String(address).slice(0, 80)}" is not an IP address; the PTR check needs one.`);
  const started = performance.now();
  const name = reverseName(ip.address);
  // resolve(name, 'PTR') on the arpa name we built, not Resolver.reverse(): see names.ts.
  const answer = await client.query(name, 'PTR');
  const names = [...new Set(answer.records.map(normalizeName))].slice(0, PTR_NAME_CAP);
  const type = ip.family === 4 ? 'A' : 'AAAA';
  const forward = await Promise.all(
    names.map(async (ptrName) => {
      if (hostNameProblem(ptrName)) return { name: ptrName, addresses: [], outcome: 'error' as const, confirms: false };
      const back = await client.query(ptrName, type);
      const addresses = back.records.map((record) => parseIpAddress(record)?.address ?? record);
      return { name: ptrName, addresses, outcome: back.outcome, confirms: addresses.includes(ip.address) };
    }),
  );
  return {
    address: ip.address,
    reverseName: name,
    outcome: answer.outcome,
    names,
    forward,
    forwardConfirmed: forward.some((entry) => entry.confirms),
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** PTR of `address` and forward confirmation of each name. Rejects with DnsInputError for bad input. */
export async function checkPtr(address: string, opts: DnsOptions = {}): Promise<PtrEvidence> {
  return checkPtrWith(createDnsClient(opts), address);
}
