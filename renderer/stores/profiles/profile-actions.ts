/**
 * Changes of saved profiles other than the form's save: duplicate, rename, trust a certificate,
 * delete, import, export.
 * Each goes through main (which writes under the cross-process lock) and then updates the list.
 */
import type { InvokeOutputs } from '../../../shared/ipc/contract.ts';
import type { ProfileFields, ProfileView } from '../../../shared/profile.ts';
import type { Result } from '../../../shared/ipc/result.ts';
import { api } from '../../services/api.ts';
import type { useProfileList } from './profile-list.ts';

/** "New profile", "New profile 2", … : the first name not taken. */
export function uniqueName(base: string, taken: readonly string[]): string {
  const names = new Set(taken.map((n) => n.toLowerCase()));
  if (!names.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base} ${i}`;
    if (!names.has(candidate.toLowerCase())) return candidate;
  }
}

interface ActionDeps {
  list: ReturnType<typeof useProfileList>;
  save: (id: string, fields: ProfileFields) => Promise<Result<ProfileView>>;
  select: (id: string | undefined) => void;
}

export function useProfileActions({ list, save, select }: ActionDeps) {
  /** A copy under a free "(copy)" name, without the password (main never copies it). */
  async function duplicate(id: string): Promise<Result<ProfileView>> {
    const source = list.profiles.value.find((p) => p.id === id);
    const name = source === undefined ? undefined : uniqueName(`${source.name} (copy)`, list.profiles.value.map((p) => p.name));
    const result = list.remember(await api.invoke('profiles/duplicate', name === undefined ? { id } : { id, name }));
    if (result.ok) {
      list.upsert(result.value);
      select(result.value.id);
    }
    return result;
  }

  /** A saved profile with some fields changed, as saved now (the Settings form's unsaved edits are not part of it). */
  async function saveChanged(id: string, change: Partial<ProfileFields>): Promise<Result<ProfileView>> {
    const source = list.profiles.value.find((p) => p.id === id);
    if (source === undefined) return { ok: false, error: { code: 'ENOTFOUND', message: 'That profile no longer exists.' } };
    const { id: _id, createdAt: _c, updatedAt: _u, builtIn: _b, hasPassword: _h, passwordDiscarded: _d, passwordNotSaved: _n, ...fields } = source;
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
    const result = list.remember(await api.invoke('profiles/delete', { id }));
    if (result.ok) {
      const wasSelected = list.selectedId.value === id;
      list.drop(id);
      if (wasSelected) select(list.sorted.value[0]?.id);
    }
    return result;
  }

  async function importJson(json: string): Promise<Result<InvokeOutputs['profiles/import']>> {
    const result = list.remember(await api.invoke('profiles/import', { json }));
    if (result.ok) for (const p of result.value.imported) list.upsert(p);
    return result;
  }

  /** `viaDialog`: through the desktop app's save dialog; elsewhere `saved` is undefined and the caller downloads. */
  async function exportJson(ids?: string[], viaDialog?: boolean): Promise<Result<InvokeOutputs['profiles/export']>> {
    return list.remember(await api.invoke('profiles/export', { ...(ids !== undefined ? { ids } : {}), ...(viaDialog !== undefined ? { save: viaDialog } : {}) }));
  }

  return { duplicate, rename, trustCertificate, remove, importJson, exportJson };
}
