/**
 * profiles.json: first launch, atomic saves with rotating backups, recovery of a corrupt file from
 * the newest valid backup (corrupt copy kept, notice given), migration, read-only for newer files.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANGED_MESSAGE, DELETED_MESSAGE, PROFILES_FILE, ProfilesStore, backupName } from '../../../../electron/engine/store/profiles-store.ts';
import { SANDBOX_PROFILE_NAME } from '../../../../electron/engine/store/first-launch-profile.ts';
import { emptyProfileFields, profilesFileSchema, type Profile } from '../../../../shared/profile.ts';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-profiles-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const clock = () => new Date('2026-11-24T01:02:03.000Z');
let n = 0;
const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const open = () => ProfilesStore.open({ dataDir: dir, clock, newId });
const live = () => path.join(dir, PROFILES_FILE);
const read = (name: string) => fsp.readFile(path.join(dir, name), 'utf8');

function profile(name: string): Profile {
  return { ...emptyProfileFields(), name, target: 'example.com', id: newId(), createdAt: 'c', updatedAt: 'u' };
}

async function storeWith(names: string[]): Promise<ProfilesStore> {
  const store = await open();
  for (const name of names) await store.put(profile(name));
  return store;
}

describe('first launch', () => {
  it('creates the ready "Local test server" profile and says so', async () => {
    const store = await open();
    expect(store.notices.map((x) => x.kind)).toEqual(['first-launch']);
    const [p] = store.list();
    expect(p).toMatchObject({ name: SANDBOX_PROFILE_NAME, builtIn: 'sandbox', target: '127.0.0.1', targetKind: 'host', security: 'starttls', port: 2525 });
    expect(p?.from).toMatch(/@sandbox\.smtp-probe\.test$/);
    const onDisk = profilesFileSchema.parse(JSON.parse(await read(PROFILES_FILE)));
    expect(onDisk.profiles).toHaveLength(1);
  });

  it('a second start reads the file and gives no notice', async () => {
    await storeWith(['A']);
    const again = await open();
    expect(again.notices).toEqual([]);
    expect(again.list().map((p) => p.name)).toEqual([SANDBOX_PROFILE_NAME, 'A']);
  });
});

describe('backups', () => {
  it('keeps three generations, each the file as it was before a save', async () => {
    const store = await storeWith(['A', 'B', 'C', 'D']);
    const names = async (f: string) => profilesFileSchema.parse(JSON.parse(await read(f))).profiles.map((p) => p.name).slice(1);
    expect(await names(PROFILES_FILE)).toEqual(['A', 'B', 'C', 'D']);
    expect(await names(backupName(1))).toEqual(['A', 'B', 'C']);
    expect(await names(backupName(2))).toEqual(['A', 'B']);
    expect(await names(backupName(3))).toEqual(['A']);
    await expect(fsp.access(path.join(dir, backupName(4)))).rejects.toThrow();
    expect(store.list()).toHaveLength(5);
  });
});

describe('a corrupt profiles.json', () => {
  const variants: [string, string][] = [
    ['4 KB of NUL bytes', '\0'.repeat(4096)],
    ['truncated JSON', '{"schemaVersion":1,"profiles":[{"name":"A",'],
    ['an empty file', ''],
    ['schema-invalid JSON', JSON.stringify({ schemaVersion: 1, profiles: [{ name: 42 }] })],
  ];

  it.each(variants)('%s: set aside, newest valid backup loaded, notice given, backup kept', async (_label, content) => {
    await storeWith(['A', 'B']);
    const bak1Before = await read(backupName(1));
    await fsp.writeFile(live(), content);

    const store = await open();
    expect(store.list().map((p) => p.name)).toEqual([SANDBOX_PROFILE_NAME, 'A']);
    expect(store.notices).toHaveLength(1);
    expect(store.notices[0]?.kind).toBe('recovered-from-backup');
    expect(store.notices[0]?.message).toContain('profiles.corrupt-20261124T010203Z.json');
    expect(await read('profiles.corrupt-20261124T010203Z.json')).toBe(content);
    // D.42: the backup still holds the user's data after recovery.
    expect(await read(backupName(1))).toBe(bak1Before);
    expect(profilesFileSchema.safeParse(JSON.parse(await read(PROFILES_FILE))).success).toBe(true);
  });

  it('skips a damaged newest backup and takes the next valid one', async () => {
    await storeWith(['A', 'B', 'C']);
    await fsp.writeFile(path.join(dir, backupName(1)), '{"broken');
    await fsp.writeFile(live(), '\0\0\0');
    const store = await open();
    expect(store.list().map((p) => p.name)).toEqual([SANDBOX_PROFILE_NAME, 'A']);
    expect(store.notices[0]?.message).toContain(backupName(2));
  });

  it('with no usable backup: nothing deleted, nothing written until the user saves', async () => {
    await fsp.writeFile(live(), 'garbage');
    const store = await open();
    expect(store.notices[0]?.kind).toBe('recovered-from-backup');
    expect(store.notices[0]?.message).toMatch(/no backup was usable/);
    expect(await read('profiles.corrupt-20261124T010203Z.json')).toBe('garbage');
    await expect(fsp.access(live())).rejects.toThrow();
    expect(store.list().map((p) => p.name)).toEqual([SANDBOX_PROFILE_NAME]);
  });

  it('a missing live file with backups present is restored, not reset', async () => {
    await storeWith(['A', 'B']);
    await fsp.rm(live());
    const store = await open();
    expect(store.notices.map((x) => x.kind)).toEqual(['recovered-from-backup']);
    expect(store.list().map((p) => p.name)).toEqual([SANDBOX_PROFILE_NAME, 'A']);
  });

  it('two corrupt files in the same second are both kept', async () => {
    await storeWith(['A']);
    await fsp.writeFile(live(), 'one');
    await open();
    await fsp.writeFile(live(), 'two');
    await open();
    expect(await read('profiles.corrupt-20261124T010203Z.json')).toBe('one');
    expect(await read('profiles.corrupt-20261124T010203Z-1.json')).toBe('two');
  });
});

describe('schema versions', () => {
  it('migrates a version-0 file, keeps the original as a backup, and validates the result', async () => {
    const v0 = JSON.stringify({ profiles: [{ name: 'Old office', host: 'mail.example.com', port: 465, tls: 'ssl', user: 'me', from: 'me@example.com', to: 'a@example.com, b@example.com' }] });
    await fsp.writeFile(live(), v0);
    const store = await open();
    expect(store.notices).toEqual([]);
    const [p] = store.list();
    expect(p).toMatchObject({ name: 'Old office', targetKind: 'host', target: 'mail.example.com', port: 465, security: 'implicit', authUser: 'me', to: ['a@example.com', 'b@example.com'] });
    expect(await read(backupName(1))).toBe(v0);
    expect(JSON.parse(await read(PROFILES_FILE)).schemaVersion).toBe(1);
  });

  it('a file from a newer version is read-only and left untouched', async () => {
    const newer = JSON.stringify({ schemaVersion: 99, profiles: [{ ...profile('Future'), futureField: true }] }, null, 1);
    await fsp.writeFile(live(), newer);
    const store = await open();
    expect(store.readOnly).toBe(true);
    expect(store.notices.map((x) => x.kind)).toEqual(['read-only']);
    expect(store.list().map((p) => p.name)).toEqual(['Future']);
    await expect(store.put(profile('New'))).rejects.toMatchObject({ code: 'EREADONLY' });
    await expect(store.remove(store.list()[0]!.id)).rejects.toMatchObject({ code: 'EREADONLY' });
    expect(await read(PROFILES_FILE)).toBe(newer);
    expect(await fsp.readdir(dir)).toEqual([PROFILES_FILE]);
  });
});

describe('edits', () => {
  it('replaces by id and removes; an unknown id is ENOTFOUND', async () => {
    const store = await storeWith(['A']);
    const a = store.list()[1]!;
    await store.put({ ...a, name: 'A2' });
    expect(store.list().map((p) => p.name)).toEqual([SANDBOX_PROFILE_NAME, 'A2']);
    await store.remove(a.id);
    expect(store.list()).toHaveLength(1);
    await expect(store.remove(a.id)).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect((await open()).list()).toHaveLength(1);
  });

  it('refuses to write a profile that fails the schema (file unchanged)', async () => {
    const store = await storeWith(['A']);
    const before = await read(PROFILES_FILE);
    await expect(store.put({ ...profile('B'), port: 70000 })).rejects.toMatchObject({ code: 'EINVALID' });
    expect(await read(PROFILES_FILE)).toBe(before);
  });
});

describe('concurrent saves', () => {
  it('keep every change (read-modify-write is serialised)', async () => {
    const store = await open();
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.put(profile(`P${i}`))));
    expect(store.list()).toHaveLength(13);
    expect((await open()).list()).toHaveLength(13);
  });
});

describe('another process on the same folder (two stores, two views)', () => {
  it('saves of different profiles by the two both land', async () => {
    const a = await open();
    const b = await open();
    await a.put(profile('From A'));
    await b.put(profile('From B'));
    expect((await open()).list().map((p) => p.name).sort()).toEqual(['From A', 'From B', SANDBOX_PROFILE_NAME].sort());
    // Each writer's view now holds the other's profile too.
    expect(b.list().map((p) => p.name)).toContain('From A');
  });

  it('a profile changed elsewhere since this one read it: ECHANGED, the other version kept, the view refreshed, the file valid', async () => {
    const a = await storeWith(['Shared']);
    const b = await open();
    const shared = b.list().find((p) => p.name === 'Shared')!;
    await a.put({ ...shared, subject: 'A was here', updatedAt: 'a-time' });
    await expect(b.put({ ...shared, subject: 'B was here', updatedAt: 'b-time' })).rejects.toMatchObject({ code: 'ECHANGED', message: CHANGED_MESSAGE });
    const onDisk = profilesFileSchema.parse(JSON.parse(await read(PROFILES_FILE)));
    expect(onDisk.profiles.find((p) => p.id === shared.id)?.subject).toBe('A was here');
    expect(b.get(shared.id)?.subject).toBe('A was here');
    // Saved again from the refreshed version, B's change goes through.
    await b.put({ ...b.get(shared.id)!, subject: 'B again', updatedAt: 'b-time-2' }, 'a-time');
    expect((await open()).get(shared.id)?.subject).toBe('B again');
  });

  it('a save based on an older version than the saved one (expectedUpdatedAt) is ECHANGED, even after this store re-read the file', async () => {
    const a = await storeWith(['Shared']);
    const b = await open();
    const shared = b.get(a.list()[1]!.id)!;
    await a.put({ ...shared, subject: 'A', updatedAt: 'a-time' });
    await b.refresh();
    expect(b.get(shared.id)?.subject).toBe('A');
    await expect(b.put({ ...shared, subject: 'B', updatedAt: 'b-time' }, shared.updatedAt)).rejects.toMatchObject({ code: 'ECHANGED' });
    expect((await open()).get(shared.id)?.subject).toBe('A');
  });

  it('a profile deleted elsewhere: the save is ENOTFOUND and does not bring it back; its removal here is no error', async () => {
    const a = await storeWith(['Gone']);
    const b = await open();
    const d = await open();
    const gone = b.list().find((p) => p.name === 'Gone')!;
    await a.remove(gone.id);
    await expect(b.put({ ...gone, subject: 'x' })).rejects.toMatchObject({ code: 'ENOTFOUND', message: DELETED_MESSAGE });
    expect((await open()).get(gone.id)).toBeUndefined();
    await expect(d.remove(gone.id)).resolves.toBeUndefined();
    await expect((await open()).remove(gone.id)).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('refresh() shows what the other saved, and a damaged file written meanwhile is set aside at the next save', async () => {
    const a = await open();
    const b = await open();
    await a.put(profile('New in A'));
    expect(b.list().map((p) => p.name)).not.toContain('New in A');
    await b.refresh();
    expect(b.list().map((p) => p.name)).toContain('New in A');
    await fsp.writeFile(live(), '{"schemaVersion": 1, "profi');
    await b.refresh();
    expect(b.list().map((p) => p.name)).toContain('New in A');
    await b.put(profile('After damage'));
    expect((await open()).list().map((p) => p.name)).toEqual(expect.arrayContaining(['New in A', 'After damage']));
    expect((await fsp.readdir(dir)).some((n) => n.startsWith('profiles.corrupt-'))).toBe(true);
  });
});

describe('a save the disk refuses (full, read-only)', () => {
  it('is ESTORAGE; profiles.json, the backups and the list stay as they were; the same save works once the disk takes it', async () => {
    let full = false;
    const diskFull = () => Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    const fs = { open: ((...args: Parameters<typeof fsp.open>) => (full ? diskFull() : fsp.open(...args))) as typeof fsp.open, rename: fsp.rename, unlink: fsp.unlink, mkdir: fsp.mkdir };
    const store = await ProfilesStore.open({ dataDir: dir, clock, newId, atomic: { fs } });
    await store.put(profile('Kept'));
    const before = new Map(await Promise.all((await fsp.readdir(dir)).map(async (name) => [name, await read(name)] as const)));

    full = true;
    const edited = profile('Typed while the disk was full');
    await expect(store.put(edited)).rejects.toMatchObject({ code: 'ESTORAGE', message: expect.stringMatching(/could not be written \(ENOSPC\)/) });
    const after = new Map(await Promise.all((await fsp.readdir(dir)).map(async (name) => [name, await read(name)] as const)));
    expect(after).toEqual(before);
    expect(store.list().map((p) => p.name)).not.toContain(edited.name);

    full = false;
    await store.put(edited);
    expect((await open()).list().map((p) => p.name)).toEqual(expect.arrayContaining(['Kept', edited.name]));
  });

  it('saves refused again and again after the backup was written keep every older generation', async () => {
    let refuse = false;
    const rename = ((from: string, to: string) =>
      refuse && to === live() ? Promise.reject(Object.assign(new Error('i/o error'), { code: 'EIO' })) : fsp.rename(from, to)) as typeof fsp.rename;
    const store = await ProfilesStore.open({ dataDir: dir, clock, newId, atomic: { fs: { open: fsp.open, rename, unlink: fsp.unlink, mkdir: fsp.mkdir } } });
    await store.put(profile('First'));
    await store.put(profile('Second'));
    const [liveNow, older, oldest] = [await read(PROFILES_FILE), await read(backupName(1)), await read(backupName(2))];

    refuse = true;
    for (let i = 0; i < 3; i++) await expect(store.put(profile(`Refused ${i}`))).rejects.toMatchObject({ code: 'ESTORAGE' });
    expect(await read(PROFILES_FILE)).toBe(liveNow);
    // One rotation (the live version as the newest backup), not one per refused save.
    expect([await read(backupName(1)), await read(backupName(2)), await read(backupName(3))]).toEqual([liveNow, older, oldest]);
  });
});
