/**
 * Why the wizard's commands cannot be edited inline right now (null: they can). The Settings form
 * holding edits of this profile locks them too: an inline save would reset the form (dropping them)
 * or be overwritten by its next save, so inline editing waits until the form is saved or reverted.
 */
import { computed } from 'vue';
import { useProfilesStore } from '../../stores/profiles.ts';
import { useRunStore } from '../../stores/run.ts';

export function useEditLock(profileId: () => string | undefined) {
  const run = useRunStore();
  const profiles = useProfilesStore();
  const settingsDirty = computed(() => profiles.dirty && profiles.selectedId === profileId());
  const editLock = computed<string | null>(() => {
    if (run.opened) return 'This is a report opened from a file: nothing in it can be run or edited.';
    if (run.status === 'running') return 'A run is going: edit the commands when it ends.';
    if (run.status === 'paused') return 'The paused run keeps the commands it started with: Stop it to edit them.';
    if (settingsDirty.value) return 'Settings has unsaved edits for this profile: save or discard them there first.';
    return null;
  });
  return { settingsDirty, editLock };
}
