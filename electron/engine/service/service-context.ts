/**
 * The service's shared state: the stores (opened once, on first use, so a host can create the
 * table before the data folder is reachable) and the notices from loading them.
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
    for (const n of notices) deps.emit('storage/notice', n);
    return { profiles, secrets, runs: new RunsStore({ dataDir: deps.dataDir }), notices };
  };
  return () => {
    // A failed open is retried on the next call (the folder may become reachable).
    opening ??= open().catch((err: unknown) => {
      opening = undefined;
      throw err;
    });
    return opening;
  };
}
