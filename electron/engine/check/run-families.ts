/**
 * The same check once over IPv4 and once over IPv6 (`--both-families`, the wizard's "Both IP
 * versions"), one after the other so each transcript reads on its own, then compared
 * (shared/family-comparison.ts). Each run is a whole runCheck with the family fixed by the connection
 * spec's rule, so the two differ in nothing else.
 */
import type { CheckRequest } from '../../../shared/check-request.ts';
import { IP_VERSIONS, IP_VERSION_FAMILY, compareFamilies, type FamilyComparison, type IpVersion } from '../../../shared/family-comparison.ts';
import type { RunReport } from '../../../shared/report.ts';
import { runCheck, type CheckHooks } from './run-check.ts';

export interface FamilyHooks extends Omit<CheckHooks, 'beforeStep'> {
  /** Told before each version's run starts (the CLI prints a heading, the app switches columns). */
  onFamily?: (version: IpVersion) => void;
}

export async function runBothFamilies(request: CheckRequest, hooks: FamilyHooks = {}): Promise<FamilyComparison> {
  const { onFamily, ...checkHooks } = hooks;
  const reports: Partial<Record<IpVersion, RunReport>> = {};
  for (const version of IP_VERSIONS) {
    onFamily?.(version);
    reports[version] = await runCheck({ ...request, family: IP_VERSION_FAMILY[version] }, checkHooks);
  }
  const { ipv4, ipv6 } = reports;
  if (ipv4 === undefined || ipv6 === undefined) throw new Error('a version was not run');
  return compareFamilies({ ipv4, ipv6 });
}
