/**
 * One IP version was asked for (-4/-6, or the source address's) and the name has none of its
 * addresses: when it has the other version's, that is the cause to tell, not "could not resolve".
 * The runner and the manual console both ask here, so they explain it alike.
 */
import type { DnsOutcome, EngineError } from '../../../shared/evidence.ts';
import { OTHER_FAMILY_ONLY } from '../../../shared/ip-versions.ts';
import type { AddressFamily, ResolvedHost } from './resolve-host.ts';

/**
 * The EDNS error saying `host` has only the other version's addresses, or undefined when that is
 * not why nothing was found. `resolveOther` asks for the other version (the caller times it).
 */
export async function otherFamilyOnly(host: string, family: AddressFamily, outcome: DnsOutcome, resolveOther: (other: 4 | 6) => Promise<ResolvedHost>): Promise<EngineError | undefined> {
  // The system resolver says "no such name" for a name without an address of the asked version.
  if (family === 0 || (outcome !== 'nodata' && outcome !== 'nxdomain')) return undefined;
  const found = await resolveOther(family === 4 ? 6 : 4);
  if (found.addresses.length === 0) return undefined;
  const message = `${host} has only IPv${family === 4 ? 6 : 4} addresses: ${found.addresses.map((a) => a.address).join(', ')}`;
  return { code: 'EDNS', phase: 'dns', message, cause: OTHER_FAMILY_ONLY };
}
