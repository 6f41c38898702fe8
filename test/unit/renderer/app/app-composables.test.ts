// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { createTestingPinia } from '@pinia/testing';
import { defineComponent, h, nextTick } from 'vue';
import type { MenuAction } from '../../../../shared/ipc/contract.ts';
import { useAppCommands } from '../../../../renderer/components/app/use-app-commands.ts';
import { useTabFocus } from '../../../../renderer/composables/useTabFocus.ts';
import { useUnloadGuard } from '../../../../renderer/composables/useUnloadGuard.ts';
import { api } from '../../../../renderer/services/api.ts';
import { useOpenedReportStore } from '../../../../renderer/stores/opened-report.ts';
import { useProfilesStore } from '../../../../renderer/stores/profiles.ts';
import { useUiStore } from '../../../../renderer/stores/ui.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn() } }));
const on = vi.mocked(api.on);

enableAutoUnmount(afterEach);
afterEach(() => (document.body.innerHTML = ''));

function mountWith(use: () => void, render = () => h('div')) {
  return mount(defineComponent({ setup: () => (use(), render) }), { attachTo: document.body, global: { plugins: [createTestingPinia({ createSpy: vi.fn })] } });
}

describe('useAppCommands', () => {
  it('routes menu actions to the sidebar, the opened-report store and the ui store, and unsubscribes with the window', () => {
    let menu: (payload: { action: MenuAction }) => void = () => {};
    const unsubscribe = vi.fn();
    on.mockImplementation(((_channel: string, listener: typeof menu) => ((menu = listener), unsubscribe)) as typeof api.on);
    const sidebar = { createProfile: vi.fn(), openImport: vi.fn(), exportAll: vi.fn(async () => {}) };
    const wrapper = mountWith(() => useAppCommands(() => sidebar));
    const ui = useUiStore();
    expect(on).toHaveBeenCalledWith('menu/action', expect.any(Function));

    menu({ action: 'import-profiles' });
    menu({ action: 'export-profiles' });
    expect(sidebar.openImport).toHaveBeenCalledTimes(1);
    expect(sidebar.exportAll).toHaveBeenCalledTimes(1);
    menu({ action: 'open-report' });
    expect(useOpenedReportStore().choose).toHaveBeenCalledTimes(1);
    ui.activeTab = 'runs';
    menu({ action: 'export-transcript' });
    expect(ui.activeTab).toBe('wizard');
    expect(ui.requestExportTranscript).toHaveBeenCalledTimes(1);
    vi.mocked(api.invoke).mockResolvedValue({ ok: true, value: { opened: true } } as never);
    menu({ action: 'reply-codes' });
    expect(api.invoke).toHaveBeenCalledWith('external/open', { link: 'iana-enhanced-codes' });
    menu({ action: 'theme-dark' });
    expect(ui.setTheme).toHaveBeenCalledWith('dark');
    expect(ui.lastMenuAction).toBe('theme-dark');

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'n', ctrlKey: true, cancelable: true }));
    expect(sidebar.createProfile).toHaveBeenCalledTimes(1);
    wrapper.unmount();
    expect(unsubscribe).toHaveBeenCalled();
  });
});

describe('useTabFocus', () => {
  it('moves the focus to the active tab when a tab switch left it on the page', async () => {
    let root: HTMLElement | null = null;
    mountWith(
      () => useTabFocus(() => root),
      () => h('div', [h('button', { role: 'tab', 'aria-selected': 'true', id: 'tab' }), h('input', { id: 'field' })]),
    );
    root = document.body;
    const ui = useUiStore();
    (document.activeElement as HTMLElement | null)?.blur();
    ui.activeTab = 'settings';
    await nextTick();
    await nextTick();
    expect(document.activeElement?.id).toBe('tab');
  });
});

describe('useUnloadGuard', () => {
  it('asks before the page unloads only while there are unsaved edits, and stops with the window', () => {
    const wrapper = mountWith(() => useUnloadGuard());
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true }) as BeforeUnloadEvent;
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(false);
    useProfilesStore().dirty = true;
    expect(unload()).toBe(true);
    wrapper.unmount();
    expect(unload()).toBe(false);
  });
});
