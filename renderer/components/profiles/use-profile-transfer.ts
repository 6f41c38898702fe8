/**
 * Import and Export of profiles as JSON (never with passwords): Import reads a file the admin
 * picks through a hidden file input; Export all asks the host to save (the desktop's dialog) and
 * downloads only where it cannot (browser mode).
 */
import { ref } from 'vue';
import type { Ref } from 'vue';
import { useToast } from 'primevue/usetoast';
import { useProfilesStore } from '../../stores/profiles.ts';
import { downloadText } from '../export/download.ts';
import { failureToast, importedToast } from './profile-toasts.ts';

export interface ProfileTransfer {
  /** The hidden `<input type="file">` Import clicks. */
  fileInput: Ref<HTMLInputElement | null>;
  openImport: () => void;
  /** The file input's change: imports the file chosen. */
  importFile: (event: Event) => Promise<void>;
  exportAll: () => Promise<void>;
}

export function useProfileTransfer(): ProfileTransfer {
  const profiles = useProfilesStore();
  const toast = useToast();
  const fileInput = ref<HTMLInputElement | null>(null);

  function openImport(): void {
    fileInput.value?.click();
  }

  async function importFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) return;
    const result = await profiles.importJson(await file.text());
    toast.add(result.ok ? importedToast(result.value) : failureToast('Import failed', result.error.message));
  }

  async function exportAll(): Promise<void> {
    const result = await profiles.exportJson(undefined, true);
    if (!result.ok) {
      toast.add(failureToast('Export failed', result.error.message));
      return;
    }
    const { json, fileName, saved, path } = result.value;
    // The desktop app saved it through its dialog (or the dialog was cancelled); a browser downloads it.
    if (saved === false) return;
    if (saved === undefined) downloadText(json, fileName, 'application/json');
    toast.add({ severity: 'success', summary: 'Profiles exported', detail: `${path ?? fileName} (without passwords)`, life: 4000 });
  }

  return { fileInput, openImport, importFile, exportAll };
}
