/**
 * The profile check (the form's validateForm, the schema's name rule and the password-binding
 * comparison, components/profiles/profile-form-model.ts), loaded on first use rather than with the
 * first screen: its zod schemas are made when its module runs (zod is configured jitless wherever it
 * loads, renderer/zod-csp.ts). Nothing is saved unchecked: whoever saves waits for the check
 * (the wizard's inline editor opens only once it is loaded; a rename is refused until then).
 */
import { shallowRef } from 'vue';
import type * as ProfileFormModel from '../components/profiles/profile-form-model.ts';

export type ProfileCheck = typeof ProfileFormModel;

/** Reactive, so a computed that found no check yet runs again once it is loaded. */
const loaded = shallowRef<ProfileCheck | undefined>();
let loading: Promise<ProfileCheck> | undefined;

/** The check, loading its module the first time. */
export function loadProfileCheck(): Promise<ProfileCheck> {
  loading ??= import('../components/profiles/profile-form-model.ts').then((module) => (loaded.value = module));
  return loading;
}

/** The check once loadProfileCheck has resolved; undefined before. */
export function loadedProfileCheck(): ProfileCheck | undefined {
  return loaded.value;
}
