/**
 * The service's shared state: the stores (opened once, on first use, so a host can create the
 * table before the data folder is reachable) and the notices from loading them. Every use re-reads
 * what another process (the app and `smtp-probe ui` on one folder) saved meanwhile: one stat per
 * file when nothing changed.
 */
import type { StorageNotice } from '../../../shared/ipc/contract.ts';
import { ProfilesStore, removeStaleSaveTemps } from '../store/profiles-store.ts';
import { RunsStore } from '../store/runs-store.ts';
import { SecretVault, profileBinding } from '../store/secrets.ts';
import { WELCOME_MESSAGE } from '../store/first-launch-profile.ts';
import { SettingsStore } from '../store/settings-store.ts';
import { StoreError, fsErrorCode } from '../store/store-error.ts';
import type { ServiceDeps } from './service-deps.ts';

export interface Stores {
  profiles: ProfilesStore;
  secrets: SecretVault;
  runs: RunsStore;
  settings: SettingsStore;
  notices: StorageNotice[];
}

/**
 * The notices to show now: loading problems as they came, and the welcome while the built-in
 * profile exists and the user has not dismissed it for good (settings.json), on every start.
 */
export async function shownNotices(s: Stores): Promise<StorageNotice[]> {
  const others = s.notices.filter((n) => n.kind !== 'first-launch');
  const { welcomeDismissed } = await s.settings.read();
  const welcome = welcomeDismissed !== true && s.profiles.list().some((p) => p.builtIn === 'sandbox');
  return welcome ? [{ kind: 'first-launch', message: WELCOME_MESSAGE }, ...others] : others;
}

export function storesOpener(deps: ServiceDeps): () => Promise<Stores> {
  let opening: Promise<Stores> | undefined;
  const open = async (): Promise<Stores> => {
    const clock = deps.clock ? { clock: deps.clock } : {};
    let profiles: ProfilesStore;
    try {
      profiles = await ProfilesStore.open({ dataDir: deps.dataDir, ...clock });
      // Here, not in ProfilesStore.open: see removeStaleSaveTemps.
      await removeStaleSaveTemps(deps.dataDir);
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
    return { profiles, secrets, runs: new RunsStore({ dataDir: deps.dataDir }), settings: new SettingsStore(deps.dataDir), notices };
  };
  // Notices after the open (a refresh, a save that met a damaged file) go out on the next use.
  const emitted = { profiles: 0, secrets: 0 };
  const fresh = async (s: Stores): Promise<Stores> => {
    await Promise.all([s.profiles.refresh(), s.secrets.refresh()]);
    const news = [...s.profiles.notices.slice(emitted.profiles), ...s.secrets.notices.slice(emitted.secrets)];
    // A welcome dismissed for good stays away even when profiles.json is created again.
    const welcomeGone = news.some((n) => n.kind === 'first-launch') && (await s.settings.read()).welcomeDismissed === true;
    for (const n of news) if (!(welcomeGone && n.kind === 'first-launch')) deps.emit('storage/notice', n);
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
