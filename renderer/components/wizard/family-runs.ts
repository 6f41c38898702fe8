/**
 * "Both IP versions": the shown profile run once over IPv4 and once over IPv6, each a normal run
 * of the run store (live steps and transcript), then compared with the same rules as
 * `smtp-probe check --both-families` (shared/family-comparison.ts). The IPv6 run is started with
 * `pairWith`, so main keeps the two as one item of Recent runs and exports them as one
 * (stores/family-pair.ts holds what the wizard shows). Stop or a refused start ends it without a
 * comparison.
 */
import { computed, watch } from 'vue';
import type { IpVersion } from '../../../shared/family-pair.ts';
import { bothFamiliesProblem } from '../../../shared/input-rules.ts';
import type { ProfileView } from '../../../shared/profile.ts';
import type { RunReport } from '../../../shared/report.ts';
import { useFamilyPairStore } from '../../stores/family-pair.ts';
import type { RunMode } from '../../stores/run.ts';

/** What the composable needs of the run store: start a run, and its id and outcome once it has ended. */
export interface FamilyRunner {
  start: (profileId: string, until?: undefined, mode?: RunMode) => Promise<void>;
  readonly runId: string | null;
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
  const pair = useFamilyPairStore();
  const comparison = computed(() => pair.shown?.comparison ?? null);
  const pairId = computed(() => pair.shown?.pairId ?? null);
  const current = computed(() => pair.current);

  // Another run shown (Run all, a single run reopened): the comparison no longer describes it.
  watch(
    () => run.runId,
    (id) => {
      if (pair.current === null && pair.shown?.runIds && !pair.isPartOf(id)) pair.clear();
    },
  );

  async function runBoth(profileId: string): Promise<void> {
    pair.clear();
    // The comparison's rules carry the finding texts: loaded when first asked, off the first screen.
    const { IP_VERSIONS, IP_VERSION_FAMILY, compareFamilies } = await import('../../../shared/family-comparison.ts');
    const reports: Partial<Record<IpVersion, RunReport>> = {};
    const runIds: Partial<Record<IpVersion, string>> = {};
    const id = crypto.randomUUID();
    try {
      for (const version of IP_VERSIONS) {
        pair.current = version;
        const first = runIds.ipv4;
        await run.start(profileId, undefined, { family: IP_VERSION_FAMILY[version], ...(first !== undefined ? { pairWith: { pairId: id, runId: first } } : {}) });
        const report = run.report;
        if (run.error !== null || report === null || run.runId === null || report.interrupted?.reason === 'cancelled') return;
        reports[version] = report;
        runIds[version] = run.runId;
      }
    } finally {
      pair.current = null;
    }
    const { ipv4, ipv6 } = reports;
    if (ipv4 === undefined || ipv6 === undefined || runIds.ipv4 === undefined || runIds.ipv6 === undefined) return;
    pair.show({ comparison: compareFamilies({ ipv4, ipv6 }), pairId: id, runIds: { ipv4: runIds.ipv4, ipv6: runIds.ipv6 }, profileId });
  }

  /** The wizard shows another profile (or none): a pair of another profile goes. */
  function clear(profileId?: string): void {
    if ((pair.shown?.profileId ?? null) !== (profileId ?? null)) pair.clear();
  }

  return { comparison, pairId, current, runBoth, clear };
}
