/**
 * Inline editing of the command a wizard step will send: which profile fields each step edits, which
 * of them the built-in "Local test server" profile takes from the running server instead, and the
 * draft -> ProfileFields conversion. Validation is the profile form's own (validateForm, the same
 * zod schema main applies), so a message at a field here is the message Settings would give.
 */
import type { ProfileView } from '../../../shared/profile.ts';
import type { ProfileFields } from '../../../shared/profile.ts';
import type { StepId } from '../../../shared/steps.ts';
import { splitRecipients, toFormState } from '../profiles/profile-form-state.ts';
import type { FieldErrors, ProfileFormState } from '../profiles/profile-form-state.ts';
import type { Validation } from '../profiles/profile-form-model.ts';

export type EditableField = 'targetKind' | 'target' | 'port' | 'security' | 'ehloName' | 'authUser' | 'authMechanism' | 'from' | 'to' | 'subject';

/** The profile fields behind each step's command. The password stays in Settings: it is write-only. */
export const STEP_EDIT_FIELDS: Partial<Record<StepId, readonly EditableField[]>> = {
  connect: ['targetKind', 'target', 'port', 'security'],
  ehlo: ['ehloName'],
  auth: ['authUser', 'authMechanism'],
  mail: ['from'],
  rcpt: ['to'],
  data: ['subject'],
};

/**
 * What the built-in profile does not take from the profile: runs go to the test server's live
 * address and port with its own account (electron/engine/service/profile-request.ts).
 */
const BUILT_IN_FIXED: readonly EditableField[] = ['targetKind', 'target', 'port', 'authUser'];

/** The fields a step offers to edit for this profile ([] when none). */
export function editableFields(step: StepId, profile: Pick<ProfileView, 'builtIn'>): EditableField[] {
  const fields = STEP_EDIT_FIELDS[step] ?? [];
  return profile.builtIn === 'sandbox' ? fields.filter((f) => !BUILT_IN_FIXED.includes(f)) : [...fields];
}

/** A note for the fields of a step the built-in profile fixes, shown beside the editor. */
export function fixedNote(step: StepId, profile: Pick<ProfileView, 'builtIn'>): string | undefined {
  if (profile.builtIn !== 'sandbox') return undefined;
  if (step === 'connect') return "Host and port: the built-in test server's own, chosen when it starts.";
  if (step === 'auth') return "User: the built-in test server's account (see the Test server panel).";
  return undefined;
}

/** What the inline inputs hold: the form's text inputs, the recipients as one line of text. */
export type CommandDraft = Pick<ProfileFormState, 'targetKind' | 'target' | 'port' | 'security' | 'ehloName' | 'authUser' | 'authMechanism' | 'from' | 'subject'> & {
  /** "a@example.org, b@example.org" */
  to: string;
};

export function toDraft(profile: ProfileFields): CommandDraft {
  const s = toFormState(profile);
  return {
    targetKind: s.targetKind,
    target: s.target,
    port: s.port,
    security: s.security,
    ehloName: s.ehloName,
    authUser: s.authUser,
    authMechanism: s.authMechanism,
    from: s.from,
    subject: s.subject,
    to: s.to.join(', '),
  };
}

export interface DraftValidation {
  /** The whole profile to save, when the edited fields are valid. */
  fields?: ProfileFields;
  /** Messages of the edited fields, by field. */
  errors: Partial<Record<EditableField, string>>;
  /** Problems elsewhere in the profile (only Settings can fix them). */
  other: string[];
}

/**
 * The saved profile with the edited fields of the draft applied, validated like the Settings form:
 * `validate` is its validateForm, passed in once loaded (services/profile-check.ts keeps zod off the first screen).
 */
export function validateDraft(profile: ProfileFields, draft: CommandDraft, edited: readonly EditableField[], validate: (state: ProfileFormState) => Validation): DraftValidation {
  const state = toFormState(profile);
  for (const field of edited) {
    if (field === 'to') state.to = splitRecipients([draft.to]);
    else (state as Record<EditableField, unknown>)[field] = draft[field];
  }
  const { fields, errors: all } = validate(state);
  const errors: DraftValidation['errors'] = {};
  const other: string[] = [];
  for (const [key, message] of Object.entries(all as FieldErrors)) {
    if ((edited as readonly string[]).includes(key)) errors[key as EditableField] = message;
    else other.push(message);
  }
  return fields === undefined ? { errors, other } : { fields, errors, other };
}
