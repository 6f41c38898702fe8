/**
 * defaultDataDir: one data folder per user on each system, %APPDATA%\smtp-probe on Windows, and
 * the store works in a folder whose path has spaces and non-ASCII letters (a Windows user name
 * like "Zoë Ünal" gives C:\Users\Zoë Ünal\AppData\Roaming).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../../electron/engine/store/atomic-file.ts';
import { withFileLock } from '../../../../electron/engine/store/file-lock.ts';
import { defaultDataDir, portableDataDir, secureDataDir } from '../../../../electron/engine/store/data-dir.ts';

const WINDOWS_USER = 'C:\\Users\\Zoë Ünal';

describe('defaultDataDir', () => {
  it('Windows: under %APPDATA%, with spaces and non-ASCII letters kept as they are', () => {
    expect(defaultDataDir({ APPDATA: `${WINDOWS_USER}\\AppData\\Roaming` }, 'win32')).toBe(`${WINDOWS_USER}\\AppData\\Roaming\\smtp-probe`);
    expect(defaultDataDir({ APPDATA: 'D:\\Profiles\\Jörg Müller\\AppData\\Roaming' }, 'win32')).toBe('D:\\Profiles\\Jörg Müller\\AppData\\Roaming\\smtp-probe');
  });

  it('Windows without APPDATA (or with it empty): AppData\\Roaming in the home folder', () => {
    for (const env of [{}, { APPDATA: '' }]) {
      expect(defaultDataDir(env, 'win32')).toBe(path.win32.join(os.homedir(), 'AppData', 'Roaming', 'smtp-probe'));
    }
  });

  it('the desktop app\'s appData (Electron\'s %APPDATA% on Windows) and SMTP_PROBE_HOME take precedence', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\elsewhere' }, 'win32', path.join('base', 'Roaming'))).toBe(path.join('base', 'Roaming', 'smtp-probe'));
    expect(defaultDataDir({ SMTP_PROBE_HOME: 'my data' }, 'win32', 'ignored')).toBe(path.resolve('my data'));
  });

  it('macOS and Linux', () => {
    expect(defaultDataDir({}, 'darwin')).toBe(path.join(os.homedir(), 'Library', 'Application Support', 'smtp-probe'));
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/home/zoë/.config' }, 'linux')).toBe(path.join('/home/zoë/.config', 'smtp-probe'));
  });
});

describe('a portable copy (portableDataDir, through defaultDataDir)', () => {
  const APP_DATA = 'C:\\Users\\Zoë Ünal\\AppData\\Roaming';
  const onStick = { exeDir: 'E:\\Tools\\SMTP Probe', marker: false };

  it("electron-builder's portable exe: beside the folder it was started from (PORTABLE_EXECUTABLE_DIR), not the temporary one it runs in", () => {
    const env = { PORTABLE_EXECUTABLE_DIR: 'E:\\Tools', APPDATA: APP_DATA };
    expect(portableDataDir(env, 'win32')).toBe('E:\\Tools\\SMTP Probe Data');
    const unpacked = { exeDir: 'C:\\Users\\Zoë Ünal\\AppData\\Local\\Temp\\2abc\\app', marker: false };
    expect(defaultDataDir(env, 'win32', APP_DATA, unpacked)).toBe('E:\\Tools\\SMTP Probe Data');
    // The CLI and browser mode (no executable hint) started with the same environment agree.
    expect(defaultDataDir(env, 'win32')).toBe('E:\\Tools\\SMTP Probe Data');
    // A drive's root.
    expect(portableDataDir({ PORTABLE_EXECUTABLE_DIR: 'F:\\' }, 'win32')).toBe('F:\\SMTP Probe Data');
  });

  it('a portable marker beside the executable: the data goes beside it', () => {
    expect(defaultDataDir({ APPDATA: APP_DATA }, 'win32', APP_DATA, { ...onStick, marker: true })).toBe('E:\\Tools\\SMTP Probe\\SMTP Probe Data');
  });

  it('an installed copy (no marker, no PORTABLE_EXECUTABLE_DIR) keeps the per-user folder', () => {
    expect(portableDataDir({}, 'win32', onStick)).toBeUndefined();
    expect(portableDataDir({ PORTABLE_EXECUTABLE_DIR: '' }, 'win32', onStick)).toBeUndefined();
    expect(defaultDataDir({ APPDATA: APP_DATA }, 'win32', undefined, onStick)).toBe(`${APP_DATA}\\smtp-probe`);
  });

  it('SMTP_PROBE_HOME still wins over a portable copy', () => {
    expect(defaultDataDir({ SMTP_PROBE_HOME: 'my data', PORTABLE_EXECUTABLE_DIR: 'E:\\Tools' }, 'win32', APP_DATA, { ...onStick, marker: true })).toBe(path.resolve('my data'));
  });
});

describe('a data folder whose path has spaces and non-ASCII letters', () => {
  let base: string | undefined;
  afterEach(async () => {
    if (base) await rm(base, { recursive: true, force: true });
  });

  it('is created, and files are written atomically and read back under it', async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'Zoë Ünal – '));
    const dataDir = path.join(base, 'App Data', 'Roaming', 'smtp-probe');
    await secureDataDir(dataDir);
    const file = path.join(dataDir, 'profiles.json');
    await writeFileAtomic(file, '{"name":"Grüße"}');
    await writeFileAtomic(file, '{"name":"Grüße 2"}');
    expect(await readFile(file, 'utf8')).toBe('{"name":"Grüße 2"}');
    // No temporary file left next to it.
    expect(await readdir(dataDir)).toEqual(['profiles.json']);
  });
});

describe("a portable copy's data folder", () => {
  let base: string | undefined;
  afterEach(async () => {
    if (base) await rm(base, { recursive: true, force: true });
  });

  it('keeps one writer at a time (the data folder lock), like the per-user folder', async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'USB stick '));
    const dataDir = portableDataDir({ PORTABLE_EXECUTABLE_DIR: base }, process.platform)!;
    expect(dataDir).toBe(path.join(base, 'SMTP Probe Data'));
    await secureDataDir(dataDir);
    const file = path.join(dataDir, 'profiles.json');
    let release: () => void = () => {};
    const held = withFileLock(file, () => new Promise<void>((resolve) => (release = resolve)));
    await expect.poll(() => readdir(dataDir)).toContain('profiles.json.lock');
    // A second writer (another process on the same stick) waits for it and gives up, bounded.
    await expect(withFileLock(file, async () => 'written', { waitMs: 200 })).rejects.toMatchObject({ code: 'EBUSY' });
    release();
    await held;
    await expect(withFileLock(file, async () => 'written', { waitMs: 200 })).resolves.toBe('written');
  });
});
