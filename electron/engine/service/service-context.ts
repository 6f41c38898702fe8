/**
 * The service's shared state: the stores (opened once, on first use, so a host can create the
 * table before the data folder is reachable) and the notices from loading them. Every use re-reads
 * what another process (the app and `smtp-probe ui` on one folder) saved meanwhile: one stat per
 * file when nothing changed.
 */
import type { StorageNotice } from '../../../shared/ipc/contract.ts';
import { ProfilesStore } from '../store/profiles-store.ts';
import { RunsStore } from '../store/runs-store.ts';
import { SecretVault, profileBinding } from '../store/secrets.ts';
import { StoreError, fsErrorCode } from '../store/store-error.ts';
import type { ServiceDeps } from './service-deps.ts';

export interface Stores {
  profiles: ProfilesStore;
  secrets: SecretVault;
  runs: RunsStore;
  notices: StorageNotice[];
}

export function storesOpener(deps: ServiceDeps): () => Promise<Stores> {
  let opening: Promise<Stores> | undefined;
  const open = async (): Promise<Stores> => {
    const clock = deps.clock ? { clock: deps.clock } : {};
    let profiles: ProfilesStore;
    try {
      profiles = await ProfilesStore.open({ dataDir: deps.dataDir, ...clock });
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError('ESTORAGE', `The data folder could not be used (${fsErrorCode(err) ?? 'error'})`);
    }
    const secrets = await SecretVault.open({ dataDir: deps.dataDir, store: deps.secrets, ...clock });
    // secrets.json version 1 had no bindings: each password is bound to its profile as it is now.
    await secrets.bindLegacy((id) => {
      const profile = profiles.get(id);
      return profile ? profileBinding(profile) : undefined;
    });
    const notices = [...profiles.notices, ...secrets.notices];
    return { profiles, secrets, runs: new RunsStore({ dataDir: deps.dataDir }), notices };
  };
  // Notices after the open (a refresh, a save that met a damaged file) go out on the next use.
  const emitted = { profiles: 0, secrets: 0 };
  const fresh = async (s: Stores): Promise<Stores> => {
    await Promise.all([s.profiles.refresh(), s.secrets.refresh()]);
    for (const n of [...s.profiles.notices.slice(emitted.profiles), ...s.secrets.notices.slice(emitted.secrets)]) deps.emit('storage/notice', n);
    emitted.profiles = s.profiles.notices.length;
    emitted.secrets = s.secrets.notices.length;
    return s;
  };
  return async () => {
    // A failed open is retried on the next call (the folder may become reachable).
    opening ??= open().catch((err: unknown) => {
      opening = undefined;
      throw err;
    });
    return fresh(await opening);
  };
}
