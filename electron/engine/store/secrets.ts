/**
 * Passwords, apart from the profiles (reliability A.15, D.43). The host provides the encryption:
 * Electron's safeStorage in the desktop app (Windows DPAPI protects from other users, not from
 * other programs of the same user), `memorySecretStore()` in browser mode and tests. Ciphertexts
 * live in secrets.json keyed by profile id (base64); a password is never returned to the renderer,
 * never exported, never logged. A missing or unreadable ciphertext is not a corrupt profile: the
 * profile loads with hasPassword false and the user is asked to enter the password again.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { StorageNotice } from '../../../shared/ipc/contract.ts';
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

const secretsFileSchema = z.object({
  schemaVersion: z.literal(1),
  secrets: z.record(z.string().uuid(), z.string().max(1_000_000)),
});

export interface SecretVaultOptions {
  dataDir: string;
  store: SecretStore;
  clock?: () => Date;
  atomic?: AtomicWriteOptions;
}

export class SecretVault {
  readonly notices: StorageNotice[] = [];
  /** profile id -> base64 ciphertext, as in secrets.json. */
  private ciphertexts = new Map<string, string>();
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

  /** A password is stored and can be decrypted. */
  has(profileId: string): boolean {
    return this.ciphertexts.has(profileId) && !this.unreadable.has(profileId);
  }

  /** The password, for the engine only (AUTH); undefined when none is stored or it cannot be read. */
  get(profileId: string): string | undefined {
    const cipher = this.ciphertexts.get(profileId);
    if (cipher === undefined || this.unreadable.has(profileId)) return undefined;
    try {
      return this.o.store.decrypt(Buffer.from(cipher, 'base64'));
    } catch {
      this.unreadable.add(profileId);
      return undefined;
    }
  }

  async set(profileId: string, password: string): Promise<void> {
    if (!this.o.store.available()) throw new StoreError('ESECRETS', 'Passwords cannot be stored on this system (no encryption available); enter the password when you run instead');
    let cipher: string;
    try {
      cipher = this.o.store.encrypt(password).toString('base64');
    } catch {
      throw new StoreError('ESECRETS', 'The password could not be encrypted');
    }
    await this.serial(async () => {
      await this.write(new Map(this.ciphertexts).set(profileId, cipher));
      this.unreadable.delete(profileId);
    });
  }

  delete(profileId: string): Promise<void> {
    return this.serial(async () => {
      if (!this.ciphertexts.has(profileId)) return;
      const next = new Map(this.ciphertexts);
      next.delete(profileId);
      await this.write(next);
      this.unreadable.delete(profileId);
    });
  }

  private async write(next: Map<string, string>): Promise<void> {
    if (this.o.store.persistent !== false) {
      const text = `${JSON.stringify({ schemaVersion: 1, secrets: Object.fromEntries(next) }, null, 2)}\n`;
      try {
        await writeFileAtomic(this.file, text, { ...this.o.atomic, mode: 0o600 });
      } catch (err) {
        throw new StoreError('ESTORAGE', `secrets.json could not be written (${fsErrorCode(err) ?? 'error'})`);
      }
    }
    this.ciphertexts = next;
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
    this.ciphertexts = new Map(Object.entries(parsed.secrets));
    if (!this.o.store.available()) {
      for (const id of this.ciphertexts.keys()) this.unreadable.add(id);
    } else {
      for (const [id, cipher] of this.ciphertexts) {
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
