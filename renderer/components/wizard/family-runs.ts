/**
 * "Both IP versions": the shown profile run once over IPv4 and once over IPv6, each a normal run
 * of the run store (live steps and transcript, saved in Recent runs), then compared with the same
 * rules as `smtp-probe check --both-families` (shared/family-comparison.ts). Stop or a refused
 * start ends it without a comparison.
 */
import { ref, shallowRef } from 'vue';
import type { FamilyComparison, IpVersion } from '../../../shared/family-comparison.ts';
import { bothFamiliesProblem } from '../../../shared/input-rules.ts';
import type { ProfileView } from '../../../shared/profile.ts';
import type { RunReport } from '../../../shared/report.ts';
import type { RunMode } from '../../stores/run.ts';

/** What the composable needs of the run store: start a run, and its outcome once it has ended. */
export interface FamilyRunner {
  start: (profileId: string, until?: undefined, mode?: RunMode) => Promise<void>;
  readonly report: RunReport | null;
  readonly error: unknown;
}

/** Why the profile cannot run over both versions (it fixes one), in words for the button's title; undefined when it can. */
export function bothVersionsBlocked(profile: ProfileView | undefined): string | undefined {
  if (profile === undefined) return 'No profile';
  const problem = bothFamiliesProblem({ server: profile.targetKind === 'host' ? profile.target : undefined, family: profile.family, sourceAddress: profile.sourceAddress });
  return problem === undefined ? undefined : `Not for this profile: ${problem}`;
}

export function useFamilyRuns(run: FamilyRunner) {
  const comparison = shallowRef<FamilyComparison | null>(null);
  /** The version running now, while the two runs go. */
  const current = ref<IpVersion | null>(null);

  async function runBoth(profileId: string): Promise<void> {
    comparison.value = null;
    // The comparison's rules carry the finding texts: loaded when first asked, off the first screen.
    const { IP_VERSIONS, IP_VERSION_FAMILY, compareFamilies } = await import('../../../shared/family-comparison.ts');
    const reports: Partial<Record<IpVersion, RunReport>> = {};
    try {
      for (const version of IP_VERSIONS) {
        current.value = version;
        await run.start(profileId, undefined, { family: IP_VERSION_FAMILY[version] });
        const report = run.report;
        if (run.error !== null || report === null || report.interrupted?.reason === 'cancelled') return;
        reports[version] = report;
      }
    } finally {
      current.value = null;
    }
    const { ipv4, ipv6 } = reports;
    if (ipv4 !== undefined && ipv6 !== undefined) comparison.value = compareFamilies({ ipv4, ipv6 });
  }

  function clear(): void {
    comparison.value = null;
  }

  return { comparison, current, runBoth, clear };
}
