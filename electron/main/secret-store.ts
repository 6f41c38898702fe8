/**
 * Passwords are encrypted with Electron's safeStorage in main (reliability A.15): DPAPI on Windows
 * (protects from other users, not from other programs of the same user), Keychain on macOS,
 * libsecret/kwallet on Linux. On Linux without a keyring Chromium falls back to 'basic_text', a
 * fixed key that hides nothing: we then report encryption as unavailable, so no password is stored.
 */
import type { SafeStorage } from 'electron';
import type { SecretStore } from '../engine/store/secrets.ts';

type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export function createSafeStorageSecrets(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretStore {
  const available = (): boolean => {
    if (!safeStorage.isEncryptionAvailable()) return false;
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return false;
    return true;
  };
  return {
    available,
    encrypt(plain) {
      if (!available()) throw new Error('Secure password storage is not available on this system.');
      return safeStorage.encryptString(plain);
    },
    decrypt(cipher) {
      return safeStorage.decryptString(cipher);
    },
  };
}
