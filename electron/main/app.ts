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
import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, nativeTheme, protocol, safeStorage, screen, session, shell } from 'electron';
import type { Handlers, ThemeChoice } from '../../shared/ipc/contract.ts';
import type { SecretStore } from '../engine/store/secrets.ts';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol.ts';
import { menuTemplate } from './app-menu.ts';
import { contentSecurityPolicy, withCspHeader } from './content-security-policy.ts';
import { createEventForwarder } from './event-forwarder.ts';
import type { Emit } from '../engine/service/service-deps.ts';
import { openExternalLink } from './external-links.ts';
import { registerIpcHandlers } from './ipc.ts';
import { createMainWindow } from './main-window.ts';
import { createSaveFile } from './save-dialog.ts';
import type { SaveFileResult } from './save-dialog.ts';
import { createSafeStorageSecrets } from './secret-store.ts';
import { APP_ENTRY_URL, devServerOrigin, trustedOrigins } from './trusted-origin.ts';
import { LEAVE_QUESTION, guardUnsavedChanges } from './unsaved-guard.ts';
import { readWindowState, saveWindowState } from './window-state.ts';
import { guardWebContents, lockPermissions } from './web-guards.ts';

export const PRODUCT_NAME = 'SMTP Probe';

/** What the desktop host gives the service (electron/engine/service). */
export interface DesktopServiceDeps {
  dataDir: string;
  secrets: SecretStore;
  emit: Emit;
  saveFile(suggestedName: string, text: string): Promise<SaveFileResult>;
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
  createService(deps: DesktopServiceDeps): DesktopService;
  /** The build's out/ folder: main/, preload/index.cjs, renderer/. */
  outDir: string;
  env?: NodeJS.ProcessEnv;
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

/** Starts the app; returns null when another instance already runs (that one is focused). */
export function startApp(options: StartAppOptions): StartedApp | null {
  const env = options.env ?? process.env;
  // Must precede 'ready': app:// becomes a standard, secure origin for the page.
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  const devOrigin = devServerOrigin(app.isPackaged, env.ELECTRON_RENDERER_URL);
  const policy = contentSecurityPolicy(devOrigin);
  const origins = trustedOrigins(devOrigin);
  let window: BrowserWindow | null = null;
  let service: DesktopService | null = null;
  let unregisterIpc: (() => void) | null = null;

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());

  let disposed = false;
  app.on('will-quit', (event) => {
    unregisterIpc?.();
    unregisterIpc = null;
    if (disposed || !service) return;
    // Let the service close sockets, the sandbox and pending writes before the process ends.
    event.preventDefault();
    disposed = true;
    Promise.resolve()
      .then(() => service?.dispose())
      .catch((error: unknown) => console.error('Shutting the service down failed:', error))
      .finally(() => app.quit());
  });

  const emit = createEventForwarder(() => (window && !window.isDestroyed() ? window.webContents : null));
  const openWindow = (): void => {
    const url = devOrigin && env.ELECTRON_RENDERER_URL ? env.ELECTRON_RENDERER_URL : APP_ENTRY_URL;
    const stateFile = path.join(app.getPath('userData'), 'window-state.json');
    const saved = readWindowState(stateFile, screen.getAllDisplays().map((d) => d.workArea));
    window = createMainWindow({
      preload: path.join(options.outDir, 'preload', 'index.cjs'),
      url,
      title: PRODUCT_NAME,
      dark: nativeTheme.shouldUseDarkColors,
      ...(saved ? { state: saved } : {}),
    });
    window.on('close', () => {
      if (!window || window.isDestroyed()) return;
      const bounds = window.getNormalBounds();
      saveWindowState(stateFile, { ...bounds, maximized: window.isMaximized() }).catch((error: unknown) =>
        console.warn(`Could not save the window position: ${error instanceof Error ? error.message : String(error)}`),
      );
    });
    const opened = window;
    guardUnsavedChanges(opened.webContents, () => dialog.showMessageBoxSync(opened, LEAVE_QUESTION) === 0);
    window.on('closed', () => {
      window = null;
    });
  };

  const applyTheme = themeSwitch(emit, !app.isPackaged);

  const ready = app.whenReady().then(() => {
    // 'system' until the page reports its stored choice (app/set-theme at start).
    applyTheme('system', false);
    const ses = session.defaultSession;
    lockPermissions(ses, origins);
    ses.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCspHeader(details.responseHeaders, policy) }));
    registerAppProtocol(ses.protocol, path.join(options.outDir, 'renderer'), policy);

    service = options.createService({
      dataDir: app.getPath('userData'),
      secrets: createSafeStorageSecrets(safeStorage),
      emit,
      saveFile: createSaveFile(dialog, () => window, () => app.getPath('documents')),
      openExternal: (url) => openExternalLink(shell, url),
      setTheme: (theme) => applyTheme(theme, false),
      host: 'electron',
    });
    unregisterIpc = registerIpcHandlers(ipcMain, service.handlers, {
      windowContentsId: () => (window && !window.isDestroyed() ? window.webContents.id : null),
      mainFrame: () => (window && !window.isDestroyed() ? window.webContents.mainFrame : null),
      trustedOrigins: origins,
    });

    openWindow();
    // macOS keeps apps alive without windows; clicking the dock icon opens one again.
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });
  ready.catch((error: unknown) => {
    console.error(`${PRODUCT_NAME} could not start:`, error);
    dialog.showErrorBox(PRODUCT_NAME, `The app could not start: ${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
  });
  return { ready };
}
