// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { api } from '../../../../renderer/services/api.ts';
import { useUiStore } from '../../../../renderer/stores/ui.ts';
import { isDark } from '../../../../renderer/theme.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn(() => () => {}) } }));
const invoke = vi.mocked(api.invoke);

beforeEach(() => {
  setActivePinia(createPinia());
  invoke.mockReset();
  localStorage.clear();
  document.documentElement.className = '';
});

function fakeMedia(matches: boolean) {
  const listeners: ((e: { matches: boolean }) => void)[] = [];
  return {
    media: { matches, addEventListener: (_: string, l: (e: { matches: boolean }) => void) => listeners.push(l), removeEventListener: vi.fn() } as unknown as MediaQueryList,
    change: (m: boolean) => listeners.forEach((l) => l({ matches: m })),
  };
}

describe('ui store', () => {
  it('counts run-next requests so a subscriber sees each one', () => {
    const ui = useUiStore();
    ui.requestRunNext();
    ui.requestRunNext();
    expect(ui.runNextRequests).toBe(2);
  });

  it('follows the OS scheme until the user picks one, and remembers the pick', () => {
    const ui = useUiStore();
    const { media, change } = fakeMedia(false);
    ui.followSystemScheme(media);
    expect(document.documentElement.classList.contains('app-dark')).toBe(false);
    change(true);
    expect(document.documentElement.classList.contains('app-dark')).toBe(true);
    ui.setTheme('light');
    expect(document.documentElement.classList.contains('app-dark')).toBe(false);
    expect(localStorage.getItem('smtp-probe.theme')).toBe('light');
    expect([isDark('system', true), isDark('light', true), isDark('dark', false)]).toEqual([true, false, true]);
  });

  it('tells the host every theme pick, and reports the stored one on request (start-up)', () => {
    localStorage.setItem('smtp-probe.theme', 'dark');
    const ui = useUiStore();
    ui.reportTheme();
    expect(invoke).toHaveBeenLastCalledWith('app/set-theme', { theme: 'dark' });
    ui.setTheme('light');
    expect(invoke).toHaveBeenLastCalledWith('app/set-theme', { theme: 'light' });
    ui.setTheme('system');
    expect(invoke).toHaveBeenLastCalledWith('app/set-theme', { theme: 'system' });
  });

  it('loads app/info and shows its notices once even when the event repeats one', async () => {
    const notice = { kind: 'recovered-from-backup' as const, message: 'profiles.json was damaged; restored from the backup of 2026-01-01' };
    invoke.mockResolvedValueOnce({ ok: true, value: { version: '1.0.0', platform: 'win32', host: 'electron', canStorePasswords: true, ehloName: 'pc1.example.test', notices: [notice] } });
    const ui = useUiStore();
    await ui.loadAppInfo();
    expect(invoke).toHaveBeenCalledWith('app/info', {});
    ui.addNotice(notice);
    expect(ui.notices).toHaveLength(1);
    ui.dismissNotice(ui.notices[0]!.id);
    expect(ui.notices).toHaveLength(0);
  });
});
