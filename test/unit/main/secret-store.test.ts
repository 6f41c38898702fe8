import { describe, expect, it, vi } from 'vitest';
import { createSafeStorageSecrets } from '../../../electron/main/secret-store.ts';

function fakeSafeStorage(available: boolean, backend = 'gnome_libsecret') {
  return {
    isEncryptionAvailable: vi.fn(() => available),
    encryptString: vi.fn((plain: string) => Buffer.from(plain.split('').reverse().join(''))),
    decryptString: vi.fn((cipher: Buffer) => cipher.toString().split('').reverse().join('')),
    getSelectedStorageBackend: vi.fn(() => backend as never),
  };
}

describe('createSafeStorageSecrets (reliability A.15)', () => {
  it('encrypts and decrypts through safeStorage', () => {
    const secrets = createSafeStorageSecrets(fakeSafeStorage(true), 'win32');
    expect(secrets.available()).toBe(true);
    const cipher = secrets.encrypt('hunter2');
    expect(cipher.toString()).not.toContain('hunter2');
    expect(secrets.decrypt(cipher)).toBe('hunter2');
  });

  it('is unavailable when safeStorage says so, and then refuses to encrypt', () => {
    const storage = fakeSafeStorage(false);
    const secrets = createSafeStorageSecrets(storage, 'win32');
    expect(secrets.available()).toBe(false);
    expect(() => secrets.encrypt('hunter2')).toThrow(/not available/);
    expect(storage.encryptString).not.toHaveBeenCalled();
  });

  it("treats Linux's basic_text fallback (a fixed key) as unavailable", () => {
    expect(createSafeStorageSecrets(fakeSafeStorage(true, 'basic_text'), 'linux').available()).toBe(false);
    expect(createSafeStorageSecrets(fakeSafeStorage(true, 'kwallet5'), 'linux').available()).toBe(true);
  });
});
