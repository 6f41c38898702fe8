/**
 * The profile check (the form's validateForm, the schema's name rule and the password-binding
 * comparison, components/profiles/profile-form-model.ts), loaded on first use rather than with the
 * first screen: its zod schemas are made when its module runs (zod is configured jitless wherever it
 * loads, renderer/zod-csp.ts). Nothing is saved unchecked: whoever saves waits for the check
 * (the wizard's inline editor opens only once it is loaded; a rename is refused until then).
 */
import type * as ProfileFormModel from '../components/profiles/profile-form-model.ts';
import { lazyModule } from './lazy-module.ts';

export type ProfileCheck = typeof ProfileFormModel;

const check = lazyModule<ProfileCheck>(() => import('../components/profiles/profile-form-model.ts'));

/** The check, loading its module the first time. */
export const loadProfileCheck = check.load;

/** The check once loadProfileCheck has resolved (reactive); undefined before. */
export const loadedProfileCheck = check.loaded;
