/**
 * profiles.json in the data folder (reliability D.39-D.42): schema-versioned, written atomically,
 * three rotating backups, migrations, recovery of a corrupt file from the newest valid backup,
 * and read-only mode for a file written by a newer version. Nothing the user saved is lost
 * silently: every recovery leaves the damaged file beside the others and a notice for the user, and
 * across processes (the app and `smtp-probe ui` on one folder) every change is made under
 * profiles.json.lock to the file as it is then: saves of different profiles all land, and a save of
 * a profile another process changed since this one read it is refused with ECHANGED. A read-only
 * command (`check --profile`) uses readProfiles instead, which never writes.
 */
import { randomUUID } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { StorageNotice } from '../../../shared/ipc/contract.ts';
import { PROFILE_SCHEMA_VERSION, profileSchema, profilesFileSchema } from '../../../shared/profile.ts';
import type { Profile } from '../../../shared/profile.ts';
import { fileStamp, removeStaleTemps, renameWithRetry, writeFileAtomic, type AtomicWriteOptions } from './atomic-file.ts';
import { WINDOW_STATE_FILE, secureDataDir } from './data-dir.ts';
import { withFileLock, withReadLock, type FileLockOptions } from './file-lock.ts';
import { WELCOME_MESSAGE, sandboxProfile } from './first-launch-profile.ts';
import { MigrationError, migrateProfilesDoc, schemaVersionOf } from './profile-migrations.ts';
import { RUNS_DIR } from './runs-store.ts';
import { SECRETS_FILE } from './secrets.ts';
import { serialQueue } from './serial.ts';
import { SETTINGS_FILE } from './settings-store.ts';
import { StoreError, fileTimestamp, fsErrorCode } from './store-error.ts';

export const PROFILES_FILE = 'profiles.json';
export const BACKUP_GENERATIONS = 3;
export const backupName = (n: number) => `${PROFILES_FILE}.bak${n}`;
/** The next backup while it is written, before the generations move up. */
const STAGED_BACKUP = `${PROFILES_FILE}.bak-next`;
/** The files written atomically in the data folder itself. */
const TOP_LEVEL_FILES = new Set([PROFILES_FILE, STAGED_BACKUP, SECRETS_FILE, SETTINGS_FILE, WINDOW_STATE_FILE]);

export interface ProfilesStoreOptions {
  dataDir: string;
  clock?: () => Date;
  newId?: () => string;
  /** Passed to every atomic write (tests inject a failing file system here). */
  atomic?: AtomicWriteOptions;
  lock?: FileLockOptions;
}

export const CHANGED_MESSAGE = 'This profile was changed in another window or process: reload it, then save again. Nothing was saved.';
export const DELETED_MESSAGE = 'This profile was deleted in another window or process; nothing was saved.';

type Candidate = { ok: true; profiles: Profile[]; from: number } | { ok: false; reason: string; newer?: number };
/** A list change made under the lock to the file as it is then: `before` is this process's view. */
type Change = (fresh: Profile[], before: Profile[]) => Profile[] | undefined;

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || 'file'}: ${issue.message}` : 'schema check failed';
}

/**
 * Saves killed mid-way (SIGKILL, power loss) leave their temporary file behind; the app's own
 * (profiles, secrets, settings, window state, runs) are removed once stale, whoever left them.
 * Only the service (desktop app, browser mode) calls this, when it first opens the folder:
 * `check --profile` reads profiles with readProfiles, which changes nothing.
 */
export async function removeStaleSaveTemps(dataDir: string): Promise<void> {
  // The real time, not an injected clock: it is compared with the files' mtimes.
  const now = Date.now();
  await removeStaleTemps(dataDir, (name) => TOP_LEVEL_FILES.has(name), now);
  const runs = path.join(dataDir, RUNS_DIR);
  const folders = await fsp.readdir(runs).catch(() => [] as string[]);
  for (const folder of folders) await removeStaleTemps(path.join(runs, folder), (name) => name.endsWith('.json'), now);
}

/** Parses, migrates (in memory) and validates one file's text. */
function parseProfilesText(raw: string, ctx: { now: () => string; newId: () => string }): Candidate {
  if (raw.includes('\0')) return { ok: false, reason: 'the file contains NUL bytes (typical after a power loss)' };
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    return { ok: false, reason: raw.trim() === '' ? 'the file is empty' : 'the file is not valid JSON (truncated?)' };
  }
  const version = schemaVersionOf(doc);
  if (version !== undefined && version > PROFILE_SCHEMA_VERSION) return { ok: false, reason: 'newer version', newer: version };
  try {
    const migrated = migrateProfilesDoc(doc, { now: ctx.now(), newId: ctx.newId });
    const checked = profilesFileSchema.safeParse(migrated.doc);
    if (!checked.success) return { ok: false, reason: `the file does not match the profile schema (${firstIssue(checked.error)})` };
    return { ok: true, profiles: checked.data.profiles, from: migrated.from };
  } catch (err) {
    if (err instanceof MigrationError) return { ok: false, reason: err.message };
    throw err;
  }
}

/** What this version understands of a file a newer version wrote: its profiles that fit today's schema. */
function understoodProfiles(raw: string): Profile[] {
  const doc = JSON.parse(raw) as { profiles?: unknown };
  const list = Array.isArray(doc.profiles) ? doc.profiles : [];
  return list.flatMap((p) => {
    const r = profileSchema.safeParse(p);
    return r.success ? [r.data] : [];
  });
}

/**
 * The saved profiles for a read-only command (`check --profile`): nothing in the folder is created,
 * locked, re-permissioned, migrated or set aside, since the app may be writing it (its saves
 * replace the file by rename, so this read sees one whole version). An older format is migrated in
 * memory only; a file from a newer version gives what this version understands of it, as the app
 * shows it. A missing folder or file, or one that cannot be read or used, throws ESTORAGE naming it.
 */
export async function readProfiles(dataDir: string): Promise<Profile[]> {
  const file = path.join(dataDir, PROFILES_FILE);
  let raw: string;
  try {
    raw = await fsp.readFile(file, 'utf8');
  } catch (err) {
    throw new StoreError('ESTORAGE', await unreadableMessage(dataDir, file, err));
  }
  const c = parseProfilesText(raw, { now: () => new Date().toISOString(), newId: randomUUID });
  if (c.ok) return c.profiles;
  if (c.newer !== undefined) return understoodProfiles(raw);
  throw new StoreError('ESTORAGE', `${file} cannot be used: ${c.reason}. It was left as it is: the app sets it aside when it next starts, and restores your profiles from its newest valid backup if there is one.`);
}

async function unreadableMessage(dataDir: string, file: string, err: unknown): Promise<string> {
  const code = fsErrorCode(err);
  if (code !== 'ENOENT') return `${file} could not be read (${code ?? 'error'})`;
  const folder = await fsp.stat(dataDir).catch(() => undefined);
  if (folder === undefined) return `the data folder ${dataDir} does not exist: no profiles are saved there (give the app's folder with --data-dir)`;
  return `no profiles are saved in ${dataDir}: it has no ${PROFILES_FILE} (save a profile in the app first, or give the app's folder with --data-dir)`;
}

export class ProfilesStore {
  readonly notices: StorageNotice[] = [];
  private profiles: Profile[] = [];
  private readOnlyReason: string | undefined;
  /** The exact text of the live file when it was last known valid: what the next rotation backs up. */
  private lastValidRaw: string | undefined;
  /** fileStamp() of profiles.json when this process last read or wrote it. */
  private stamp: string | undefined;
  private readonly file: string;
  private readonly serial = serialQueue();

  private constructor(private readonly o: ProfilesStoreOptions) {
    this.file = path.join(o.dataDir, PROFILES_FILE);
  }

  static async open(options: ProfilesStoreOptions): Promise<ProfilesStore> {
    const store = new ProfilesStore(options);
    await store.load();
    return store;
  }

  get readOnly(): boolean {
    return this.readOnlyReason !== undefined;
  }

  list(): Profile[] {
    return this.profiles.map((p) => structuredClone(p));
  }

  get(id: string): Profile | undefined {
    const p = this.profiles.find((x) => x.id === id);
    return p ? structuredClone(p) : undefined;
  }

  /**
   * Inserts or replaces one profile (by id) and writes the file. Refused with ECHANGED when the
   * profile on disk is not the one this process last read, or its updatedAt is not
   * `expectedUpdatedAt` (the version the caller's edit started from).
   */
  put(profile: Profile, expectedUpdatedAt?: string): Promise<void> {
    return this.write((fresh, before) => {
      assertUnchanged(fresh, before, profile.id, expectedUpdatedAt);
      return fresh.some((p) => p.id === profile.id) ? fresh.map((p) => (p.id === profile.id ? profile : p)) : [...fresh, profile];
    });
  }

  /** Adds new profiles (new ids: nothing to conflict with). */
  putMany(profiles: Profile[]): Promise<void> {
    return this.write((fresh) => [...fresh, ...profiles]);
  }

  remove(id: string): Promise<void> {
    return this.write((fresh, before) => {
      if (fresh.some((p) => p.id === id)) return fresh.filter((p) => p.id !== id);
      // Deleted in another process too: the user's wish holds, nothing to write.
      if (before.some((p) => p.id === id)) return undefined;
      throw new StoreError('ENOTFOUND', 'No such profile');
    });
  }

  /** Picks up other processes' saves: one stat when nothing changed, a re-read when it did. */
  refresh(): Promise<void> {
    return this.serial(async () => {
      if (this.readOnlyReason !== undefined) return;
      const stamp = await fileStamp(this.file);
      if (stamp === undefined || stamp === this.stamp) return;
      const raw = await this.readText(this.file).catch(() => undefined);
      if (raw === undefined) return;
      const c = raw === this.lastValidRaw ? undefined : this.candidate(raw);
      if (c?.ok === false && c.newer !== undefined) this.enterReadOnly(raw, c.newer);
      // A damaged file is left for the next save, which sets it aside under the lock.
      if (c?.ok === false) return;
      if (c) this.adopt(raw, c.profiles);
      this.stamp = stamp;
    });
  }

  private write(change: Change): Promise<void> {
    return this.serial(async () => {
      if (this.readOnlyReason !== undefined) throw new StoreError('EREADONLY', this.readOnlyReason);
      await withFileLock(
        this.file,
        async () => {
          const before = this.profiles;
          const next = change(await this.readFresh(), before);
          if (next !== undefined) await this.persist(next);
        },
        this.o.lock,
      );
    });
  }

  /**
   * profiles.json as it is now (under the lock), adopted as this process's view. A missing file is
   * written anew from the view; a damaged one is set aside first, as at start.
   */
  private async readFresh(): Promise<Profile[]> {
    const stamp = await fileStamp(this.file);
    // Unreadable now (permissions changed): writing would replace what another process saved.
    const raw = await this.readText(this.file).catch((err: unknown) => {
      throw new StoreError('ESTORAGE', `profiles.json could not be read (${fsErrorCode(err) ?? 'error'}); nothing was saved`);
    });
    if (raw === undefined || raw === this.lastValidRaw) return this.profiles;
    const c = this.candidate(raw);
    if (c.ok) {
      this.adopt(raw, c.profiles);
      this.stamp = stamp;
      return c.profiles;
    }
    if (c.newer !== undefined) {
      this.enterReadOnly(raw, c.newer);
      throw new StoreError('EREADONLY', this.readOnlyReason ?? 'read-only');
    }
    const aside = await this.setAside();
    this.notice('recovered-from-backup', `profiles.json was damaged by another program (${c.reason}). It was kept as ${aside} and written again from the profiles shown here.`);
    return this.profiles;
  }

  private adopt(raw: string, profiles: Profile[]): void {
    this.profiles = profiles;
    this.lastValidRaw = raw;
  }

  private now(): Date {
    return this.o.clock?.() ?? new Date();
  }

  private newId(): string {
    return this.o.newId?.() ?? randomUUID();
  }

  private notice(kind: StorageNotice['kind'], message: string): void {
    this.notices.push({ kind, message });
  }

  private async persist(profiles: Profile[]): Promise<void> {
    if (this.readOnlyReason !== undefined) throw new StoreError('EREADONLY', this.readOnlyReason);
    const checked = profilesFileSchema.safeParse({ schemaVersion: PROFILE_SCHEMA_VERSION, profiles });
    if (!checked.success) throw new StoreError('EINVALID', `The profiles could not be saved: ${firstIssue(checked.error)}`);
    const text = `${JSON.stringify(checked.data, null, 2)}\n`;
    try {
      // D.42: only a file known to be valid is rotated into the backups.
      if (this.lastValidRaw !== undefined) await this.rotateBackups(this.lastValidRaw);
      await writeFileAtomic(this.file, text, this.o.atomic);
    } catch (err) {
      throw new StoreError('ESTORAGE', `profiles.json could not be written (${fsErrorCode(err) ?? 'error'}); your changes are kept in memory until the next save`);
    }
    this.lastValidRaw = text;
    this.profiles = checked.data.profiles;
    this.stamp = await fileStamp(this.file);
  }

  private async rotateBackups(content: string): Promise<void> {
    const newest = path.join(this.o.dataDir, backupName(1));
    // Already the newest backup (a save that failed after its rotation): rotating again would push
    // an older generation out for a copy.
    if ((await fsp.readFile(newest, 'utf8').catch(() => undefined)) === content) return;
    // Written in full before any generation moves, so a full disk rotates nothing.
    const staged = path.join(this.o.dataDir, STAGED_BACKUP);
    await writeFileAtomic(staged, content, this.o.atomic);
    for (let n = BACKUP_GENERATIONS - 1; n >= 1; n--) {
      const from = path.join(this.o.dataDir, backupName(n));
      await renameWithRetry(from, path.join(this.o.dataDir, backupName(n + 1)), this.o.atomic).catch((err: unknown) => {
        if (fsErrorCode(err) !== 'ENOENT') throw err;
      });
    }
    await renameWithRetry(staged, newest, this.o.atomic);
  }

  private candidate(raw: string): Candidate {
    return parseProfilesText(raw, { now: () => this.now().toISOString(), newId: () => this.newId() });
  }

  private async readText(file: string): Promise<string | undefined> {
    try {
      return await fsp.readFile(file, 'utf8');
    } catch (err) {
      if (fsErrorCode(err) === 'ENOENT') return undefined;
      throw err;
    }
  }

  private async load(): Promise<void> {
    await secureDataDir(this.o.dataDir);
    // Under the lock: two processes starting on an empty folder must not both write a first file.
    await withReadLock(this.file, () => this.loadNow(), this.o.lock);
  }

  private async loadNow(): Promise<void> {
    this.stamp = await fileStamp(this.file);
    let raw: string | undefined;
    try {
      raw = await this.readText(this.file);
    } catch (err) {
      this.readOnlyReason = `profiles.json could not be read (${fsErrorCode(err) ?? 'error'}); nothing is written until the app is restarted with access to it`;
      this.notice('read-only', this.readOnlyReason);
      return;
    }
    if (raw === undefined) return this.loadWithoutLiveFile();
    const c = this.candidate(raw);
    if (c.ok) {
      this.adopt(raw, c.profiles);
      // D.41: an older schema's original goes into the backups before the migrated file replaces it.
      if (c.from !== PROFILE_SCHEMA_VERSION) await this.persist(c.profiles);
      return;
    }
    if (c.newer !== undefined) return this.enterReadOnly(raw, c.newer);
    await this.recoverFromCorrupt(c.reason);
  }

  private enterReadOnly(raw: string, version: number): void {
    this.readOnlyReason = `profiles.json was written by a newer version of SMTP Probe (schema ${version}); it is shown read-only and left untouched. Update the app to edit your profiles.`;
    this.notice('read-only', this.readOnlyReason);
    this.profiles = understoodProfiles(raw);
  }

  /** The newest backup that parses, migrates and validates. */
  private async newestValidBackup(): Promise<{ n: number; profiles: Profile[] } | undefined> {
    for (let n = 1; n <= BACKUP_GENERATIONS; n++) {
      const raw = await this.readText(path.join(this.o.dataDir, backupName(n))).catch(() => undefined);
      if (raw === undefined) continue;
      const c = this.candidate(raw);
      if (c.ok) return { n, profiles: c.profiles };
    }
    return undefined;
  }

  private async recoverFromCorrupt(reason: string): Promise<void> {
    const aside = await this.setAside();
    const backup = await this.newestValidBackup();
    if (backup) {
      this.profiles = backup.profiles;
      // Written without rotating: the backups keep the user's data as it was (D.42).
      await this.persist(backup.profiles);
      this.notice('recovered-from-backup', `profiles.json could not be read (${reason}). It was kept as ${aside} and your profiles were restored from backup ${backupName(backup.n)}.`);
      return;
    }
    // Nothing valid to restore: start with the test server profile in memory only, so the damaged
    // file and any backups stay as they are until the user saves.
    this.profiles = [sandboxProfile(this.newId(), this.now().toISOString())];
    this.notice('recovered-from-backup', `profiles.json could not be read (${reason}) and no backup was usable. It was kept as ${aside}; nothing was deleted.`);
  }

  private async loadWithoutLiveFile(): Promise<void> {
    const backup = await this.newestValidBackup();
    if (backup) {
      await this.persist(backup.profiles);
      this.notice('recovered-from-backup', `profiles.json was missing; your profiles were restored from backup ${backupName(backup.n)}.`);
      return;
    }
    await this.persist([sandboxProfile(this.newId(), this.now().toISOString())]);
    this.notice('first-launch', WELCOME_MESSAGE);
  }

  /** Renames the damaged live file to profiles.corrupt-<timestamp>.json and returns that name. */
  private async setAside(): Promise<string> {
    const stamp = fileTimestamp(this.now());
    for (let i = 0; ; i++) {
      const name = `profiles.corrupt-${stamp}${i === 0 ? '' : `-${i}`}.json`;
      const target = path.join(this.o.dataDir, name);
      const exists = await fsp.access(target).then(
        () => true,
        () => false,
      );
      if (exists) continue;
      await renameWithRetry(this.file, target, this.o.atomic);
      return name;
    }
  }
}

/** The change is made to the version this process and the caller last saw, or refused: never a silent overwrite. */
function assertUnchanged(fresh: Profile[], before: Profile[], id: string, expectedUpdatedAt: string | undefined): void {
  const onDisk = fresh.find((p) => p.id === id);
  const seen = before.find((p) => p.id === id);
  if (onDisk === undefined) {
    if (seen === undefined && expectedUpdatedAt === undefined) return; // a new profile
    throw new StoreError('ENOTFOUND', DELETED_MESSAGE, 'id');
  }
  // Compared as JSON: a key holding undefined in memory is absent in the file.
  const same = seen !== undefined && isDeepStrictEqual(JSON.parse(JSON.stringify(seen)), JSON.parse(JSON.stringify(onDisk)));
  if (!same || (expectedUpdatedAt !== undefined && onDisk.updatedAt !== expectedUpdatedAt)) throw new StoreError('ECHANGED', CHANGED_MESSAGE, 'id');
}
