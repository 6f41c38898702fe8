/**
 * Saved server profiles: the list and selection (profiles/profile-list.ts), unsaved edits
 * (profiles/unsaved-edits.ts), the New draft (profiles/new-profile-draft.ts), the last result of
 * each (profiles/last-results.ts) and the changes of saved profiles (profiles/profile-actions.ts),
 * composed here with save and New. No password is kept in this store: a save passes the
 * typed `password` straight on to the API (undefined = keep, null = forget, string = store) and
 * keeps only the `hasPassword` it gets back.
 */
import { defineStore } from 'pinia';
import type { ProfileFields, ProfileView } from '../../shared/profile.ts';
import type { Result } from '../../shared/ipc/result.ts';
import { api } from '../services/api.ts';
import { useLastResults } from './profiles/last-results.ts';
import { useProfileActions } from './profiles/profile-actions.ts';
import { useNewProfileDraft } from './profiles/new-profile-draft.ts';
import { useProfileList } from './profiles/profile-list.ts';
import { useUnsavedEdits } from './profiles/unsaved-edits.ts';

export type { ProfilesStatus } from './profiles/profile-list.ts';
export { NEW_PROFILE_ID } from './profiles/new-profile-draft.ts';
export { uniqueName } from './profiles/profile-actions.ts';

/** A name another profile already has (names are told apart without regard to case). */
export function nameTakenBy(profiles: readonly ProfileView[], name: string, exceptId?: string): ProfileView | undefined {
  const wanted = name.trim().toLowerCase();
  return profiles.find((p) => p.id !== exceptId && p.name.trim().toLowerCase() === wanted);
}

export const useProfilesStore = defineStore('profiles', () => {
  const list = useProfileList();
  const edits = useUnsavedEdits();
  const newDraft = useNewProfileDraft();
  const results = useLastResults();
  const { profiles, selectedId, remember, upsert } = list;
  // The list's own helpers stay inside the store: every change goes through the functions below.
  const { remember: _remember, upsert: _upsert, drop: _drop, load: _load, ...listState } = list;

  /** Shows a saved profile; an open New draft is let go (the switch guard asked already). */
  function select(id: string | undefined): void {
    newDraft.closeDraft();
    selectedId.value = id;
    edits.dirty.value = false;
  }

  /** Loads the list, then the last result of each profile. */
  async function load(): Promise<Result<ProfileView[]>> {
    const result = await list.load();
    if (result.ok) void results.refreshLastResults();
    return result;
  }

  /**
   * Creates (id undefined) or updates a profile. `password`: undefined keeps, null forgets, a string stores.
   * `expectedUpdatedAt`: the version the edit started from (default: the one in the list); when
   * another window or process saved or deleted the profile since, nothing is saved (ECHANGED,
   * ENOTFOUND) and the list is reloaded so it shows what is saved now.
   */
  async function save(id: string | undefined, fields: ProfileFields, password?: string | null, expectedUpdatedAt?: string): Promise<Result<ProfileView>> {
    const expected = expectedUpdatedAt ?? profiles.value.find((p) => p.id === id)?.updatedAt;
    const input = id === undefined ? { fields, password } : { id, fields, password, ...(expected !== undefined ? { expectedUpdatedAt: expected } : {}) };
    const result = remember(await api.invoke('profiles/save', input));
    if (result.ok) upsert(result.value);
    else if (id !== undefined && (result.error.code === 'ECHANGED' || result.error.code === 'ENOTFOUND')) await reloadKeepingError();
    return result;
  }

  /** The list as saved now, while lastError still says why the save failed. */
  async function reloadKeepingError(): Promise<void> {
    const error = list.lastError.value;
    await load();
    list.lastError.value ??= error;
  }

  /** New: opens an unsaved draft; nothing is saved until the form's Save. */
  function create(): void {
    edits.dirty.value = false;
    newDraft.openDraft();
  }

  /**
   * The draft's explicit Save: the new profile is saved, then shown like any other. `beforeShown`
   * runs on the saved profile just before its form replaces the draft's.
   */
  async function saveDraft(fields: ProfileFields, password?: string | null, beforeShown?: (saved: ProfileView) => void): Promise<Result<ProfileView>> {
    const result = await save(undefined, fields, password);
    if (result.ok) {
      beforeShown?.(result.value);
      select(result.value.id);
    }
    return result;
  }

  const actions = useProfileActions({ list, save, select });

  return { ...listState, ...edits, ...newDraft, ...results, ...actions, load, select, save, create, saveDraft };
});
