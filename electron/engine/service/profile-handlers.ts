/**
 * profiles/*: list, save, duplicate (never with the password), delete, export, import. Passwords go in, never out. A stored
 * password is bound to where it was entered for (shared/secret-binding.ts): a save that changes the
 * binding without a new password forgets it and says so (`passwordDiscarded`); a saved profile
 * whose password could not be stored or removed is still saved, and says why (`passwordNotSaved`).
 */
import { randomUUID } from 'node:crypto';
import type { Handlers } from '../../../shared/ipc/contract.ts';
import { fail, ok } from '../../../shared/ipc/result.ts';
import type { Profile, ProfileView } from '../../../shared/profile.ts';
import type { SecretBinding } from '../../../shared/secret-binding.ts';
import { exportProfiles, parseImport, uniqueName } from '../store/profile-transfer.ts';
import { profileBinding } from '../store/secrets.ts';
import { StoreError } from '../store/store-error.ts';
import type { Stores } from './service-context.ts';
import type { ServiceDeps } from './service-deps.ts';
import { profilesFileName } from './file-names.ts';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

type ProfileHandlers = Pick<Handlers, 'profiles/list' | 'profiles/save' | 'profiles/duplicate' | 'profiles/delete' | 'profiles/export' | 'profiles/import'>;

export interface ProfileHandlerDeps {
  stores: () => Promise<Stores>;
  now: () => Date;
  /** Called before a profile is deleted (its run is stopped, its consoles closed). */
  onDelete: (profileId: string) => Promise<void>;
  /** The desktop app's save dialog (ServiceDeps.saveFile). */
  saveFile?: ServiceDeps['saveFile'];
}

/**
 * updatedAt is also the version a save is based on (`expectedUpdatedAt`), so it changes with every
 * save, even two within one millisecond or under a clock set back.
 */
function nextUpdatedAt(now: Date, previous: string | undefined): string {
  const before = previous === undefined ? Number.NaN : Date.parse(previous);
  return new Date(Number.isNaN(before) || now.getTime() > before ? now.getTime() : before + 1).toISOString();
}

/** The renderer's view: the profile and whether a password it may use is there, never the password. */
export function viewOf(stores: Stores, profile: Profile, binding?: SecretBinding): ProfileView {
  // The test server's credentials come from the running server: nothing to enter.
  const hasPassword = profile.builtIn === 'sandbox' ? true : stores.secrets.usableFor(profile.id, binding ?? profileBinding(profile));
  return { ...profile, hasPassword };
}

/**
 * The password part of a save, after the profile itself was written. A refusal (encryption or
 * secrets.json) does not fail the save, whose new version the form must learn (else its next Save
 * is refused as changed elsewhere): the reason is returned for the form to show.
 */
async function savePassword(s: Stores, id: string, password: string | null | undefined, binding: SecretBinding, discarded: boolean): Promise<string | undefined> {
  const setting = typeof password === 'string' && password !== '';
  try {
    // Re-pointed without a new password: forgotten. Until then unlock() already refuses it for the new target.
    if (discarded) await s.secrets.delete(id);
    if (setting) await s.secrets.set(id, password, binding);
    else if (password === null || password === '') await s.secrets.delete(id);
    return undefined;
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    return `The profile was saved, but its password could not be ${setting ? 'stored' : 'removed'}: ${err.message}.`;
  }
}

export function profileHandlers(d: ProfileHandlerDeps): ProfileHandlers {
  return {
    'profiles/list': async () => {
      const s = await d.stores();
      return ok(s.profiles.list().map((p) => viewOf(s, p)));
    },

    'profiles/save': async ({ id, fields, password, expectedUpdatedAt }) => {
      const s = await d.stores();
      if (typeof password === 'string' && password !== '' && !s.secrets.available()) {
        return fail('ESECRETS', 'Passwords cannot be stored on this system; the profile was not saved', 'password');
      }
      const existing = id !== undefined ? s.profiles.get(id) : undefined;
      if (id !== undefined && !existing) return fail('ENOTFOUND', 'No such profile (it may have been deleted)', 'id');
      const now = nextUpdatedAt(d.now(), existing?.updatedAt);
      // The test-server profile stays one while it points at loopback; pointed elsewhere it becomes
      // an ordinary profile (its runs would otherwise still go to the built-in server).
      const keepBuiltIn = existing?.builtIn === 'sandbox' && fields.targetKind === 'host' && LOOPBACK_NAMES.includes(fields.target.toLowerCase());
      const profile: Profile = existing
        ? { ...fields, id: existing.id, createdAt: existing.createdAt, updatedAt: now, ...(keepBuiltIn ? { builtIn: 'sandbox' as const } : {}) }
        : { ...fields, id: randomUUID(), createdAt: now, updatedAt: now };
      const binding = profileBinding(profile);
      const discarded = password === undefined && s.secrets.has(profile.id) && !s.secrets.usableFor(profile.id, binding);
      // ECHANGED/ENOTFOUND (saved or deleted elsewhere) leave the password as it was too.
      await s.profiles.put(profile, expectedUpdatedAt);
      const passwordNotSaved = await savePassword(s, profile.id, password, binding, discarded);
      const view = viewOf(s, profile, binding);
      return ok({ ...view, ...(discarded ? { passwordDiscarded: true as const } : {}), ...(passwordNotSaved !== undefined ? { passwordNotSaved } : {}) });
    },

    'profiles/duplicate': async ({ id, name }) => {
      const s = await d.stores();
      const source = s.profiles.get(id);
      if (!source) return fail('ENOTFOUND', 'No such profile', 'id');
      const taken = new Set(s.profiles.list().map((p) => p.name.toLowerCase()));
      const now = d.now().toISOString();
      const copy: Profile = { ...source, id: randomUUID(), name: uniqueName(name ?? source.name, taken), createdAt: now, updatedAt: now };
      // Without the password: a copy is usually made to point elsewhere, and the password stays
      // with the server it was entered for until the user enters it for the copy (the page says so).
      await s.profiles.put(copy);
      return ok(viewOf(s, copy));
    },

    'profiles/delete': async ({ id }) => {
      const s = await d.stores();
      if (!s.profiles.get(id)) return fail('ENOTFOUND', 'No such profile', 'id');
      await d.onDelete(id);
      await s.profiles.remove(id);
      await s.secrets.forgetProfile(id);
      await s.runs.removeAll(id);
      return ok({ id });
    },

    'profiles/export': async ({ ids, save }) => {
      const s = await d.stores();
      const all = s.profiles.list();
      const chosen = ids === undefined ? all : ids.map((i) => all.find((p) => p.id === i));
      if (chosen.some((p) => p === undefined)) return fail('ENOTFOUND', 'One of the chosen profiles no longer exists', 'ids');
      const now = d.now();
      const file = { json: exportProfiles(chosen as Profile[], now), fileName: profilesFileName(now) };
      if (save !== true || !d.saveFile) return ok(file);
      const saved = await d.saveFile(file.fileName, file.json);
      return ok({ ...file, saved: saved.saved, ...(saved.path !== undefined ? { path: saved.path } : {}) });
    },

    'profiles/import': async ({ json }) => {
      const s = await d.stores();
      const parsed = parseImport(json, s.profiles.list().map((p) => p.name));
      const now = d.now().toISOString();
      const profiles: Profile[] = parsed.fields.map((f) => ({ ...f, id: randomUUID(), createdAt: now, updatedAt: now }));
      if (profiles.length > 0) await s.profiles.putMany(profiles);
      return ok({ imported: profiles.map((p) => viewOf(s, p)), skipped: parsed.skipped });
    },
  };
}
