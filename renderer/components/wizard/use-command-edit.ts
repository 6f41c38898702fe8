/**
 * The inline editor of a step's command: Edit opens a draft of the profile fields behind the
 * command, Save writes the whole profile through the profiles store (the path the Settings form
 * uses; the password is kept), Cancel drops the draft. A changed draft counts as unsaved edits.
 */
import { computed, nextTick, ref, useId, watch } from 'vue';
import type { ComputedRef, Ref } from 'vue';
import type { ProfileView } from '../../../shared/profile.ts';
import type { StepId } from '../../../shared/steps.ts';
import { useShownErrors } from '../../composables/useShownErrors.ts';
import { useUnsavedDraft } from '../../composables/useUnsavedDraft.ts';
import { useProfilesStore } from '../../stores/profiles.ts';
import { loadProfileCheck, loadedProfileCheck } from '../../services/profile-check.ts';
import { hasBoundPassword } from '../profiles/profile-form-state.ts';
import { editableFields, toDraft, validateDraft } from './command-edit.ts';
import { commandForm } from './command-form.ts';
import type { CommandDraft, DraftValidation, EditableField } from './command-edit.ts';
import { stepCommands } from './wizard-steps.ts';

export interface CommandEditProps {
  step: StepId;
  commands: string[];
  profile: ProfileView | undefined;
  lock: string | null;
}

export interface CommandEditElements {
  /** The editor's form: its first input takes the focus on Edit. */
  form: Readonly<Ref<HTMLFormElement | null>>;
  /** The Edit button: the focus goes back to it on Save and Cancel. */
  editButton: Ref<{ $el: HTMLElement } | null>;
}

export function useCommandEdit(props: CommandEditProps, el: CommandEditElements) {
  const profiles = useProfilesStore();
  const fields = computed<EditableField[]>(() => (props.profile ? editableFields(props.step, props.profile) : []));
  const editing = ref(false);
  const draft = ref<CommandDraft | null>(null);
  const saving = ref(false);
  const saveError = ref('');
  const shown = useShownErrors();

  // null until the check is loaded (open waits for it): Save then does nothing, never saves unchecked.
  const validation: ComputedRef<DraftValidation | null> = computed(() => {
    const check = loadedProfileCheck();
    return props.profile && draft.value && check ? validateDraft(props.profile, draft.value, fields.value, check.validateForm) : null;
  });
  const shownError = (field: EditableField): string | undefined => (shown.shows(field) ? validation.value?.errors[field] : undefined);
  /** While typing: the command as it would be sent once saved. */
  const preview = computed(() => {
    const valid = validation.value?.fields;
    if (!editing.value || !valid || !props.profile) return props.commands;
    return stepCommands(props.step, { ...valid, ...(props.profile.builtIn ? { builtIn: props.profile.builtIn } : {}) });
  });
  /** Edits that would make the save forget the stored password (it is entered again in Settings). */
  const bindingEdits = computed(() => {
    const valid = validation.value?.fields;
    const p = props.profile;
    const check = loadedProfileCheck();
    return p !== undefined && valid !== undefined && check !== undefined && hasBoundPassword(p) ? check.bindingEditLabels(p, valid) : [];
  });
  useUnsavedDraft(useId(), () => editing.value && draft.value !== null && props.profile !== undefined && JSON.stringify(draft.value) !== JSON.stringify(toDraft(props.profile)));

  async function open(): Promise<void> {
    if (!props.profile || props.lock !== null) return;
    await Promise.all([loadProfileCheck(), commandForm.load()]);
    if (!props.profile || props.lock !== null) return;
    draft.value = toDraft(props.profile);
    shown.clear();
    saveError.value = '';
    editing.value = true;
    await nextTick();
    el.form.value?.querySelector<HTMLElement>('input:not([type="hidden"]), [role="combobox"]')?.focus();
  }

  async function close(): Promise<void> {
    editing.value = false;
    draft.value = null;
    await nextTick();
    el.editButton.value?.$el.focus();
  }

  async function save(): Promise<void> {
    shown.submitted.value = true;
    const profile = props.profile;
    const valid = validation.value?.fields;
    if (!profile || valid === undefined || props.lock !== null || saving.value) return;
    if (JSON.stringify(toDraft(valid)) === JSON.stringify(toDraft(profile))) return close();
    saving.value = true;
    saveError.value = '';
    try {
      // The password is not sent (undefined keeps the stored one): it is edited in Settings only.
      const result = await profiles.save(profile.id, valid);
      if (result.ok) await close();
      else saveError.value = `Not saved: ${result.error.message}`;
    } finally {
      saving.value = false;
    }
  }

  // Another profile shown in the same component (not expected, but never save a draft into it).
  watch(
    () => props.profile?.id,
    () => {
      if (editing.value) void close();
    },
  );

  return { fields, editing, draft, saving, saveError, validation, shownError, blurred: shown.blurred, preview, bindingEdits, open, close, save };
}
