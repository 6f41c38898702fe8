/**
 * An inline editor's unsaved work (the wizard's command editor, the console's DATA message) counts
 * as unsaved edits while `changed()` holds: switching profile or closing the window asks first.
 * Unmounting lets go of it.
 */
import { onUnmounted, watch } from 'vue';
import { useProfilesStore } from '../stores/profiles.ts';

export function useUnsavedDraft(key: string, changed: () => boolean): void {
  const profiles = useProfilesStore();
  watch(changed, (c) => profiles.markDraft(key, c), { immediate: true });
  onUnmounted(() => profiles.markDraft(key, false));
}
