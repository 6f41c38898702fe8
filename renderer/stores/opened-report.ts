/**
 * A report file opened for reading (File > Open report, a .json dropped on the window, the toolbar's
 * Open report): main or browser mode's bridge checks the file against the report schema, this
 * store checks the answer once more (like every report the page takes in), then the run store
 * shows it read-only in place of the profile's run until Close. A file that does not fit leaves the
 * view as it was and says why.
 */
import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import type { Result } from '../../shared/ipc/result.ts';
import { parseRunReport } from '../../shared/report.ts';
import { reportFileSizeProblem, shownFileName } from '../../shared/report-file.ts';
import type { OpenedReport } from '../../shared/report-file.ts';
import { reportProblemMessage } from '../../shared/report-problem.ts';
import { api } from '../services/api.ts';
import { useRunStore } from './run.ts';

export const useOpenedReportStore = defineStore('openedReport', () => {
  const run = useRunStore();
  const current = shallowRef<OpenedReport | null>(null);
  /** Why the last file could not be opened, and the schema's path (shown until dismissed or another file opens). */
  const error = ref<{ message: string; detail: string | null } | null>(null);
  const busy = ref(false);

  function show(result: Result<OpenedReport | { canceled: true }>): void {
    if (!result.ok) {
      error.value = { message: result.error.message, detail: result.error.detail ?? null };
      return;
    }
    if ('canceled' in result.value) return;
    const checked = parseRunReport(result.value.report);
    if (!checked.ok) {
      error.value = { message: reportProblemMessage(shownFileName(result.value.fileName), checked.problem), detail: checked.problem.detail ?? null };
      return;
    }
    error.value = null;
    current.value = markRaw({ ...result.value, report: checked.report });
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
      error.value = { message: `${shownFileName(file.name)}: ${tooBig}`, detail: null };
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
    run.closeOpened();
  }

  function dismissError(): void {
    error.value = null;
  }

  return { current, error, busy, openFile, choose, close, dismissError };
});
