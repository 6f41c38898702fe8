/**
 * The check over both IP versions the wizard shows: its comparison (just run, reopened from
 * Recent runs, or opened from a pair file), the two saved runs it links and whose profile it is,
 * so the wizard exports the pair as one and offers each version's steps. Cleared when another
 * profile or another run is shown.
 */
import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import type { FamilyComparison, IpVersion } from '../../shared/family-pair.ts';

export interface ShownPair {
  comparison: FamilyComparison;
  /** The saved pair (Recent runs, export); none for a pair opened from a file. */
  pairId: string | null;
  runIds: Record<IpVersion, string> | null;
  /** The profile it was run from; null for a file. */
  profileId: string | null;
}

export const useFamilyPairStore = defineStore('familyPair', () => {
  const shown = shallowRef<ShownPair | null>(null);
  /** The version running now, while Both IP versions goes. */
  const current = ref<IpVersion | null>(null);

  function show(pair: ShownPair): void {
    shown.value = markRaw({ ...pair });
  }

  function clear(): void {
    shown.value = null;
  }

  /** A run (by id) is shown that is not one of the pair's: the pair no longer describes the view. */
  function isPartOf(runId: string | null): boolean {
    const ids = shown.value?.runIds;
    return runId !== null && ids !== null && ids !== undefined && (ids.ipv4 === runId || ids.ipv6 === runId);
  }

  return { shown, current, show, clear, isPartOf };
});
