import { describe, expect, it, vi } from 'vitest';
import { createSafeStorageSecrets } from '../../../electron/main/secret-store.ts';

/** safeStorage's asynchronous API, as Electron 45 has it: every answer is a promise. */
function fakeSafeStorage(available: boolean, backend = 'gnome_libsecret') {
  const reverse = (s: string) => s.split('').reverse().join('');
  return {
    isAsyncEncryptionAvailable: vi.fn(async () => available),
    encryptStringAsync: vi.fn(async (plain: string) => Buffer.from(reverse(plain))),
    decryptStringAsync: vi.fn(async (cipher: Buffer) => ({ result: reverse(cipher.toString()), shouldReEncrypt: false })),
    getSelectedStorageBackend: vi.fn(() => backend as never),
  };
}

describe('createSafeStorageSecrets (reliability A.15)', () => {
  it('encrypts and decrypts through the asynchronous safeStorage API', async () => {
    const storage = fakeSafeStorage(true);
    const secrets = createSafeStorageSecrets(storage, 'win32');
    expect(await secrets.available()).toBe(true);
    const cipher = await secrets.encrypt('hunter2');
    expect(cipher.toString()).not.toContain('hunter2');
    expect(await secrets.decrypt(cipher)).toBe('hunter2');
    expect(storage.decryptStringAsync).toHaveBeenCalledTimes(1);
  });

  it('is unavailable when safeStorage says so, and then refuses to encrypt', async () => {
    const storage = fakeSafeStorage(false);
    const secrets = createSafeStorageSecrets(storage, 'win32');
    expect(await secrets.available()).toBe(false);
    await expect(secrets.encrypt('hunter2')).rejects.toThrow(/not available/);
    expect(storage.encryptStringAsync).not.toHaveBeenCalled();
  });

  it("treats Linux's basic_text fallback (a fixed key) as unavailable", async () => {
    expect(await createSafeStorageSecrets(fakeSafeStorage(true, 'basic_text'), 'linux').available()).toBe(false);
    expect(await createSafeStorageSecrets(fakeSafeStorage(true, 'kwallet5'), 'linux').available()).toBe(true);
  });
});
