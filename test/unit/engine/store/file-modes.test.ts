/**
 * Files 0600 and folders 0700 on POSIX for everything the stores put in the data folder, and a
 * folder or file an older version left 0755/0644 tightened when the store opens. Chromium's own
 * folders in Electron's userData are left alone.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../../electron/engine/store/atomic-file.ts';
import { lockPathOf, withFileLock } from '../../../../electron/engine/store/file-lock.ts';
import { PROFILES_FILE, ProfilesStore } from '../../../../electron/engine/store/profiles-store.ts';
import { RunsStore } from '../../../../electron/engine/store/runs-store.ts';
import { SECRETS_FILE, SecretVault } from '../../../../electron/engine/store/secrets.ts';
import { emptyProfileFields, type Profile } from '../../../../shared/profile.ts';
import { buildReport } from '../../../fixtures/reports/build-report.ts';
import { TEST_BINDING, xorSecretStore } from './xor-secret-store.ts';

const PROFILE_ID = '44444444-4444-4444-8444-444444444444';
const RUN_ID = '55555555-5555-4555-8555-555555555555';

let root: string;
beforeEach(async () => {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-modes-'));
});
afterEach(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

const modeOf = async (p: string) => (await fsp.stat(p)).mode & 0o777;

/** Every file and folder below `dir` (but `skip`) as "path: mode", folders ending in "/". */
async function modes(dir: string, skip: string[] = []): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const e of await fsp.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (skip.includes(r)) continue;
      out.push(`${r}${e.isDirectory() ? '/' : ''}: ${(await modeOf(path.join(dir, r))).toString(8)}`);
      if (e.isDirectory()) await walk(r);
    }
  };
  await walk('');
  return out.sort();
}

/** What every entry should be: folders 0700, files 0600. */
const expected = (found: string[]) => found.map((e) => e.replace(/: \d+$/, e.split(': ')[0]!.endsWith('/') ? ': 700' : ': 600'));

const profile = (name: string): Profile => ({ ...emptyProfileFields(), id: PROFILE_ID, name, target: 'mail.example.com', targetKind: 'host', createdAt: 'c', updatedAt: 'u' });
const report = buildReport({ startedAt: '2026-11-24T01:02:03.000Z' });

describe.skipIf(process.platform === 'win32')('file and folder modes', () => {
  it('everything the stores create is 0600 (files) or 0700 (folders), down to a folder made for the data', async () => {
    const dataDir = path.join(root, 'config', 'smtp-probe');
    const store = await ProfilesStore.open({ dataDir });
    for (const name of ['One', 'Two', 'Three', 'Four']) await store.put({ ...profile(name), updatedAt: name });
    const vault = await SecretVault.open({ dataDir, store: xorSecretStore() });
    await vault.set(PROFILE_ID, 'Canary-9f3e-Canary-9f3e', TEST_BINDING);
    await new RunsStore({ dataDir }).save(PROFILE_ID, RUN_ID, report);
    // A damaged secrets.json is set aside as a corrupt copy at the next open.
    await fsp.writeFile(path.join(dataDir, SECRETS_FILE), '{', { mode: 0o600 });
    await SecretVault.open({ dataDir, store: xorSecretStore() });
    const lockMode = await withFileLock(path.join(dataDir, PROFILES_FILE), () => modeOf(lockPathOf(path.join(dataDir, PROFILES_FILE))));

    expect(await modeOf(path.join(root, 'config'))).toBe(0o700);
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(lockMode).toBe(0o600);
    const found = await modes(dataDir);
    expect(found).toEqual(expected(found));
    const names = found.map((e) => e.split(':')[0]);
    expect(names).toEqual(expect.arrayContaining(['profiles.json', 'profiles.json.bak1', 'profiles.json.bak3', 'runs/', `runs/${PROFILE_ID}/`, `runs/${PROFILE_ID}/${RUN_ID}.json`]));
    expect(names.some((n) => n?.startsWith('secrets.corrupt-'))).toBe(true);
  });

  it('a data folder an older version left 0755 with 0644 files is tightened when the store opens; Chromium folders are left alone', async () => {
    const dataDir = path.join(root, 'userData');
    const runDir = path.join(dataDir, 'runs', PROFILE_ID);
    await fsp.mkdir(runDir, { recursive: true, mode: 0o755 });
    await fsp.mkdir(path.join(dataDir, 'Cache'), { mode: 0o755 });
    await fsp.chmod(dataDir, 0o755);
    await fsp.chmod(path.join(dataDir, 'runs'), 0o755);
    await fsp.chmod(runDir, 0o755);
    const loose = [PROFILES_FILE, `${PROFILES_FILE}.bak1`, SECRETS_FILE, 'profiles.corrupt-20261124T010203Z.json', path.join('runs', PROFILE_ID, `${RUN_ID}.json`)];
    for (const name of loose) await fsp.writeFile(path.join(dataDir, name), name === SECRETS_FILE ? '{"schemaVersion":1,"secrets":{}}' : '{}', { mode: 0o644 });
    await fsp.chmod(path.join(dataDir, 'Cache'), 0o755);

    await ProfilesStore.open({ dataDir });

    expect((await modeOf(dataDir)).toString(8)).toBe('700');
    const found = await modes(dataDir, ['Cache']);
    expect(found).toEqual(expected(found));
    expect(found.map((e) => e.split(':')[0])).toEqual(expect.arrayContaining(loose.filter((n) => n !== PROFILES_FILE)));
    expect((await modeOf(path.join(dataDir, 'Cache'))).toString(8)).toBe('755');
  });

  it('writeFileAtomic replaces a 0644 file with a 0600 one', async () => {
    const file = path.join(root, 'out.txt');
    await fsp.writeFile(file, 'old', { mode: 0o644 });
    await writeFileAtomic(file, 'new');
    expect(await modeOf(file)).toBe(0o600);
  });
});
