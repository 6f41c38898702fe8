/**
 * An inline editor's unsaved work (the wizard's command editor) counts as unsaved edits while
 * `changed()` holds: switching profile or closing the window asks first. Unmounting lets go of it.
 * The console's DATA editor keeps its own two lines: importing this from the console's chunk makes
 * the bundler move the profiles store into a first-screen chunk of its own (about 0.4 KiB more).
 */
import { onUnmounted, watch } from 'vue';
import { useProfilesStore } from '../stores/profiles.ts';

export function useUnsavedDraft(key: string, changed: () => boolean): void {
  const profiles = useProfilesStore();
  watch(changed, (c) => profiles.markDraft(key, c), { immediate: true });
  onUnmounted(() => profiles.markDraft(key, false));
}
