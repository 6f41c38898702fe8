import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { MENU_ACTIONS } from '../../../shared/ipc/contract.ts';
import { menuTemplate } from '../../../electron/main/app-menu.ts';
import type { MenuOptions } from '../../../electron/main/app-menu.ts';

const flatten = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);

function build(overrides: Partial<MenuOptions> = {}) {
  const options: MenuOptions = { appName: 'SMTP Probe', platform: 'win32', development: false, theme: 'system', sendAction: vi.fn(), setTheme: vi.fn(), ...overrides };
  return { options, items: flatten(menuTemplate(options)), top: menuTemplate(options) };
}

describe('menuTemplate', () => {
  it('has File, Edit, View, Help on Windows and Linux (plus the app menu on macOS)', () => {
    expect(build().top.map((item) => item.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(build({ platform: 'darwin' }).top[0]).toEqual({ role: 'appMenu' });
  });

  it('sends every menu action the contract lists, once each', () => {
    const { options, items } = build();
    for (const item of items) if (item.click && item.type !== 'radio') (item.click as () => void)();
    // The theme-* actions come from the Theme radio items through setTheme (main sends them after switching nativeTheme).
    const viaSendAction = MENU_ACTIONS.filter((a) => !a.startsWith('theme-'));
    expect((options.sendAction as ReturnType<typeof vi.fn>).mock.calls.map(([action]) => action).sort()).toEqual([...viaSendAction].sort());
  });

  it('File > Open report… asks the page to open a report (Ctrl+Shift+O), and no two items share a shortcut', () => {
    const { options, items } = build();
    const open = items.find((item) => item.label === '&Open report…');
    expect(open?.accelerator).toBe('CmdOrCtrl+Shift+O');
    (open!.click as () => void)();
    expect(options.sendAction).toHaveBeenCalledWith('open-report');
    const accelerators = items.map((item) => item.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('offers reload and developer tools only in development', () => {
    const roles = (development: boolean) => build({ development }).items.map((item) => item.role).filter(Boolean);
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('switches the theme and marks the current one', () => {
    const { options, items } = build({ theme: 'dark' });
    const radios = items.filter((item) => item.type === 'radio');
    expect(radios.map((item) => item.checked)).toEqual([false, false, true]);
    (radios[1]!.click as () => void)();
    expect(options.setTheme).toHaveBeenCalledWith('light');
  });

  it('has Edit roles and zoom', () => {
    const roles = build().items.map((item) => item.role);
    expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom', 'quit']));
  });
});
