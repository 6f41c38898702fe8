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
import { defaultDataDir, secureDataDir } from '../../../../electron/engine/store/data-dir.ts';

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
