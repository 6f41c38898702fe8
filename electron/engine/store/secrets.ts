/**
 * Passwords, apart from the profiles (reliability A.15, D.43). The host provides the encryption:
 * Electron's safeStorage in the desktop app (Windows DPAPI protects from other users, not from
 * other programs of the same user), `memorySecretStore()` in browser mode and tests. Ciphertexts
 * live in secrets.json keyed by profile id (base64), each with the binding it was entered for
 * (shared/secret-binding.ts): `unlock` gives the password only to a profile whose binding is that
 * one. A password is never returned to the renderer, never exported, never logged. A missing or
 * unreadable ciphertext is not a corrupt profile: the profile loads with hasPassword false and the
 * user is asked to enter the password again. A ciphertext is decrypted only by `unlock`, when a run
 * or console needs it, never at load (on macOS every decryption may be a Keychain prompt): one
 * that cannot be decrypted is found then, and the profile shows no password from then on.
 * Another process on the same folder (the app and `smtp-probe ui`) keeps its passwords: every set
 * or delete is made under secrets.json.lock to the file as it is then.
 */
import { createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import type { StorageNotice } from '../../../shared/ipc/contract.ts';
import { bindingChanges, secretBinding, secretBindingSchema, type BindingSource, type SecretBinding } from '../../../shared/secret-binding.ts';
import { fileStamp, writeFileAtomic, type AtomicWriteOptions } from './atomic-file.ts';
import { withFileLock, withReadLock, type FileLockOptions } from './file-lock.ts';
import { serialQueue } from './serial.ts';
import { StoreError, fileTimestamp, fsErrorCode } from './store-error.ts';

/** Electron's safeStorage answers asynchronously; the memory store and test stores at once. */
type MaybePromise<T> = T | Promise<T>;

export interface SecretStore {
  /** Encryption is available (safeStorage.isAsyncEncryptionAvailable()). */
  available(): MaybePromise<boolean>;
  encrypt(plain: string): MaybePromise<Buffer>;
  decrypt(cipher: Buffer): MaybePromise<string>;
  /**
   * false: the ciphertexts are only meaningful in this process (memorySecretStore), so nothing is
   * written to disk and passwords last until the app quits. Default true.
   */
  readonly persistent?: boolean;
}

/**
 * Browser mode and tests: passwords are held in memory only and forgotten when the process ends
 * (only the desktop app persists passwords, with safeStorage). The "ciphertext" is an
 * opaque handle, so even a copy of it reveals nothing.
 */
export function memorySecretStore(): SecretStore {
  const values = new Map<string, string>();
  let next = 0;
  return {
    persistent: false,
    available: () => true,
    encrypt(plain) {
      const handle = `memory-secret-${++next}`;
      values.set(handle, plain);
      return Buffer.from(handle, 'utf8');
    },
    decrypt(cipher) {
      const value = values.get(cipher.toString('utf8'));
      if (value === undefined) throw new Error('unknown secret handle');
      return value;
    },
  };
}

export const SECRETS_FILE = 'secrets.json';

/** The binding a profile's password is stored with and checked against (the pinned CA as SHA-256). */
export function profileBinding(profile: BindingSource): SecretBinding {
  return secretBinding(profile, (pem) => `sha256:${createHash('sha256').update(pem, 'utf8').digest('hex')}`);
}

const cipherSchema = z.string().max(1_000_000);
const secretsFileSchema = z.union([
  z.object({ schemaVersion: z.literal(2), secrets: z.record(z.string().uuid(), z.object({ cipher: cipherSchema, binding: secretBindingSchema })) }),
  // Before bindings: a ciphertext per profile, bound by bindLegacy() when the service opens the stores.
  z.object({ schemaVersion: z.literal(1), secrets: z.record(z.string().uuid(), cipherSchema) }),
]);

/** A ciphertext and where it may go; no binding only for a version-1 secret not yet bound. */
interface Entry {
  cipher: string;
  binding?: SecretBinding;
}

/** What a profile with this binding gets: its password, nothing stored, or a password saved for elsewhere. */
export type Unlocked = { status: 'ok'; password: string } | { status: 'none' } | { status: 'rebound'; saved: SecretBinding };

export interface SecretVaultOptions {
  dataDir: string;
  store: SecretStore;
  clock?: () => Date;
  atomic?: AtomicWriteOptions;
  lock?: FileLockOptions;
}

/** secrets.json as read: its entries, or why there are none. */
type SecretsFile = { kind: 'ok'; secrets: Map<string, Entry> } | { kind: 'missing' } | { kind: 'damaged' } | { kind: 'unreadable'; code: string };


export class SecretVault {
  readonly notices: StorageNotice[] = [];
  /** profile id -> base64 ciphertext and binding, as in secrets.json. */
  private entries = new Map<string, Entry>();
  /** Ids whose ciphertext could not be decrypted when a run asked (another account, another machine). */
  private unreadable = new Set<string>();
  private readonly file: string;
  private readonly serial = serialQueue();
  /** fileStamp() of secrets.json when this process last read or wrote it. */
  private stamp: string | undefined;
  /** store.available(), asked once at open (the encryptor does not come and go while the app runs). */
  private canEncrypt = false;

  private constructor(private readonly o: SecretVaultOptions) {
    this.file = path.join(o.dataDir, SECRETS_FILE);
  }

  static async open(options: SecretVaultOptions): Promise<SecretVault> {
    const vault = new SecretVault(options);
    vault.canEncrypt = await options.store.available();
    if (options.store.persistent !== false) await vault.load();
    return vault;
  }

  available(): boolean {
    return this.canEncrypt;
  }

  /** A password is stored and bound, and no attempt to decrypt it has failed. */
  has(profileId: string): boolean {
    return this.entries.get(profileId)?.binding !== undefined && !this.unreadable.has(profileId);
  }

  /** The binding stored with the password, if any. */
  binding(profileId: string): SecretBinding | undefined {
    return this.has(profileId) ? this.entries.get(profileId)?.binding : undefined;
  }

  /** Whether a profile with binding `now` may use the stored password, without decrypting it. */
  usableFor(profileId: string, now: SecretBinding): boolean {
    const saved = this.binding(profileId);
    return saved !== undefined && bindingChanges(saved, now).length === 0;
  }

  /** The password for the engine only (AUTH), and only for the binding it was entered for. */
  async unlock(profileId: string, now: SecretBinding): Promise<Unlocked> {
    const entry = this.entries.get(profileId);
    if (entry?.binding === undefined || this.unreadable.has(profileId)) return { status: 'none' };
    if (bindingChanges(entry.binding, now).length > 0) return { status: 'rebound', saved: entry.binding };
    try {
      if (!this.canEncrypt) throw new Error('no encryption');
      return { status: 'ok', password: await this.o.store.decrypt(Buffer.from(entry.cipher, 'base64')) };
    } catch {
      // Unless the file changed meanwhile (adopt() keeps the mark only for the same ciphertext).
      if (this.entries.get(profileId)?.cipher === entry.cipher) this.unreadable.add(profileId);
      return { status: 'none' };
    }
  }

  async set(profileId: string, password: string, binding: SecretBinding): Promise<void> {
    if (!this.canEncrypt) throw new StoreError('ESECRETS', 'Passwords cannot be stored on this system (no encryption available); enter the password when you run instead');
    let cipher: string;
    try {
      cipher = (await this.o.store.encrypt(password)).toString('base64');
    } catch {
      throw new StoreError('ESECRETS', 'The password could not be encrypted');
    }
    await this.update((entries) => entries.set(profileId, { cipher, binding }));
  }

  delete(profileId: string): Promise<void> {
    return this.update((entries) => entries.delete(profileId));
  }

  /**
   * A deleted profile's password goes with it, also from secrets.json when this process keeps its
   * own passwords in memory (browser mode on the desktop app's folder): nothing else could remove it.
   */
  async forgetProfile(profileId: string): Promise<void> {
    await this.delete(profileId);
    if (this.o.store.persistent !== false) return;
    await this.serial(() =>
      withFileLock(
        this.file,
        async () => {
          const file = await this.readFile();
          if (file.kind !== 'ok' || !file.secrets.delete(profileId)) return;
          await this.writeEntries(file.secrets);
        },
        this.o.lock,
      ),
    );
  }

  /**
   * Version-1 secrets were saved before bindings existed: the best record of where the user meant
   * each to go is its profile as it is now, so each is bound to that once, and written as version 2.
   * A secret without a profile stays unbound, is never used, and is left out of the next write.
   */
  async bindLegacy(bindingOf: (profileId: string) => SecretBinding | undefined): Promise<void> {
    const bind = (entries: Map<string, Entry>) => {
      for (const [id, entry] of entries) {
        const binding = entry.binding === undefined ? bindingOf(id) : undefined;
        if (binding !== undefined) entries.set(id, { cipher: entry.cipher, binding });
      }
    };
    if (![...this.entries.values()].some((e) => e.binding === undefined)) return;
    // A read-only folder keeps version 1 on disk: bound in memory now, and again at the next launch.
    await this.update(bind).catch(() =>
      this.serial(async () => {
        const next = new Map(this.entries);
        bind(next);
        this.adopt(next);
      }),
    );
  }

  /** Picks up other processes' changes: one stat when nothing changed, a re-read when it did. */
  refresh(): Promise<void> {
    return this.serial(async () => {
      if (this.o.store.persistent === false) return;
      const stamp = await fileStamp(this.file);
      if (stamp === this.stamp) return;
      const file = await this.readFile();
      // A damaged file is left for the next write, which sets it aside under the lock.
      if (file.kind === 'ok') this.adopt(file.secrets);
      if (file.kind === 'ok' || file.kind === 'missing') this.stamp = stamp;
    });
  }

  /** Applies one change to secrets.json as it is now (under the lock), so other processes' passwords stay. */
  private update(change: (entries: Map<string, Entry>) => void): Promise<void> {
    return this.serial(async () => {
      if (this.o.store.persistent === false) {
        const next = new Map(this.entries);
        change(next);
        return this.adopt(next);
      }
      await withFileLock(this.file, () => this.updateNow(change), this.o.lock);
    });
  }

  private async updateNow(change: (entries: Map<string, Entry>) => void): Promise<void> {
    const file = await this.readFile();
    // Unreadable now (permissions changed): writing would replace what another process saved.
    if (file.kind === 'unreadable') throw new StoreError('ESTORAGE', `secrets.json could not be read (${file.code}); nothing was saved`);
    if (file.kind === 'ok') this.adopt(file.secrets);
    // Damaged by another program: kept aside, and this process's passwords are written.
    if (file.kind === 'damaged') this.notices.push(await this.setAside());
    const next = new Map(this.entries);
    change(next);
    // A version-1 secret no profile claimed stays unbound and is not written: nothing could use it.
    await this.writeEntries(new Map([...next].filter(([, e]) => e.binding !== undefined)));
    this.adopt(next);
  }

  /** Writes `entries` as secrets.json: version 1 when they are a version-1 file's (none bound yet), else 2. */
  private async writeEntries(entries: Map<string, Entry>): Promise<void> {
    const legacy = [...entries.values()].some((e) => e.binding === undefined);
    const secrets = Object.fromEntries([...entries].map(([id, e]) => [id, legacy ? e.cipher : e]));
    const text = `${JSON.stringify({ schemaVersion: legacy ? 1 : 2, secrets }, null, 2)}\n`;
    try {
      await writeFileAtomic(this.file, text, this.o.atomic);
    } catch (err) {
      throw new StoreError('ESTORAGE', `secrets.json could not be written (${fsErrorCode(err) ?? 'error'})`);
    }
    this.stamp = await fileStamp(this.file);
  }

  /** Takes `entries` as the current ones; nothing is decrypted, a new or changed ciphertext gets its chance at unlock. */
  private adopt(entries: Map<string, Entry>): void {
    this.unreadable = new Set([...this.unreadable].filter((id) => entries.get(id)?.cipher === this.entries.get(id)?.cipher));
    this.entries = entries;
  }

  private async readFile(): Promise<SecretsFile> {
    let raw: string;
    try {
      raw = await fsp.readFile(this.file, 'utf8');
    } catch (err) {
      return fsErrorCode(err) === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', code: fsErrorCode(err) ?? 'error' };
    }
    try {
      const r = secretsFileSchema.safeParse(JSON.parse(raw));
      if (!r.success) return { kind: 'damaged' };
      const entries = Object.entries<string | Entry>(r.data.secrets).map(([id, e]): [string, Entry] => [id, typeof e === 'string' ? { cipher: e } : e]);
      return { kind: 'ok', secrets: new Map(entries) };
    } catch {
      return { kind: 'damaged' };
    }
  }

  /** Moves a damaged secrets.json aside (never deletes it) and says so. */
  private async setAside(): Promise<StorageNotice> {
    const aside = `secrets.corrupt-${fileTimestamp(this.o.clock?.() ?? new Date())}.json`;
    const kept = await fsp.rename(this.file, path.join(this.o.dataDir, aside)).then(
      () => `kept as ${aside}`,
      (err: unknown) => `it could not be set aside (${fsErrorCode(err) ?? 'error'})`,
    );
    return { kind: 'secrets-unreadable', message: `Saved passwords could not be read (the file is damaged; ${kept}); re-enter them in the profiles that need one.` };
  }

  /** Under the lock: a file another process is replacing is never judged damaged and moved aside. */
  private load(): Promise<void> {
    return withReadLock(this.file, () => this.loadNow(), this.o.lock);
  }

  private async loadNow(): Promise<void> {
    this.stamp = await fileStamp(this.file);
    const file = await this.readFile();
    if (file.kind === 'missing') return;
    if (file.kind === 'unreadable') {
      this.notices.push({ kind: 'secrets-unreadable', message: `Saved passwords could not be read (${file.code}); re-enter them in the profiles that need one.` });
      return;
    }
    // Kept aside, never deleted; the profiles load without passwords.
    if (file.kind === 'damaged') {
      this.notices.push(await this.setAside());
      return;
    }
    this.adopt(file.secrets);
  }
}
