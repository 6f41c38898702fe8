/**
 * New: an unsaved profile that exists only in the form until an explicit Save. Its name and target
 * start empty (the form shows "New profile" and "example.com" as placeholders, never as values),
 * so nothing is saved by accident and nothing the user did not type is saved either.
 */
import { ref } from 'vue';
import { emptyProfileFields } from '../../../shared/empty-profile.ts';
import type { ProfileView } from '../../../shared/profile.ts';

/** The id of the draft's view: not a UUID, so no saved profile can ever have it. */
export const NEW_PROFILE_ID = 'new';

function blankView(): ProfileView {
  return { ...emptyProfileFields(), name: '', target: '', id: NEW_PROFILE_ID, createdAt: '', updatedAt: '', hasPassword: false };
}

export function useNewProfileDraft() {
  /** The draft the form edits, while New is open. */
  const draft = ref<ProfileView | undefined>();

  function openDraft(): void {
    draft.value = blankView();
  }
  function closeDraft(): void {
    draft.value = undefined;
  }

  return { draft, openDraft, closeDraft };
}
