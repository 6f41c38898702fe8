/**
 * Saved server profiles: the list, the selection, search, and every change through the API
 * (profiles/list, save, duplicate, delete, import, export). No password is kept in this store: a
 * save passes the typed `password` straight on to the API (undefined = keep, null = forget, string =
 * store) and keeps only the `hasPassword` it gets back.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ProfileFields, ProfileView } from '../../shared/profile.ts';
import { emptyProfileFields } from '../../shared/profile.ts';
import type { InvokeOutputs } from '../../shared/ipc/contract.ts';
import type { IpcError, Result } from '../../shared/ipc/result.ts';
import { api } from '../services/api.ts';

export type ProfilesStatus = 'idle' | 'loading' | 'ready' | 'error';

/** "New profile", "New profile 2", … : the first name not taken. */
export function uniqueName(base: string, taken: readonly string[]): string {
  const names = new Set(taken.map((n) => n.toLowerCase()));
  if (!names.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base} ${i}`;
    if (!names.has(candidate.toLowerCase())) return candidate;
  }
}

function byName(a: ProfileView, b: ProfileView): number {
  if ((a.builtIn !== undefined) !== (b.builtIn !== undefined)) return a.builtIn !== undefined ? -1 : 1;
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
}

export const useProfilesStore = defineStore('profiles', () => {
  const profiles = ref<ProfileView[]>([]);
  const selectedId = ref<string | undefined>();
  const search = ref('');
  const status = ref<ProfilesStatus>('idle');
  const lastError = ref<IpcError | undefined>();
  /** Set by the profile form while it holds edits not yet saved (the switch guard reads it). */
  const dirty = ref(false);
  /** Editors holding a changed draft, by editor id: the wizard's inline commands, the console's DATA message. */
  const drafts = ref(new Set<string>());
  /** Anything typed and not saved: the Settings form's edits or a draft (switch and close guards). */
  const hasUnsavedEdits = computed(() => dirty.value || drafts.value.size > 0);

  function markDraft(editor: string, changed: boolean): void {
    if (changed === drafts.value.has(editor)) return;
    const next = new Set(drafts.value);
    if (changed) next.add(editor);
    else next.delete(editor);
    drafts.value = next;
  }

  /** After "Discard changes": the form and every inline draft let go. */
  function discardEdits(): void {
    dirty.value = false;
    drafts.value = new Set();
  }

  const sorted = computed(() => [...profiles.value].sort(byName));
  const filtered = computed(() => {
    const q = search.value.trim().toLowerCase();
    if (q === '') return sorted.value;
    return sorted.value.filter((p) => p.name.toLowerCase().includes(q) || p.target.toLowerCase().includes(q));
  });
  const selected = computed(() => profiles.value.find((p) => p.id === selectedId.value));

  function remember<T>(result: Result<T>): Result<T> {
    lastError.value = result.ok ? undefined : result.error;
    return result;
  }

  function upsert(view: ProfileView): void {
    const i = profiles.value.findIndex((p) => p.id === view.id);
    profiles.value = i === -1 ? [...profiles.value, view] : profiles.value.map((p) => (p.id === view.id ? view : p));
  }

  /** Loads the list; with nothing selected, selects the built-in "Local test server" (first launch). */
  async function load(): Promise<Result<ProfileView[]>> {
    status.value = 'loading';
    const result = remember(await api.invoke('profiles/list', {}));
    if (!result.ok) {
      status.value = 'error';
      return result;
    }
    profiles.value = result.value;
    status.value = 'ready';
    if (selected.value === undefined) {
      const first = profiles.value.find((p) => p.builtIn === 'sandbox') ?? sorted.value[0];
      selectedId.value = first?.id;
    }
    return result;
  }

  function select(id: string | undefined): void {
    selectedId.value = id;
    dirty.value = false;
  }

  /**
   * Creates or updates a profile. `password`: undefined keeps, null forgets, a string stores.
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
    const error = lastError.value;
    await load();
    lastError.value ??= error;
  }

  async function create(): Promise<Result<ProfileView>> {
    const fields = emptyProfileFields();
    fields.name = uniqueName(fields.name, profiles.value.map((p) => p.name));
    const result = await save(undefined, fields);
    if (result.ok) select(result.value.id);
    return result;
  }

  async function duplicate(id: string): Promise<Result<ProfileView>> {
    const source = profiles.value.find((p) => p.id === id);
    const name = source === undefined ? undefined : uniqueName(`${source.name} (copy)`, profiles.value.map((p) => p.name));
    const result = remember(await api.invoke('profiles/duplicate', name === undefined ? { id } : { id, name }));
    if (result.ok) {
      upsert(result.value);
      select(result.value.id);
    }
    return result;
  }

  /** A saved profile with some fields changed, as saved now (the Settings form's unsaved edits are not part of it). */
  async function saveChanged(id: string, change: Partial<ProfileFields>): Promise<Result<ProfileView>> {
    const source = profiles.value.find((p) => p.id === id);
    if (source === undefined) return { ok: false, error: { code: 'ENOTFOUND', message: 'That profile no longer exists.' } };
    const { id: _id, createdAt: _c, updatedAt: _u, builtIn: _b, hasPassword: _h, passwordDiscarded: _d, ...fields } = source;
    return save(id, { ...fields, ...change });
  }

  function rename(id: string, name: string): Promise<Result<ProfileView>> {
    return saveChanged(id, { name });
  }

  /**
   * "Trust this certificate": the profile pins it (shared/tls-pin.ts). The pin is part of the saved
   * password's binding, so a stored password is forgotten (`passwordDiscarded` in the result).
   */
  function trustCertificate(id: string, pin: string): Promise<Result<ProfileView>> {
    return saveChanged(id, { tlsPin: pin });
  }

  async function remove(id: string): Promise<Result<{ id: string }>> {
    const result = remember(await api.invoke('profiles/delete', { id }));
    if (result.ok) {
      const wasSelected = selectedId.value === id;
      profiles.value = profiles.value.filter((p) => p.id !== id);
      if (wasSelected) select(sorted.value[0]?.id);
    }
    return result;
  }

  async function importJson(json: string): Promise<Result<InvokeOutputs['profiles/import']>> {
    const result = remember(await api.invoke('profiles/import', { json }));
    if (result.ok) for (const p of result.value.imported) upsert(p);
    return result;
  }

  /** `save`: through the desktop app's save dialog; elsewhere `saved` is undefined and the caller downloads. */
  async function exportJson(ids?: string[], save?: boolean): Promise<Result<InvokeOutputs['profiles/export']>> {
    return remember(await api.invoke('profiles/export', { ...(ids !== undefined ? { ids } : {}), ...(save !== undefined ? { save } : {}) }));
  }

  return {
    profiles,
    selectedId,
    search,
    status,
    lastError,
    dirty,
    drafts,
    hasUnsavedEdits,
    markDraft,
    discardEdits,
    sorted,
    filtered,
    selected,
    load,
    select,
    save,
    create,
    duplicate,
    rename,
    trustCertificate,
    remove,
    importJson,
    exportJson,
  };
});
