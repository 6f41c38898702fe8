/**
 * Updates of the installed desktop app from GitHub Releases (electron-builder.yml `publish`),
 * through electron-updater. Only builds that can replace themselves check: the NSIS install on
 * Windows and the AppImage on Linux; never the portable exe (it would be replaced by an installed
 * copy), a development start, or macOS (dmg only, and Squirrel.Mac needs a signed zip).
 * The check fetches the small latest*.yml; the update itself is downloaded only after the user
 * said yes, and installed at once or when the app quits, as the user chooses.
 */

/** The part of electron-updater's AppUpdater this app uses (a fake in the tests). */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<{ isUpdateAvailable?: boolean; updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(): void;
}

export interface UpdateQuestion {
  kind: 'download' | 'restart';
  version: string;
  currentVersion: string;
}

/** Shows the question; resolves true for "Download" / "Restart now". */
export type AskUser = (question: UpdateQuestion) => Promise<boolean>;

export type UpdateOutcome = 'up-to-date' | 'declined' | 'installed-on-quit' | 'restarting' | 'failed';

/** Turns the check off for an installed build (managed machines, no network): SMTP_PROBE_UPDATES=off. */
export const UPDATES_OFF_ENV = 'SMTP_PROBE_UPDATES';

/**
 * Whether this build updates itself. electron-builder's portable exe sets PORTABLE_EXECUTABLE_DIR;
 * an AppImage runs with APPIMAGE set (a deb is updated by its package manager).
 */
export function updatesSupported(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, isPackaged: boolean): boolean {
  if (!isPackaged || env[UPDATES_OFF_ENV] === 'off') return false;
  if (platform === 'win32') return !env.PORTABLE_EXECUTABLE_DIR;
  if (platform === 'linux') return Boolean(env.APPIMAGE);
  return false;
}

/**
 * One update round: check, ask before downloading, download, ask to restart. Never downloads
 * without a yes; a failure (offline, GitHub unreachable) is logged and ends the round quietly.
 */
export async function offerUpdate(updater: Updater, currentVersion: string, ask: AskUser): Promise<UpdateOutcome> {
  // Set before the check: electron-updater otherwise starts downloading as soon as it finds one.
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = true;
  try {
    const result = await updater.checkForUpdates();
    const version = result?.updateInfo.version;
    if (!result || !version || result.isUpdateAvailable === false || version === currentVersion) return 'up-to-date';
    if (!(await ask({ kind: 'download', version, currentVersion }))) return 'declined';
    await updater.downloadUpdate();
    if (!(await ask({ kind: 'restart', version, currentVersion }))) return 'installed-on-quit';
    updater.quitAndInstall();
    return 'restarting';
  } catch (error) {
    console.warn(`Update check failed: ${error instanceof Error ? error.message : String(error)}`);
    return 'failed';
  }
}

/** The message box for a question: Electron's showMessageBox options, first button = yes. */
export function updateMessageBox(question: UpdateQuestion, productName: string): {
  type: 'question'; buttons: string[]; defaultId: number; cancelId: number; title: string; message: string; detail: string;
} {
  const download = question.kind === 'download';
  return {
    type: 'question',
    buttons: download ? ['Download', 'Not now'] : ['Restart now', 'Later'],
    defaultId: 0,
    cancelId: 1,
    title: productName,
    message: download
      ? `${productName} ${question.version} is available (you have ${question.currentVersion}). Download it now?`
      : `${productName} ${question.version} is downloaded. Restart to install it?`,
    detail: download
      ? 'The update comes from the project\'s GitHub Releases. Nothing is downloaded unless you choose Download.'
      : 'With Later, it is installed when you quit.',
  };
}

/**
 * electron-updater, loaded only when updates are on: development starts and the tests never load
 * it. The module name is a variable so the bundle keeps it external and loads it at run time.
 */
export async function loadElectronUpdater(): Promise<Updater> {
  const specifier = 'electron-updater';
  const loaded = (await import(/* @vite-ignore */ specifier)) as { autoUpdater?: Updater; default?: { autoUpdater?: Updater } };
  const updater = loaded.autoUpdater ?? loaded.default?.autoUpdater;
  if (!updater) throw new Error('electron-updater has no autoUpdater');
  return updater;
}
