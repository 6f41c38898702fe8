/**
 * profiles.json.lock / secrets.json.lock: a lock left by a dead process or too old is taken over; a
 * lock held by a running process makes a save wait and then fail with EBUSY, the file unchanged.
 */
import { spawnSync } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStale, lockPathOf, withFileLock, withReadLock } from '../../../../electron/engine/store/file-lock.ts';
import { PROFILES_FILE, ProfilesStore } from '../../../../electron/engine/store/profiles-store.ts';
import { SECRETS_FILE, SecretVault } from '../../../../electron/engine/store/secrets.ts';
import { emptyProfileFields, type Profile } from '../../../../shared/profile.ts';
import { passwordFor, TEST_BINDING, xorSecretStore } from './xor-secret-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-lock-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const ID = '33333333-3333-4333-8333-333333333333';
const profile = (name: string): Profile => ({ ...emptyProfileFields(), id: ID, name, target: 'mail.example.com', targetKind: 'host', createdAt: 'c', updatedAt: 'u' });
const lockFiles = async () => (await fsp.readdir(dir)).filter((n) => n.includes('.lock'));

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  if (r.pid === undefined) throw new Error('no child');
  return r.pid;
}

async function plantLock(file: string, owner: { pid: number; host?: string; at?: number }): Promise<void> {
  await fsp.writeFile(lockPathOf(path.join(dir, file)), JSON.stringify({ host: os.hostname(), at: Date.now(), token: 'planted', ...owner }));
}

describe('stale locks', () => {
  it('a profiles.json.lock left by a dead process is taken over: the store opens, saves, and no lock remains', async () => {
    await plantLock(PROFILES_FILE, { pid: deadPid() });
    const store = await ProfilesStore.open({ dataDir: dir });
    await store.put(profile('After the crash'));
    expect((await ProfilesStore.open({ dataDir: dir })).list().map((p) => p.name)).toContain('After the crash');
    expect(await lockFiles()).toEqual([]);
  });

  it('a secrets.json.lock left by a dead process is taken over', async () => {
    const vault = await SecretVault.open({ dataDir: dir, store: xorSecretStore() });
    await plantLock(SECRETS_FILE, { pid: deadPid() });
    await vault.set(ID, 'Canary-9f3e-Canary-9f3e', TEST_BINDING);
    expect(await passwordFor(await SecretVault.open({ dataDir: dir, store: xorSecretStore() }), ID)).toBe('Canary-9f3e-Canary-9f3e');
    expect(await lockFiles()).toEqual([]);
  });

  it('a lock from another host older than the stale limit is taken over', async () => {
    const store = await ProfilesStore.open({ dataDir: dir });
    await plantLock(PROFILES_FILE, { pid: process.pid, host: 'another-host.invalid', at: Date.now() - 10 * 60_000 });
    await store.put(profile('Taken over'));
    expect(await lockFiles()).toEqual([]);
  });

  it('judges a lock whose owner is not written yet by its age', () => {
    expect(isStale({ owner: undefined, mtimeMs: 1_000 }, 60_000, 2_000)).toBe(false);
    expect(isStale({ owner: undefined, mtimeMs: 1_000 }, 60_000, 100_000)).toBe(true);
  });
});

describe('a lock held by a running process', () => {
  it('makes a save wait, then refuse with EBUSY naming the process; the file and the lock are unchanged', async () => {
    const store = await ProfilesStore.open({ dataDir: dir, lock: { waitMs: 200 } });
    const before = await fsp.readFile(path.join(dir, PROFILES_FILE), 'utf8');
    await plantLock(PROFILES_FILE, { pid: process.pid });
    await expect(store.put(profile('Blocked'))).rejects.toMatchObject({ code: 'EBUSY', message: expect.stringContaining(`process ${process.pid}`) });
    expect(await fsp.readFile(path.join(dir, PROFILES_FILE), 'utf8')).toBe(before);
    expect(await lockFiles()).toEqual([`${PROFILES_FILE}.lock`]);
  });

  it('a save waiting for a lock goes through once it is released', async () => {
    const store = await ProfilesStore.open({ dataDir: dir });
    await plantLock(PROFILES_FILE, { pid: process.pid });
    const saving = store.put(profile('Waited'));
    await new Promise((r) => setTimeout(r, 100));
    expect(await fsp.readFile(path.join(dir, PROFILES_FILE), 'utf8')).not.toContain('Waited');
    await fsp.unlink(lockPathOf(path.join(dir, PROFILES_FILE)));
    await saving;
    expect((await ProfilesStore.open({ dataDir: dir })).list().map((p) => p.name)).toContain('Waited');
  });

  it('holders never overlap, and each removes only its own lock', async () => {
    const file = path.join(dir, 'x.json');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(file, async () => {
          most = Math.max(most, ++inside);
          await new Promise((r) => setTimeout(r, 5));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(await lockFiles()).toEqual([]);
  });
});

// sysfs refuses to create files in its root even for root (EACCES): a folder no lock can be made in.
describe.runIf(process.platform === 'linux')('a folder where no lock can be created', () => {
  it('still lets a load read (read-only), while a save is refused with EREADONLY', async () => {
    const file = '/sys/smtp-probe-profiles.json';
    await expect(withReadLock(file, async () => 'loaded')).resolves.toBe('loaded');
    await expect(withFileLock(file, async () => 'saved')).rejects.toMatchObject({ code: 'EREADONLY' });
  });
});
