/**
 * The newest run of every profile (`runs/latest`), for the sidebar's pass/fail/stopped icons; after a
 * check over both IP versions, the pair's item as Recent runs lists it (fail when a version with an
 * address failed), not its IPv6 run alone.
 * Main owns the rule that names a run's outcome; this only keeps the answer.
 */
import { ref } from 'vue';
import type { RunSummary } from '../../../shared/ipc/contract.ts';
import { api } from '../../services/api.ts';

export function useLastResults() {
  const lastResults = ref<Record<string, RunSummary>>({});

  /** Reads them again (after the list loads and after a run ends); a failure keeps what was shown. */
  async function refreshLastResults(): Promise<void> {
    const result = await api.invoke('runs/latest', {});
    if (result.ok) lastResults.value = result.value;
  }

  return { lastResults, refreshLastResults };
}
