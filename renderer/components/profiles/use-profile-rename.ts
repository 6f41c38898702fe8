/**
 * Rename of the profile shown: the new name is checked with the schema's own name rule and must
 * not be another profile's (whatever its case). Renaming saves the stored profile, which reloads
 * the form, so unsaved edits are asked about before the dialog opens.
 */
import { computed, ref } from 'vue';
import type { ComputedRef, Ref } from 'vue';
import { useToast } from 'primevue/usetoast';
import { visibleText } from '../../../shared/visible-text.ts';
import { loadProfileCheck, loadedProfileCheck } from '../../services/profile-check.ts';
import { nameTakenBy, useProfilesStore } from '../../stores/profiles.ts';
import { failureToast } from './profile-toasts.ts';
import { useProfileSwitchGuard } from './profile-switch-guard.ts';

export interface ProfileRename {
  visible: Ref<boolean>;
  value: Ref<string>;
  /** Why the name cannot be taken, or undefined when it can. */
  error: ComputedRef<string | undefined>;
  open: () => Promise<void>;
  confirm: () => Promise<void>;
}

export function useProfileRename(): ProfileRename {
  const profiles = useProfilesStore();
  const toast = useToast();
  const { guard } = useProfileSwitchGuard();
  const visible = ref(false);
  const value = ref('');

  const error = computed(() => {
    const check = loadedProfileCheck();
    // Until the schema's rule is loaded (open waits for it) the name is not taken: never unchecked.
    if (check === undefined) return 'Checking the name…';
    const problem = check.profileNameProblem(value.value);
    if (problem !== undefined) return problem;
    const other = nameTakenBy(profiles.profiles, value.value, profiles.selectedId);
    return other === undefined ? undefined : `Another profile is already called "${visibleText(other.name)}"`;
  });

  async function open(): Promise<void> {
    await loadProfileCheck();
    guard(() => {
      if (profiles.selected === undefined) return;
      value.value = profiles.selected.name;
      visible.value = true;
    });
  }

  async function confirm(): Promise<void> {
    const current = profiles.selected;
    if (current === undefined || error.value !== undefined) return;
    const result = await profiles.rename(current.id, value.value.trim());
    if (result.ok) visible.value = false;
    else toast.add(failureToast('Could not rename', result.error.message));
  }

  return { visible, value, error, open, confirm };
}
