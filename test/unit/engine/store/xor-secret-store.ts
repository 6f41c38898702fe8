/** A test SecretStore that "encrypts" by XOR, so a plaintext password can never appear in a file. */
import type { SecretStore, SecretVault } from '../../../../electron/engine/store/secrets.ts';
import type { SecretBinding } from '../../../../shared/secret-binding.ts';

export function xorSecretStore(key = 0x5a): SecretStore {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ key));
  return { available: () => true, encrypt: (p) => xor(Buffer.from(p, 'utf8')), decrypt: (c) => xor(c).toString('utf8') };
}

/** Where the store tests' passwords are bound to (the binding itself is tested in secrets.test.ts). */
export const TEST_BINDING: SecretBinding = { targetKind: 'host', target: 'smtp.example.net', port: 587, security: 'starttls', mechanism: null, allowPlaintextAuth: false, tlsVerify: true, ca: null, tlsPin: null, allowUnverifiedTlsAuth: false, user: 'alice' };

/** The stored password for TEST_BINDING, or undefined. */
export async function passwordFor(vault: SecretVault, id: string): Promise<string | undefined> {
  const u = await vault.unlock(id, TEST_BINDING);
  return u.status === 'ok' ? u.password : undefined;
}
