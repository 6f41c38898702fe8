/**
 * A report file opened for reading (File > Open report, a .json dropped on the window, the toolbar's
 * Open report): main or browser mode's bridge checks the file against the report schema, this
 * store checks the answer once more (like every report the page takes in), then the run store
 * shows it read-only in place of the profile's run until Close. A file that does not fit leaves the
 * view as it was and says why. A pair file (a check over both IP versions) shows with its
 * comparison (stores/family-pair.ts), from its IPv4 run.
 */
import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import type { Result } from '../../shared/ipc/result.ts';
import { parseFamilyPair } from '../../shared/family-pair.ts';
import { parseRunReport } from '../../shared/report.ts';
import { reportFileSizeProblem, shownFileName } from '../../shared/report-file.ts';
import type { OpenedReport } from '../../shared/report-file.ts';
import { api } from '../services/api.ts';
import { useFamilyPairStore } from './family-pair.ts';
import { useRunStore } from './run.ts';

export const useOpenedReportStore = defineStore('openedReport', () => {
  const run = useRunStore();
  const pair = useFamilyPairStore();
  const current = shallowRef<OpenedReport | null>(null);
  /** Why the last file could not be opened (shown until dismissed or another file opens). */
  const error = ref<string | null>(null);
  const busy = ref(false);

  function show(result: Result<OpenedReport | { canceled: true }>): void {
    if (!result.ok) {
      error.value = result.error.message;
      return;
    }
    if ('canceled' in result.value) return;
    const checked = parseRunReport(result.value.report);
    const compared = result.value.comparison === undefined ? undefined : parseFamilyPair(result.value.comparison);
    const problem = !checked.ok ? checked.message : compared?.ok === false ? compared.message : undefined;
    if (problem !== undefined || !checked.ok) {
      error.value = `${shownFileName(result.value.fileName)} cannot be shown. ${problem ?? ''}.`;
      return;
    }
    error.value = null;
    const comparison = compared?.ok ? compared.comparison : undefined;
    current.value = markRaw({ ...result.value, report: checked.report, ...(comparison ? { comparison } : {}) });
    if (comparison) pair.show({ comparison, pairId: null, runIds: null, profileId: null });
    else pair.clear();
    run.showOpened(checked.report);
  }

  async function attempt(task: () => Promise<Result<OpenedReport | { canceled: true }>>): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    try {
      show(await task());
    } finally {
      busy.value = false;
    }
  }

  /** A dropped or picked file: its size is checked before it is read, its text goes to be checked. */
  async function openFile(file: File): Promise<void> {
    const tooBig = reportFileSizeProblem(file.size);
    if (tooBig) {
      error.value = `${shownFileName(file.name)}: ${tooBig}`;
      return;
    }
    await attempt(async () => {
      let text: string;
      try {
        text = await file.text();
      } catch {
        return { ok: false, error: { code: 'ESTORAGE', message: `${shownFileName(file.name)} could not be read.` } };
      }
      return api.invoke('report/open', { text, fileName: shownFileName(file.name) });
    });
  }

  /** File > Open report: main's open dialog (desktop only). */
  function choose(): Promise<void> {
    return attempt(() => api.invoke('report/choose', {}));
  }

  function close(): void {
    current.value = null;
    if (pair.shown?.profileId === null) pair.clear();
    run.closeOpened();
  }

  function dismissError(): void {
    error.value = null;
  }

  return { current, error, busy, openFile, choose, close, dismissError };
});
