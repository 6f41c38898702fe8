/**
 * Saving the profile form: New's draft is saved as a new profile (then shown like any other), a
 * saved one is updated from the version its edits started from. A save refused because another
 * window saved since (ECHANGED) keeps the edits, and a second Save replaces that version knowingly.
 * A profile saved whose password could not be stored (`passwordNotSaved`) says why and keeps the
 * password change, so Save tries it again from the version now saved (a new profile too: its
 * saved form takes the draft's password).
 */
import { nextTick, ref } from 'vue';
import type { Ref } from 'vue';
import { useToast } from 'primevue/usetoast';
import type { ToastMessageOptions } from 'primevue/toast';
import type { ProfileFields, ProfileView } from '../../../shared/profile.ts';
import { useProfilesStore } from '../../stores/profiles.ts';
import type { PasswordChange } from './ProfileAuthFields.vue';
import { dropPassedOnPassword, passPasswordOn, type ProfileFormModel } from './use-profile-form.ts';

export interface ProfileSaveOptions {
  profile: () => ProfileView;
  isNew: () => boolean;
  form: ProfileFormModel;
  /** Called when the fields are invalid: the first message takes the focus. */
  onInvalid: () => Promise<void>;
}

/** What a successful save tells the user: the password's fate when it was not the one asked for. */
function savedToast(saved: ProfileView): ToastMessageOptions {
  if (saved.passwordNotSaved !== undefined) return { severity: 'error', summary: 'Profile saved, password not saved', detail: saved.passwordNotSaved, life: 15000 };
  if (saved.passwordDiscarded) return { severity: 'warn', summary: 'Profile saved, password forgotten', detail: 'The stored password was entered for other server settings: enter it again to log in.', life: 8000 };
  return { severity: 'success', summary: 'Profile saved', detail: saved.name, life: 2500 };
}

export function useProfileSave({ profile, isNew, form, onInvalid }: ProfileSaveOptions): { saving: Ref<boolean>; saveNow: () => Promise<void> } {
  const profiles = useProfilesStore();
  const toast = useToast();
  const saving = ref(false);

  function send(fields: ProfileFields, change: PasswordChange) {
    const pw = change.mode === 'keep' ? undefined : change.mode === 'forget' ? null : change.value;
    if (!isNew()) return profiles.save(profile().id, fields, pw, form.base.value);
    // The saved profile's form replaces this one: a password not stored goes on to it.
    return profiles.saveDraft(fields, pw, (saved) => saved.passwordNotSaved !== undefined && passPasswordOn(saved.id, change));
  }

  async function saveNow(): Promise<void> {
    form.submitted.value = true;
    const fields = form.validation.value.fields;
    if (fields === undefined) return onInvalid();
    // Like the Save button: nothing to save when unchanged (a draft is new, so always), or already saving.
    if ((!form.dirty.value && !isNew()) || saving.value) return;
    const change = form.password.value;
    saving.value = true;
    try {
      const result = await send(fields, change);
      if (isNew() && result.ok) {
        toast.add(savedToast(result.value));
        // This form is replaced by the saved profile's: the keyboard continues in that one, not on the page.
        await nextTick();
        dropPassedOnPassword();
        document.querySelector<HTMLElement>('.app-main form.profile-form')?.focus();
      } else if (result.ok) {
        form.reset(result.value);
        // The profile is saved at its new version; the password change stays, so Save tries it again.
        if (result.value.passwordNotSaved !== undefined) form.password.value = change;
        toast.add(savedToast(result.value));
      } else if (result.error.code === 'ECHANGED') {
        // The store now lists the version saved elsewhere: a second Save replaces it knowingly.
        form.base.value = profiles.profiles.find((p) => p.id === profile().id)?.updatedAt ?? form.base.value;
        toast.add({ severity: 'warn', summary: 'Not saved', detail: `${result.error.message} Your edits are still in the form: Save again to replace that version with them, or Revert to load it.`, life: 15000 });
      } else {
        toast.add({ severity: 'error', summary: 'Not saved', detail: result.error.message, life: 8000 });
      }
    } finally {
      saving.value = false;
    }
  }

  return { saving, saveNow };
}
