/**
 * Passwords, apart from the profiles (reliability A.15, D.43). The host provides the encryption:
 * Electron's safeStorage in the desktop app (Windows DPAPI protects from other users, not from
 * other programs of the same user), `memorySecretStore()` in browser mode and tests. Ciphertexts
 * live in secrets.json keyed by profile id (base64), each with the binding it was entered for
 * (shared/secret-binding.ts): `unlock` gives the password only to a profile whose binding is that
 * one. A password is never returned to the renderer, never exported, never logged. A missing or
 * unreadable ciphertext is not a corrupt profile: the profile loads with hasPassword false and the
 * user is asked to enter the password again.
 */
import { createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { StorageNotice } from '../../../shared/ipc/contract.ts';
import { bindingChanges, secretBinding, secretBindingSchema, type BindingSource, type SecretBinding } from '../../../shared/secret-binding.ts';
import { writeFileAtomic, type AtomicWriteOptions } from './atomic-file.ts';
import { serialQueue } from './serial.ts';
import { StoreError, fileTimestamp, fsErrorCode } from './store-error.ts';

export interface SecretStore {
  /** Encryption is available (safeStorage.isEncryptionAvailable()). */
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
  /**
   * false: the ciphertexts are only meaningful in this process (memorySecretStore), so nothing is
   * written to disk and passwords last until the app quits. Default true.
   */
  readonly persistent?: boolean;
}

/**
 * Browser mode and tests: passwords are held in memory only and forgotten when the process ends
 * (other hosts than Electron do not persist passwords, DESIGN.md "Storage"). The "ciphertext" is an
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
}

export class SecretVault {
  readonly notices: StorageNotice[] = [];
  /** profile id -> base64 ciphertext and binding, as in secrets.json. */
  private entries = new Map<string, Entry>();
  /** Ids whose ciphertext could not be decrypted at load (another account, another machine). */
  private unreadable = new Set<string>();
  private readonly file: string;
  private readonly serial = serialQueue();

  private constructor(private readonly o: SecretVaultOptions) {
    this.file = path.join(o.dataDir, SECRETS_FILE);
  }

  static async open(options: SecretVaultOptions): Promise<SecretVault> {
    const vault = new SecretVault(options);
    if (options.store.persistent !== false) await vault.load();
    return vault;
  }

  available(): boolean {
    return this.o.store.available();
  }

  /** A password is stored, bound and can be decrypted. */
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
  unlock(profileId: string, now: SecretBinding): Unlocked {
    const entry = this.entries.get(profileId);
    if (entry?.binding === undefined || this.unreadable.has(profileId)) return { status: 'none' };
    if (bindingChanges(entry.binding, now).length > 0) return { status: 'rebound', saved: entry.binding };
    try {
      return { status: 'ok', password: this.o.store.decrypt(Buffer.from(entry.cipher, 'base64')) };
    } catch {
      this.unreadable.add(profileId);
      return { status: 'none' };
    }
  }

  async set(profileId: string, password: string, binding: SecretBinding): Promise<void> {
    if (!this.o.store.available()) throw new StoreError('ESECRETS', 'Passwords cannot be stored on this system (no encryption available); enter the password when you run instead');
    let cipher: string;
    try {
      cipher = this.o.store.encrypt(password).toString('base64');
    } catch {
      throw new StoreError('ESECRETS', 'The password could not be encrypted');
    }
    await this.serial(async () => {
      await this.write(new Map(this.entries).set(profileId, { cipher, binding }));
      this.unreadable.delete(profileId);
    });
  }

  /** A duplicated profile: the same ciphertext with the same binding (nothing is decrypted). */
  copy(fromId: string, toId: string): Promise<void> {
    return this.serial(async () => {
      const entry = this.entries.get(fromId);
      if (entry?.binding === undefined || this.unreadable.has(fromId)) return;
      await this.write(new Map(this.entries).set(toId, { ...entry }));
    });
  }

  delete(profileId: string): Promise<void> {
    return this.serial(async () => {
      if (!this.entries.has(profileId)) return;
      const next = new Map(this.entries);
      next.delete(profileId);
      await this.write(next);
      this.unreadable.delete(profileId);
    });
  }

  /**
   * Version-1 secrets were saved before bindings existed: the best record of where the user meant
   * each to go is its profile as it is now, so each is bound to that once, and written as version 2.
   * A secret without a profile stays unbound, is never used, and is left out of the next write.
   */
  bindLegacy(bindingOf: (profileId: string) => SecretBinding | undefined): Promise<void> {
    return this.serial(async () => {
      const next = new Map(this.entries);
      let bound = 0;
      for (const [id, entry] of next) {
        const binding = entry.binding === undefined ? bindingOf(id) : undefined;
        if (binding === undefined) continue;
        next.set(id, { cipher: entry.cipher, binding });
        bound++;
      }
      if (bound === 0) return;
      // A read-only folder keeps version 1 on disk: bound in memory now, and again at the next launch.
      await this.write(next).catch(() => (this.entries = next));
    });
  }

  private async write(next: Map<string, Entry>): Promise<void> {
    if (this.o.store.persistent !== false) {
      // A version-1 secret no profile claimed stays unbound and is not written: nothing could use it.
      const secrets = Object.fromEntries([...next].filter(([, e]) => e.binding !== undefined));
      const text = `${JSON.stringify({ schemaVersion: 2, secrets }, null, 2)}\n`;
      try {
        await writeFileAtomic(this.file, text, { ...this.o.atomic, mode: 0o600 });
      } catch (err) {
        throw new StoreError('ESTORAGE', `secrets.json could not be written (${fsErrorCode(err) ?? 'error'})`);
      }
    }
    this.entries = next;
  }

  private async load(): Promise<void> {
    let raw: string;
    try {
      raw = await fsp.readFile(this.file, 'utf8');
    } catch (err) {
      if (fsErrorCode(err) === 'ENOENT') return;
      this.notices.push({ kind: 'secrets-unreadable', message: `Saved passwords could not be read (${fsErrorCode(err) ?? 'error'}); re-enter them in the profiles that need one.` });
      return;
    }
    let parsed: z.infer<typeof secretsFileSchema> | undefined;
    try {
      const r = secretsFileSchema.safeParse(JSON.parse(raw));
      if (r.success) parsed = r.data;
    } catch {
      parsed = undefined;
    }
    if (!parsed) {
      // Kept aside, never deleted; the profiles load without passwords.
      const aside = `secrets.corrupt-${fileTimestamp(this.o.clock?.() ?? new Date())}.json`;
      const kept = await fsp.rename(this.file, path.join(this.o.dataDir, aside)).then(
        () => `kept as ${aside}`,
        (err: unknown) => `it could not be set aside (${fsErrorCode(err) ?? 'error'})`,
      );
      this.notices.push({ kind: 'secrets-unreadable', message: `Saved passwords could not be read (the file is damaged; ${kept}); re-enter them in the profiles that need one.` });
      return;
    }
    this.entries = new Map(Object.entries<string | Entry>(parsed.secrets).map(([id, e]) => [id, typeof e === 'string' ? { cipher: e } : e]));
    if (!this.o.store.available()) {
      for (const id of this.entries.keys()) this.unreadable.add(id);
    } else {
      for (const [id, { cipher }] of this.entries) {
        try {
          this.o.store.decrypt(Buffer.from(cipher, 'base64'));
        } catch {
          this.unreadable.add(id);
        }
      }
    }
    if (this.unreadable.size > 0) {
      this.notices.push({
        kind: 'secrets-unreadable',
        message: `${this.unreadable.size} saved password(s) cannot be decrypted on this account or machine; re-enter the password in the profiles marked "no password".`,
      });
    }
  }
}
