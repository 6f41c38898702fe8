/** A test SecretStore that "encrypts" by XOR, so a plaintext password can never appear in a file. */
import type { SecretStore } from '../../../../electron/engine/store/secrets.ts';

export function xorSecretStore(key = 0x5a): SecretStore {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ key));
  return { available: () => true, encrypt: (p) => xor(Buffer.from(p, 'utf8')), decrypt: (c) => xor(c).toString('utf8') };
}
