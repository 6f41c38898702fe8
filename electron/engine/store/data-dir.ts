/**
 * Where the desktop app, browser mode and the CLI keep their files, one folder for all three:
 * %APPDATA%\smtp-probe on Windows, ~/Library/Application Support/smtp-probe on macOS,
 * $XDG_CONFIG_HOME/smtp-probe (or ~/.config/smtp-probe) elsewhere. SMTP_PROBE_HOME overrides it.
 * It is the folder Electron named userData before the app had a product name, so desktop data
 * saved then is found where it was.
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

/** `appData`: the desktop app passes Electron's app.getPath('appData'), the same base on each platform. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, appData?: string): string {
  if (env.SMTP_PROBE_HOME) return path.resolve(env.SMTP_PROBE_HOME);
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
