/**
 * The native menu. File and Help items are views of the renderer, so they become 'menu/action'
 * events; Edit and zoom use Electron's roles; the theme switch sets nativeTheme.themeSource, which
 * the page sees as prefers-color-scheme. Reload and developer tools exist only in development.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuAction, ThemeChoice } from '../../shared/ipc/contract.ts';

export type ThemeSource = ThemeChoice;

export interface MenuOptions {
  appName: string;
  platform: NodeJS.Platform;
  /** !app.isPackaged: adds Reload and the developer tools. */
  development: boolean;
  theme: ThemeSource;
  sendAction(action: MenuAction): void;
  setTheme(source: ThemeSource): void;
}

export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const action = (label: string, name: MenuAction, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => options.sendAction(name),
  });
  const themeItem = (label: string, source: ThemeSource): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: options.theme === source,
    click: () => options.setTheme(source),
  });
  const mac = options.platform === 'darwin';

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      action('&New profile', 'new-profile', 'CmdOrCtrl+N'),
      { type: 'separator' },
      action('&Open report…', 'open-report', 'CmdOrCtrl+Shift+O'),
      { type: 'separator' },
      action('&Import profiles…', 'import-profiles', 'CmdOrCtrl+O'),
      action('&Export profiles…', 'export-profiles'),
      action('Export &transcript…', 'export-transcript', 'CmdOrCtrl+S'),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit', label: 'E&xit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(options.development ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { label: '&Theme', submenu: [themeItem('Follow &system', 'system'), themeItem('&Light', 'light'), themeItem('&Dark', 'dark')] },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [action('&Reply-code reference', 'reply-codes', 'F1'), { type: 'separator' }, action(`&About ${options.appName}`, 'about')],
  };
  return [...(mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []), file, edit, view, help];
}
