/**
 * The app's one window. Its webPreferences are the locked set of reliability A.1: the page runs
 * sandboxed, isolated from the preload, without Node, with web security and without <webview>.
 * Nothing here may ever set allowRunningInsecureContent, experimentalFeatures or enableBlinkFeatures.
 */
import { BrowserWindow } from 'electron';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { WindowState } from './window-state.ts';

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    webviewTag: false,
    spellcheck: false,
  };
}

export interface MainWindowOptions {
  preload: string;
  /** app://bundle/index.html, or the dev server when not packaged. */
  url: string;
  title: string;
  icon?: string;
  dark: boolean;
  /** Where the user left the window last time (window-state.ts). */
  state?: WindowState;
}

export function mainWindowOptions(options: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    width: options.state?.width ?? 1280,
    height: options.state?.height ?? 820,
    ...(options.state?.x !== undefined && options.state.y !== undefined ? { x: options.state.x, y: options.state.y } : {}),
    minWidth: 900,
    minHeight: 600,
    title: options.title,
    show: false, // shown on ready-to-show: no white flash in the dark theme
    backgroundColor: options.dark ? '#18181b' : '#ffffff',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: secureWebPreferences(options.preload),
  };
}

/** Creates the window and loads the page; the caller installs guards through web-contents-created. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(options));
  let shown = false;
  const show = (): void => {
    if (shown || window.isDestroyed()) return;
    shown = true;
    if (options.state?.maximized) window.maximize();
    window.show();
  };
  window.once('ready-to-show', show);
  // A page that fails to load or a renderer that dies never fires ready-to-show: show the window
  // anyway, so the app is not left running with no window to close.
  window.webContents.once('did-fail-load', show);
  window.webContents.once('render-process-gone', show);
  window.loadURL(options.url).catch((error: unknown) => console.error(`Could not load ${options.url}:`, error));
  return window;
}
