/** Passwords apart from profiles: ciphertext only on disk, unreadable secrets tolerated, memory store never writes. */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECRETS_FILE, SecretVault, memorySecretStore, type SecretStore } from '../../../../electron/engine/store/secrets.ts';
import type { AtomicFs } from '../../../../electron/engine/store/atomic-file.ts';
import type { SecretBinding } from '../../../../shared/secret-binding.ts';
import { xorSecretStore } from './xor-secret-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-secrets-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});


const ID = '11111111-1111-4111-8111-111111111111';
const ID2 = '22222222-2222-4222-8222-222222222222';
const BINDING: SecretBinding = { targetKind: 'host', target: 'smtp.example.net', port: 587, security: 'starttls', mechanism: null, allowPlaintextAuth: false, tlsVerify: true, ca: null, tlsPin: null, allowUnverifiedTlsAuth: false, user: 'alice' };
/** The password as the engine gets it for the binding it was stored with. */
const get = async (vault: SecretVault, id: string) => {
  const u = await vault.unlock(id, BINDING);
  return u.status === 'ok' ? u.password : undefined;
};

describe('SecretVault', () => {
  it('stores ciphertext in secrets.json keyed by profile id, and gives the password back to the engine', async () => {
    const vault = await SecretVault.open({ dataDir: dir, store: xorSecretStore() });
    await vault.set(ID, 'canary-Pa55word', BINDING);
    const raw = await fsp.readFile(path.join(dir, SECRETS_FILE), 'utf8');
    expect(raw).not.toContain('canary-Pa55word');
    expect(Object.keys(JSON.parse(raw).secrets)).toEqual([ID]);
    const again = await SecretVault.open({ dataDir: dir, store: xorSecretStore() });
    expect(again.has(ID)).toBe(true);
    expect(await get(again, ID)).toBe('canary-Pa55word');
    await again.delete(ID);
    expect(again.has(ID)).toBe(false);
  });

  it('a ciphertext another key cannot read is "re-enter the password", not an error', async () => {
    const vault = await SecretVault.open({ dataDir: dir, store: xorSecretStore() });
    await vault.set(ID, 'one', BINDING);
    const failing: SecretStore = { available: () => true, encrypt: (p) => Buffer.from(p), decrypt: () => { throw new Error('cannot decrypt'); } };
    const other = await SecretVault.open({ dataDir: dir, store: failing });
    // Found when a run asks, not at load: until then the profile still shows its password.
    expect(other.has(ID)).toBe(true);
    expect(await get(other, ID)).toBeUndefined();
    expect(other.has(ID)).toBe(false);
    expect(other.notices).toEqual([]);
  });

  it('a damaged secrets.json is set aside and the vault starts empty with a notice', async () => {
    await fsp.writeFile(path.join(dir, SECRETS_FILE), '{nope');
    const vault = await SecretVault.open({ dataDir: dir, store: xorSecretStore(), clock: () => new Date('2026-01-02T03:04:05Z') });
    expect(vault.notices.map((n) => n.kind)).toEqual(['secrets-unreadable']);
    expect(await fsp.readFile(path.join(dir, 'secrets.corrupt-20260102T030405Z.json'), 'utf8')).toBe('{nope');
    expect(vault.has(ID)).toBe(false);
  });

  it('a missing secrets.json is simply empty', async () => {
    const vault = await SecretVault.open({ dataDir: dir, store: xorSecretStore() });
    expect(vault.notices).toEqual([]);
    expect(await get(vault, ID2)).toBeUndefined();
  });

  it('without encryption, saving a password is ESECRETS', async () => {
    const none: SecretStore = { available: () => false, encrypt: () => { throw new Error('x'); }, decrypt: () => { throw new Error('x'); } };
    const vault = await SecretVault.open({ dataDir: dir, store: none });
    await expect(vault.set(ID, 'pw', BINDING)).rejects.toMatchObject({ code: 'ESECRETS' });
  });

  it('decrypts nothing at open: only unlock decrypts, one password at a time (a Keychain prompt on macOS)', async () => {
    const writer = await SecretVault.open({ dataDir: dir, store: xorSecretStore() });
    await writer.set(ID, 'one', BINDING);
    await writer.set(ID2, 'two', BINDING);
    const xor = xorSecretStore();
    const decrypted: string[] = [];
    const counting: SecretStore = { available: async () => true, encrypt: xor.encrypt, decrypt: async (c) => { const p = await xor.decrypt(c); decrypted.push(p); return p; } };
    const vault = await SecretVault.open({ dataDir: dir, store: counting });
    await vault.refresh();
    expect([vault.has(ID), vault.has(ID2)]).toEqual([true, true]);
    expect(decrypted).toEqual([]);
    expect(await get(vault, ID2)).toBe('two');
    expect(decrypted).toEqual(['two']);
  });

  it('memorySecretStore keeps passwords in memory only: nothing is written', async () => {
    const vault = await SecretVault.open({ dataDir: dir, store: memorySecretStore() });
    await vault.set(ID, 'memory-only', BINDING);
    expect(await get(vault, ID)).toBe('memory-only');
    expect(await fsp.readdir(dir)).toEqual([]);
  });
});

describe('concurrent password saves', () => {
  it('keep every password', async () => {
    const vault = await SecretVault.open({ dataDir: dir, store: xorSecretStore() });
    await Promise.all([vault.set(ID, 'one', BINDING), vault.set(ID2, 'two', BINDING)]);
    const again = await SecretVault.open({ dataDir: dir, store: xorSecretStore() });
    expect([await get(again, ID), await get(again, ID2)]).toEqual(['one', 'two']);
  });
});

describe('bindings (secrets.json version 2)', () => {
  const ELSEWHERE: SecretBinding = { ...BINDING, target: '127.0.0.1', port: 2599, security: 'none', allowPlaintextAuth: true };

  it('gives the password only to the binding it was stored with, and names that binding otherwise', async () => {
    const vault = await SecretVault.open({ dataDir: dir, store: xorSecretStore() });
    await vault.set(ID, 'canary-Pa55word', BINDING);
    expect(await vault.unlock(ID, ELSEWHERE)).toEqual({ status: 'rebound', saved: BINDING });
    expect(vault.usableFor(ID, ELSEWHERE)).toBe(false);
    expect(vault.usableFor(ID, BINDING)).toBe(true);
    const file = JSON.parse(await fsp.readFile(path.join(dir, SECRETS_FILE), 'utf8'));
    expect(file).toMatchObject({ schemaVersion: 2, secrets: { [ID]: { binding: BINDING } } });
  });

  it('forgetProfile in a memory vault removes only that profile from a version-1 file, which stays version 1 for the desktop to bind', async () => {
    const cipher = xorSecretStore().encrypt('legacy-Pa55word').toString('base64');
    await fsp.writeFile(path.join(dir, SECRETS_FILE), JSON.stringify({ schemaVersion: 1, secrets: { [ID]: cipher, [ID2]: cipher } }));
    const vault = await SecretVault.open({ dataDir: dir, store: memorySecretStore() });
    await vault.forgetProfile(ID);
    const file = JSON.parse(await fsp.readFile(path.join(dir, SECRETS_FILE), 'utf8'));
    expect(file).toEqual({ schemaVersion: 1, secrets: { [ID2]: cipher } });
  });

  it('a version-1 file loses no password: each is bound to its profile at open, the file becomes version 2, a secret no profile claims is dropped', async () => {
    const cipher = xorSecretStore().encrypt('legacy-Pa55word').toString('base64');
    const orphan = '33333333-3333-4333-8333-333333333333';
    await fsp.writeFile(path.join(dir, SECRETS_FILE), JSON.stringify({ schemaVersion: 1, secrets: { [ID]: cipher, [orphan]: cipher } }));
    const vault = await SecretVault.open({ dataDir: dir, store: xorSecretStore() });
    expect(vault.notices).toEqual([]);
    expect(vault.has(ID)).toBe(false); // not usable before it is bound
    await vault.bindLegacy((id) => (id === ID ? BINDING : undefined));
    expect(await get(vault, ID)).toBe('legacy-Pa55word');
    expect(await vault.unlock(orphan, BINDING)).toEqual({ status: 'none' });
    const file = JSON.parse(await fsp.readFile(path.join(dir, SECRETS_FILE), 'utf8'));
    expect(file).toEqual({ schemaVersion: 2, secrets: { [ID]: { cipher, binding: BINDING } } });
    const again = await SecretVault.open({ dataDir: dir, store: xorSecretStore() });
    expect(await get(again, ID)).toBe('legacy-Pa55word');
  });

  it('a version-1 file in a folder that cannot be written is bound in memory all the same', async () => {
    const refuse = () => Promise.reject(Object.assign(new Error('read-only'), { code: 'EROFS' }));
    const readOnly: AtomicFs = { open: refuse, rename: refuse, unlink: refuse, mkdir: refuse };
    const cipher = xorSecretStore().encrypt('legacy-Pa55word').toString('base64');
    await fsp.writeFile(path.join(dir, SECRETS_FILE), JSON.stringify({ schemaVersion: 1, secrets: { [ID]: cipher } }));
    const vault = await SecretVault.open({ dataDir: dir, store: xorSecretStore(), atomic: { fs: readOnly } });
    await vault.bindLegacy(() => BINDING);
    expect(await get(vault, ID)).toBe('legacy-Pa55word');
    expect(JSON.parse(await fsp.readFile(path.join(dir, SECRETS_FILE), 'utf8')).schemaVersion).toBe(1);
  });
});
