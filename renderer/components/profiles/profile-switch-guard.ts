/**
 * Unsaved-changes guard: anything that replaces the profile in the form (selecting another profile,
 * New, Duplicate, Delete, Import) goes through `guard(action)`, which asks first when the form, an
 * inline command editor of the wizard or the console's DATA editor holds edits (profiles.drafts).
 * None of those is dropped without a question.
 */
import { useConfirm } from 'primevue/useconfirm';
import { useProfilesStore } from '../../stores/profiles.ts';

export function useProfileSwitchGuard(): { guard: (action: () => void | Promise<unknown>) => void } {
  const confirm = useConfirm();
  const profiles = useProfilesStore();
  function guard(action: () => void | Promise<unknown>): void {
    if (!profiles.hasUnsavedEdits) {
      void action();
      return;
    }
    confirm.require({
      header: 'Unsaved changes',
      message: profiles.draft ? 'The new profile is not saved. Discard it?' : `"${profiles.selected?.name ?? 'This profile'}" has changes that are not saved. Discard them?`,
      icon: 'pi pi-exclamation-triangle',
      acceptProps: { label: 'Discard changes', severity: 'danger' },
      rejectProps: { label: 'Keep editing', severity: 'secondary', outlined: true },
      accept: () => {
        profiles.discardEdits();
        void action();
      },
    });
  }
  return { guard };
}
