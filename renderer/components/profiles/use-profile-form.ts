/**
 * The profile form's state: the fields as typed, the password change, which messages show
 * (useShownErrors), whether anything is unsaved (fed to `profiles.dirty` for the switch guard) and
 * the saved version the edits started from. A newer saved version (another window) replaces the
 * form, but never edits still unsaved.
 */
import { computed, onBeforeUnmount, ref, watch } from 'vue';
import type { ComputedRef, Ref } from 'vue';
import type { ProfileView } from '../../../shared/profile.ts';
import { useShownErrors } from '../../composables/useShownErrors.ts';
import type { ShownErrors } from '../../composables/useShownErrors.ts';
import { useProfilesStore } from '../../stores/profiles.ts';
import type { PasswordChange } from './ProfileAuthFields.vue';
import { bindingEdits as bindingEditsOf, hasBoundPassword, snapshot, toFormState, validateForm } from './profile-form-model.ts';
import type { FieldErrors, ProfileFormState, Validation } from './profile-form-model.ts';

export interface ProfileFormModel extends Pick<ShownErrors, 'submitted' | 'blurred'> {
  state: Ref<ProfileFormState>;
  password: Ref<PasswordChange>;
  /** The saved version the edits started from: a save is refused when another window saved since. */
  base: Ref<string>;
  validation: ComputedRef<Validation>;
  valid: ComputedRef<boolean>;
  /** Only messages for fields the user has left, or all of them after a save attempt. */
  shownErrors: ComputedRef<FieldErrors>;
  dirty: ComputedRef<boolean>;
  /** Edits that would make the save forget the stored password (the built-in server's account is not stored). */
  bindingEdits: ComputedRef<string[]>;
  reset: (profile: ProfileView) => void;
}

/**
 * A password change on its way from New's draft form to the saved profile's form that replaces it,
 * when the profile was saved but its password was not: there Save tries it again. That form takes
 * it as it is created; the save drops it once the switch is done, taken or not.
 */
let passedOn: { id: string; change: PasswordChange } | undefined;

export function passPasswordOn(id: string, change: PasswordChange): void {
  passedOn = { id, change };
}

export function dropPassedOnPassword(): void {
  passedOn = undefined;
}

function takePassedOn(id: string): PasswordChange | undefined {
  const change = passedOn?.id === id ? passedOn.change : undefined;
  passedOn = undefined;
  return change;
}

export function useProfileForm(profile: () => ProfileView): ProfileFormModel {
  const profiles = useProfilesStore();
  const state = ref<ProfileFormState>(toFormState(profile()));
  const baseline = ref(snapshot(state.value));
  const password = ref<PasswordChange>(takePassedOn(profile().id) ?? { mode: 'keep' });
  const base = ref(profile().updatedAt);
  const { submitted, blurred, shownOf, clear } = useShownErrors();

  function reset(p: ProfileView): void {
    base.value = p.updatedAt;
    state.value = toFormState(p);
    baseline.value = snapshot(state.value);
    password.value = { mode: 'keep' };
    clear();
  }

  const validation = computed(() => validateForm(state.value));
  const valid = computed(() => validation.value.fields !== undefined);
  const shownErrors = computed<FieldErrors>(() => shownOf(validation.value.errors) as FieldErrors);
  const dirty = computed(() => snapshot(state.value) !== baseline.value || password.value.mode !== 'keep');
  const bindingEdits = computed(() => (hasBoundPassword(profile()) ? bindingEditsOf(profile(), state.value) : []));

  watch(
    () => [profile().id, profile().updatedAt] as const,
    ([id], [oldId]) => {
      if (id !== oldId || !dirty.value) reset(profile());
    },
  );
  watch(dirty, (d) => (profiles.dirty = d), { immediate: true });
  // Before unmount, not after: the form that replaces this one (New's draft saved) is set up in the
  // meantime and may have unsaved edits of its own.
  onBeforeUnmount(() => (profiles.dirty = false));

  return { state, password, base, submitted, blurred, validation, valid, shownErrors, dirty, bindingEdits, reset };
}
