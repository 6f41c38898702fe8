/**
 * The sidebar's actions on the profile shown: New (an unsaved draft in the form), Duplicate
 * (without the password) and Delete (confirmed). Each goes through the unsaved-changes guard, or
 * for Delete its own question.
 */
import { computed } from 'vue';
import type { ComputedRef } from 'vue';
import { useConfirm } from 'primevue/useconfirm';
import { useToast } from 'primevue/usetoast';
import { useProfilesStore } from '../../stores/profiles.ts';
import { useUiStore } from '../../stores/ui.ts';
import { duplicatedToast, failureToast } from './profile-toasts.ts';
import { useProfileSwitchGuard } from './profile-switch-guard.ts';

export interface SidebarActions {
  /** Duplicate, Rename and Delete act on the profile shown: none while New is open. */
  canAct: ComputedRef<boolean>;
  createProfile: () => void;
  duplicateSelected: () => void;
  deleteSelected: () => void;
}

export function useSidebarActions(): SidebarActions {
  const profiles = useProfilesStore();
  const ui = useUiStore();
  const confirm = useConfirm();
  const toast = useToast();
  const { guard } = useProfileSwitchGuard();

  const canAct = computed(() => profiles.selected !== undefined && profiles.draft === undefined);

  /** New: an unsaved draft in the form (saved only by its Save); unsaved edits are asked about first. */
  function createProfile(): void {
    guard(() => {
      profiles.create();
      ui.activeTab = 'settings';
    });
  }

  function duplicateSelected(): void {
    const current = profiles.selected;
    if (current === undefined) return;
    guard(async () => {
      const result = await profiles.duplicate(current.id);
      toast.add(result.ok ? duplicatedToast(result.value.name, !!current.authUser) : failureToast('Could not duplicate', result.error.message));
    });
  }

  function deleteSelected(): void {
    const current = profiles.selected;
    if (current === undefined) return;
    confirm.require({
      header: 'Delete profile',
      message: `Delete "${current.name}"? Its stored password and recent runs go with it. This cannot be undone.`,
      icon: 'pi pi-trash',
      acceptProps: { label: 'Delete', severity: 'danger' },
      rejectProps: { label: 'Cancel', severity: 'secondary', outlined: true },
      defaultFocus: 'reject',
      accept: async () => {
        profiles.dirty = false;
        const result = await profiles.remove(current.id);
        if (!result.ok) toast.add(failureToast('Could not delete', result.error.message));
        else toast.add({ severity: 'info', summary: 'Profile deleted', detail: current.name, life: 3000 });
      },
    });
  }

  return { canAct, createProfile, duplicateSelected, deleteSelected };
}
