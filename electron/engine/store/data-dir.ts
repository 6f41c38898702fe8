/**
 * Where the desktop app, browser mode and the CLI keep their files, one folder for all three:
 * %APPDATA%\smtp-probe on Windows, ~/Library/Application Support/smtp-probe on macOS,
 * $XDG_CONFIG_HOME/smtp-probe (or ~/.config/smtp-probe) elsewhere. SMTP_PROBE_HOME overrides it.
 * It is the folder Electron named userData before the app had a product name, so desktop data
 * saved then is found where it was. A portable copy (below) keeps its files beside itself instead.
 *
 * On POSIX every file the app writes there is 0600 and every folder 0700: profiles name the servers
 * and accounts an admin tests, runs hold transcripts. On Windows the folder is in the user's profile
 * and inherits its ACL (the user, SYSTEM and Administrators); modes mean nothing there.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/**
 * What the app keeps in the data folder: profiles and secrets files with their backups, locks,
 * corrupt copies and temporary files, the window state, runs/ and sandbox/. A folder shared with
 * an older desktop build may also hold Chromium's own folders, which are left alone.
 */
const OWN_ENTRY = /^(\.?(profiles|secrets)[.-].*|window-state\.json|runs|sandbox)$/;

export const DATA_FOLDER_NAME = 'smtp-probe';

/** The desktop window's size and place, written atomically in the data folder (electron/main/window-state.ts). */
export const WINDOW_STATE_FILE = 'window-state.json';

/** The folder a portable copy keeps its files in, beside the executable. */
export const PORTABLE_DATA_FOLDER = 'SMTP Probe Data';

/** A file of one of these names beside the executable makes that copy portable (an unzipped build on a USB stick). */
export const PORTABLE_MARKERS = ['portable', 'portable.txt'] as const;

/** What the desktop app knows of its executable: the folder it is in, and whether a portable marker is there. */
export interface PortableHint {
  exeDir: string;
  marker: boolean;
}

/**
 * Where a portable copy keeps its files, or undefined when this is not one. electron-builder's
 * portable .exe (the build made for a USB stick) unpacks itself to a temporary folder and sets
 * PORTABLE_EXECUTABLE_DIR to the folder it was started from: its data goes there. A copy with a
 * portable marker beside its executable keeps its data beside it too.
 */
export function portableDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, hint?: PortableHint): string | undefined {
  // path.win32 for Windows paths whichever system computes them (the tests run on Linux).
  const join = platform === 'win32' ? path.win32.join : path.join;
  if (env.PORTABLE_EXECUTABLE_DIR) return join(env.PORTABLE_EXECUTABLE_DIR, PORTABLE_DATA_FOLDER);
  if (hint?.marker) return join(hint.exeDir, PORTABLE_DATA_FOLDER);
  return undefined;
}

/**
 * In order: SMTP_PROBE_HOME, a portable copy's folder, then the per-user folder. `appData`: the
 * desktop app passes Electron's app.getPath('appData'), the same base on each platform; `portable`:
 * its executable's folder and marker (browser mode and the CLI pass none: they follow
 * PORTABLE_EXECUTABLE_DIR alone, and --data-dir names any folder).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, appData?: string, portable?: PortableHint): string {
  if (env.SMTP_PROBE_HOME) return path.resolve(env.SMTP_PROBE_HOME);
  const beside = portableDataDir(env, platform, portable);
  if (beside !== undefined) return beside;
  if (appData !== undefined) return path.join(appData, DATA_FOLDER_NAME);
  // path.win32: the Windows answer is the same whichever system computes it (and the tests run on Linux).
  if (platform === 'win32') return path.win32.join(env.APPDATA || path.win32.join(os.homedir(), 'AppData', 'Roaming'), DATA_FOLDER_NAME);
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', DATA_FOLDER_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), DATA_FOLDER_NAME);
}

/**
 * Creates the data folder 0700 and takes group and other permissions off what an older version (or
 * a umask) left looser: the folder itself and the app's own entries in it, recursively.
 */
export async function secureDataDir(dataDir: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  await fsp.mkdir(dataDir, { recursive: true, mode: DIR_MODE });
  if (platform === 'win32') return;
  // The folder the user pointed at may itself be a link (a dotfiles manager's): it is tightened
  // where it really is; links inside it are still never followed.
  const real = await fsp.realpath(dataDir).catch(() => dataDir);
  await tighten(real, (name) => OWN_ENTRY.test(name));
}

/** Removes group/other bits from `p` and, for a folder, from the entries `follow` accepts (all below the top). */
async function tighten(p: string, follow: (name: string) => boolean = () => true): Promise<void> {
  // lstat: a symbolic link is never followed out of the data folder.
  const st = await fsp.lstat(p).catch(() => undefined);
  if (!st || !(st.isDirectory() || st.isFile())) return;
  // A file of another owner cannot be changed and is not ours: the app's own writes replace files
  // with 0600 ones anyway, so a refusal here is not worth failing the start for.
  if ((st.mode & 0o077) !== 0) await fsp.chmod(p, st.mode & 0o700).catch(() => undefined);
  if (!st.isDirectory()) return;
  const names = await fsp.readdir(p).catch(() => [] as string[]);
  for (const name of names.filter(follow)) await tighten(path.join(p, name));
}
