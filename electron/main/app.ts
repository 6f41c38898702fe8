/**
 * The desktop app's life cycle: everything Electron-specific is wired here, once.
 * Before ready: the privileged app:// scheme, the renderer sandbox for every window, the
 * single-instance lock, guards on every webContents. On ready: permissions denied (but clipboard
 * write for our page), CSP on every
 * response, app:// serving out/renderer, the service's handler table behind the IPC checks, the
 * menu, the window. The service runs in this process's event loop on async sockets and DNS: while
 * a run waits on a server, the window's other calls are answered (the window itself renders in its
 * own renderer process).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, nativeTheme, protocol, safeStorage, screen, session, shell } from 'electron';
import type { Handlers, ThemeChoice } from '../../shared/ipc/contract.ts';
import { PORTABLE_MARKERS, WINDOW_STATE_FILE, defaultDataDir, portableDataDir } from '../engine/store/data-dir.ts';
import type { SecretStore } from '../engine/store/secrets.ts';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol.ts';
import { menuTemplate } from './app-menu.ts';
import { contentSecurityPolicy, withCspHeader } from './content-security-policy.ts';
import { createEventForwarder } from './event-forwarder.ts';
import type { Emit } from '../engine/service/service-deps.ts';
import { deferredHandlers, registerIpcHandlers } from './ipc.ts';
import { createMainWindow } from './main-window.ts';
import { createChooseReportFile } from './open-dialog.ts';
import { createSaveFile } from './save-dialog.ts';
import type { SaveFileResult } from './save-dialog.ts';
import { createSafeStorageSecrets } from './secret-store.ts';
import { APP_ENTRY_URL, devServerOrigin, trustedOrigins } from './trusted-origin.ts';
import { LEAVE_QUESTION, guardUnsavedChanges } from './unsaved-guard.ts';
import { readWindowState, saveWindowState } from './window-state.ts';
import { guardWebContents, lockPermissions } from './web-guards.ts';
import { offerUpdate, updateMessageBox, updatesSupported } from './updates.ts';
import type { AskUser, Updater } from './updates.ts';

export const PRODUCT_NAME = 'SMTP Probe';
/** Inside a portable copy's data folder: Electron's own userData (caches, local storage). */
export const PORTABLE_ELECTRON_FOLDER = 'electron';

/** What the desktop host gives the service (electron/engine/service). */
export interface DesktopServiceDeps {
  dataDir: string;
  secrets: SecretStore;
  emit: Emit;
  saveFile(suggestedName: string, text: string): Promise<SaveFileResult>;
  /** File > Open report: the chosen file's path, or undefined. */
  chooseReportFile(): Promise<string | undefined>;
  openExternal(url: string): Promise<void>;
  /** The page's theme choice (app/set-theme): nativeTheme and View > Theme follow it. */
  setTheme(theme: ThemeChoice): void;
  host: 'electron';
}

export interface DesktopService {
  handlers: Handlers;
  dispose(): void | Promise<void>;
}

export interface StartAppOptions {
  /** May load the service on its own time (main.ts imports it after the window is asked to load its page). */
  createService(deps: DesktopServiceDeps): DesktopService | Promise<DesktopService>;
  /** The build's out/ folder: main/, preload/index.cjs, renderer/. */
  outDir: string;
  env?: NodeJS.ProcessEnv;
  /** Loads electron-updater (main.ts); absent, the app never checks for updates. */
  loadUpdater?: () => Promise<Updater>;
}

export interface StartedApp {
  /** Resolves when the window has been created (or rejects with the start-up error). */
  ready: Promise<void>;
}

/**
 * nativeTheme.themeSource and View > Theme's radio as one setting. A menu pick also tells the page
 * (menu/action); the page's own pick arrives through app/set-theme and needs no echo.
 */
function themeSwitch(emit: Emit, development: boolean): (theme: ThemeChoice, fromMenu: boolean) => void {
  const apply = (theme: ThemeChoice, fromMenu: boolean): void => {
    nativeTheme.themeSource = theme;
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          appName: PRODUCT_NAME,
          platform: process.platform,
          development,
          theme,
          sendAction: (action) => emit('menu/action', { action }),
          setTheme: (source) => apply(source, true),
        }),
      ),
    );
    if (fromMenu) emit('menu/action', { action: `theme-${theme}` });
  };
  return apply;
}

/** Taskbar identity on Windows: the installer tags its shortcuts with the same id (electron-builder.yml appId). */
export const APP_USER_MODEL_ID = 'dev.smtpprobe.app';
/** How long quitting waits for the service to close sockets and finish writes before it quits anyway. */
export const DISPOSE_TIMEOUT_MS = 5_000;

/** Resolves after `work` or after `ms`, whichever comes first; a failure of `work` is logged, not thrown. */
function settleWithin(work: () => unknown, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`${what} took longer than ${ms} ms; quitting anyway`);
      resolve();
    }, ms);
  });
  const done = Promise.resolve()
    .then(work)
    .then(() => undefined)
    .catch((error: unknown) => console.error(`${what} failed:`, error));
  return Promise.race([done, timeout]).finally(() => clearTimeout(timer));
}

/** What the app-level handlers share with the window and the service, once ready. */
interface AppState {
  window: BrowserWindow | null;
  /** The service, loading or loaded; null when it could not be created (the app exits then). */
  service: Promise<DesktopService | null> | null;
  unregisterIpc: (() => void) | null;
  /** The window position being written when the window closed: quitting waits for it. */
  pendingWrites: Set<Promise<void>>;
}

/**
 * App-wide events: a second instance focuses the window; closing the last window quits except on
 * macOS (apps stay in the dock there); quitting waits, at most DISPOSE_TIMEOUT_MS, for the window
 * position and for the service to close sockets and pending writes.
 */
function handleAppEvents(st: AppState): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('second-instance', () => {
    if (!st.window || st.window.isDestroyed()) return;
    if (st.window.isMinimized()) st.window.restore();
    st.window.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let quitting = false;
  app.on('will-quit', (event) => {
    st.unregisterIpc?.();
    st.unregisterIpc = null;
    if (quitting || (!st.service && st.pendingWrites.size === 0)) return;
    event.preventDefault();
    quitting = true;
    const work = async (): Promise<void> => {
      await Promise.all(st.pendingWrites);
      await (await st.service)?.dispose();
    };
    void settleWithin(work, DISPOSE_TIMEOUT_MS, 'Shutting the service down').finally(() => app.quit());
  });
}

/** Opens the main window where it was last closed and remembers where it is when it closes. */
function openMainWindow(st: AppState, url: string, preload: string, stateFile: string): void {
  const saved = readWindowState(stateFile, screen.getAllDisplays().map((d) => d.workArea));
  const window = createMainWindow({ preload, url, title: PRODUCT_NAME, dark: nativeTheme.shouldUseDarkColors, ...(saved ? { state: saved } : {}) });
  st.window = window;
  window.on('close', () => {
    if (window.isDestroyed()) return;
    const write = saveWindowState(stateFile, { ...window.getNormalBounds(), maximized: window.isMaximized() }).catch((error: unknown) =>
      console.warn(`Could not save the window position: ${error instanceof Error ? error.message : String(error)}`),
    );
    st.pendingWrites.add(write);
    void write.finally(() => st.pendingWrites.delete(write));
  });
  guardUnsavedChanges(window.webContents, () => dialog.showMessageBoxSync(window, LEAVE_QUESTION) === 0);
  window.on('closed', () => {
    if (st.window === window) st.window = null;
  });
}

/** The update questions as message boxes on the window (electron/main/updates.ts). */
function askInDialog(st: AppState): AskUser {
  return async (question) => {
    const box = updateMessageBox(question, PRODUCT_NAME);
    const parent = st.window && !st.window.isDestroyed() ? st.window : null;
    const { response } = parent ? await dialog.showMessageBox(parent, box) : await dialog.showMessageBox(box);
    return response === box.defaultId;
  };
}

/** One update round after the window opened, where this build can update itself. */
async function checkForUpdates(st: AppState, loadUpdater: () => Promise<Updater>): Promise<void> {
  try {
    await offerUpdate(await loadUpdater(), app.getVersion(), askInDialog(st));
  } catch (error) {
    console.warn(`Updates are not available: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The desktop's data folder: defaultDataDir, told where the executable is and whether a portable
 * marker lies beside it; `portable` when the folder is a portable copy's (beside the executable).
 */
export function desktopDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, exePath: string, appData: string, exists: (file: string) => boolean = existsSync): { dataDir: string; portable: boolean } {
  const paths = platform === 'win32' ? path.win32 : path;
  const exeDir = paths.dirname(exePath);
  const hint = { exeDir, marker: PORTABLE_MARKERS.some((name) => exists(paths.join(exeDir, name))) };
  const portable = !env.SMTP_PROBE_HOME && portableDataDir(env, platform, hint) !== undefined;
  return { dataDir: defaultDataDir(env, platform, appData, hint), portable };
}

/** What the desktop gives the service: its data folder, safeStorage, the dialogs, the shell and the theme. */
function serviceDeps(st: AppState, dataDir: string, emit: Emit, applyTheme: (theme: ThemeChoice, fromMenu: boolean) => void): DesktopServiceDeps {
  return {
    dataDir,
    secrets: createSafeStorageSecrets(safeStorage),
    emit,
    saveFile: createSaveFile(dialog, () => st.window, () => app.getPath('documents')),
    chooseReportFile: createChooseReportFile(dialog, () => st.window, () => app.getPath('documents')),
    // The allow-list (with the known-replies links) loads with the first link opened.
    openExternal: async (url) => (await import('./external-links.ts')).openExternalLink(shell, url),
    setTheme: (theme) => applyTheme(theme, false),
    host: 'electron',
  };
}

/** The service; when it cannot be created the app says so and exits, as when the window cannot open. */
async function loadService(options: StartAppOptions, deps: DesktopServiceDeps): Promise<DesktopService | null> {
  try {
    return await options.createService(deps);
  } catch (error) {
    startFailed(error);
    return null;
  }
}

function startFailed(error: unknown): void {
  console.error(`${PRODUCT_NAME} could not start:`, error);
  dialog.showErrorBox(PRODUCT_NAME, `The app could not start: ${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
}

/** Starts the app; returns null when another instance already runs (that one is focused). */
function usePortableElectronFolder(folder: string): void {
  app.setPath('userData', folder);
  app.setPath('sessionData', folder);
  app.setPath('logs', path.join(folder, 'logs'));
  app.setPath('crashDumps', path.join(folder, 'Crashpad'));
}

export function startApp(options: StartAppOptions): StartedApp | null {
  const env = options.env ?? process.env;
  // Must precede 'ready': app:// becomes a standard, secure origin for the page.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();
  // Before any window: otherwise Windows groups the window apart from the pinned shortcut.
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  // One data folder for the desktop app, browser mode and the CLI (see defaultDataDir).
  const { dataDir, portable } = desktopDataDir(env, process.platform, app.getPath('exe'), app.getPath('appData'));
  // A portable copy keeps Electron's own files beside its data too (before the single-instance
  // lock, which lives there): sessionData, logs and crash dumps each have a per-user default.
  if (portable) usePortableElectronFolder(path.join(dataDir, PORTABLE_ELECTRON_FOLDER));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  const devOrigin = devServerOrigin(app.isPackaged, env.ELECTRON_RENDERER_URL);
  const policy = contentSecurityPolicy(devOrigin);
  const origins = trustedOrigins(devOrigin);
  const st: AppState = { window: null, service: null, unregisterIpc: null, pendingWrites: new Set() };
  handleAppEvents(st);

  const emit = createEventForwarder(() => (st.window && !st.window.isDestroyed() ? st.window.webContents : null));
  const applyTheme = themeSwitch(emit, !app.isPackaged);
  const ready = app.whenReady().then(() => {
    // 'system' until the page reports its stored choice (app/set-theme at start).
    applyTheme('system', false);
    const ses = session.defaultSession;
    lockPermissions(ses, origins);
    ses.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCspHeader(details.responseHeaders, policy) }));
    registerAppProtocol(ses.protocol, path.join(options.outDir, 'renderer'), policy);

    // The service loads (zod, the schemas, the engine, the stores) while the window loads its page;
    // IPC is registered at once, and each call waits for it.
    st.service = loadService(options, serviceDeps(st, dataDir, emit, applyTheme));
    st.unregisterIpc = registerIpcHandlers(ipcMain, deferredHandlers(st.service.then((s) => s?.handlers ?? null)), {
      windowContentsId: () => (st.window && !st.window.isDestroyed() ? st.window.webContents.id : null),
      mainFrame: () => (st.window && !st.window.isDestroyed() ? st.window.webContents.mainFrame : null),
      trustedOrigins: origins,
    });

    const url = devOrigin && env.ELECTRON_RENDERER_URL ? env.ELECTRON_RENDERER_URL : APP_ENTRY_URL;
    const open = () => openMainWindow(st, url, path.join(options.outDir, 'preload', 'index.cjs'), path.join(dataDir, WINDOW_STATE_FILE));
    open();
    if (options.loadUpdater && updatesSupported(process.platform, env, app.isPackaged)) void checkForUpdates(st, options.loadUpdater);
    // macOS keeps apps alive without windows; clicking the dock icon opens one again.
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
  });
  ready.catch(startFailed);
  return { ready };
}
