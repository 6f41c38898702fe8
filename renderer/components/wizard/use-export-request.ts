/**
 * The wizard's Export dialog: offered once a run is done, opened by its button or by the menu's
 * Export transcript (through the ui store), and loaded the first time it opens.
 */
import { computed, ref, watch } from 'vue';
import { useRunStore } from '../../stores/run.ts';
import { useUiStore } from '../../stores/ui.ts';
import { shownOnce } from '../lazy.ts';

export function useExportRequest() {
  const run = useRunStore();
  const ui = useUiStore();
  const exportOpen = ref(false);
  const exportOpened = shownOnce(() => exportOpen.value);
  const canExport = computed(() => run.status === 'done' && run.runId !== null);
  watch(
    () => ui.exportTranscriptRequests,
    () => {
      if (canExport.value) exportOpen.value = true;
    },
  );
  return { exportOpen, exportOpened, canExport };
}
