/**
 * SecretVault reads secrets.json under `secrets.json.lock`: a file another holder of the lock is
 * replacing is never judged damaged and moved aside (its passwords would be lost). Real files and
 * the real lock file; the holder here is this process, which the lock treats like any live owner.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../../electron/engine/store/atomic-file.ts';
import { withFileLock } from '../../../../electron/engine/store/file-lock.ts';
import { SECRETS_FILE, SecretVault } from '../../../../electron/engine/store/secrets.ts';
import { TEST_BINDING, passwordFor, xorSecretStore } from './xor-secret-store.ts';

const ID = '11111111-1111-4111-8111-111111111111';
let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-secrets-lock-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

it('a damaged secrets.json whose lock is held is not set aside: the open waits and reads the file the holder leaves', async () => {
  const file = path.join(dir, SECRETS_FILE);
  const cipher = xorSecretStore().encrypt('canary-Pa55word').toString('base64');
  await fsp.writeFile(file, '{half a file');

  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const holding = new Promise<void>((resolve) => (locked = resolve));
  const holder = withFileLock(file, async () => {
    locked();
    await gate;
    await writeFileAtomic(file, JSON.stringify({ schemaVersion: 2, secrets: { [ID]: { cipher, binding: TEST_BINDING } } }));
  });
  await holding;

  const opening = SecretVault.open({ dataDir: dir, store: xorSecretStore() });
  // Time for an open that does not wait for the lock to read the damaged file and move it aside.
  await new Promise((resolve) => setTimeout(resolve, 200));
  release();
  await holder;
  const vault = await opening;

  expect(vault.notices).toEqual([]);
  expect((await fsp.readdir(dir)).filter((n) => n.startsWith('secrets.corrupt'))).toEqual([]);
  expect(await passwordFor(vault, ID)).toBe('canary-Pa55word');
});
