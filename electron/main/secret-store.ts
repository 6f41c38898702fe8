/**
 * Passwords are encrypted with Electron's safeStorage in main (reliability A.15): DPAPI on Windows
 * (protects from other users, not from other programs of the same user), Keychain on macOS,
 * libsecret/kwallet on Linux. On Linux without a keyring Chromium falls back to 'basic_text', a
 * fixed key that hides nothing: we then report encryption as unavailable, so no password is stored.
 * The asynchronous API only (the synchronous one is deprecated in Electron 45 and blocks main while
 * the Keychain asks); SecretVault decrypts a password only when a run needs it.
 */
import type { SafeStorage } from 'electron';
import type { SecretStore } from '../engine/store/secrets.ts';

type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'> & Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export function createSafeStorageSecrets(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretStore {
  const available = async (): Promise<boolean> => {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return false;
    // Asked after the line above, which waits for the encryptor: before that the backend is 'unknown'.
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return false;
    return true;
  };
  return {
    available,
    async encrypt(plain) {
      if (!(await available())) throw new Error('Secure password storage is not available on this system.');
      return safeStorage.encryptStringAsync(plain);
    },
    async decrypt(cipher) {
      // shouldReEncrypt (a rotated key) is not acted on: the old ciphertext still decrypts.
      return (await safeStorage.decryptStringAsync(cipher)).result;
    },
  };
}
