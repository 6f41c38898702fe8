// @vitest-environment happy-dom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import ConfirmDialog from 'primevue/confirmdialog';
import { defineComponent, h } from 'vue';
import type { EventChannel } from '../../../../shared/ipc/contract.ts';
import AppLayout from '../../../../renderer/components/app/AppLayout.vue';
import { api } from '../../../../renderer/services/api.ts';
import { useProfilesStore } from '../../../../renderer/stores/profiles.ts';
import { useUiStore } from '../../../../renderer/stores/ui.ts';
import { mountWithApp, profileView, settle } from '../shell-mount.ts';
import { buildReport } from '../../../fixtures/reports/build-report.ts';
import { loadLazyViews } from '../lazy-views.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn() } }));
const invoke = vi.mocked(api.invoke);
const on = vi.mocked(api.on);
enableAutoUnmount(afterEach);

const local = profileView({ id: '22222222-2222-4222-8222-222222222222', name: 'Local test server', target: '127.0.0.1', builtIn: 'sandbox' });
const office = profileView();
let listeners: Partial<Record<EventChannel, (payload: unknown) => void>>;

beforeEach(() => {
  listeners = {};
  on.mockReset();
  on.mockImplementation(((channel: EventChannel, listener: (payload: unknown) => void) => {
    listeners[channel] = listener;
    return () => {};
  }) as typeof api.on);
  invoke.mockReset();
  invoke.mockImplementation((async (channel: string, input: { id?: string; fields?: object }) => {
    if (channel === 'profiles/save') return { ok: true, value: { ...office, ...input.fields, id: input.id ?? '33333333-3333-4333-8333-333333333333' } };
    if (channel === 'app/info') return { ok: true, value: { version: '1.2.3', platform: 'win32', host: 'electron', canStorePasswords: true, ehloName: 'pc1.example.test', notices: [] } };
    if (channel === 'profiles/list') return { ok: true, value: [office, local] };
    if (channel === 'sandbox/status') return { ok: true, value: { running: false } };
    return { ok: true, value: [] };
  }) as typeof api.invoke);
});

function mountLayout() {
  return mountWithApp(AppLayout, { global: { stubs: { WizardView: true, ConsolePanel: true } } });
}

// The views that load on first use, loaded ahead so that they are drawn at once.
beforeAll(loadLazyViews);

describe('AppLayout', () => {
  it('loads app/info and the profiles, selecting "Local test server" on first launch', async () => {
    const wrapper = mountLayout();
    await settle();
    expect(invoke).toHaveBeenCalledWith('app/info', {});
    expect(useProfilesStore().selectedId).toBe(local.id);
    expect(wrapper.find('h1').text()).toBe('Local test server');
  });

  it('asks app/info, profiles/list and sandbox/status at once: none waits for another\'s answer', async () => {
    const answer = invoke.getMockImplementation()!;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    invoke.mockImplementation((async (channel: string, input: never) => {
      if (channel === 'app/info') await held;
      return answer(channel as never, input);
    }) as typeof api.invoke);
    mountLayout();
    await settle();
    const asked = invoke.mock.calls.map(([channel]) => channel);
    expect(asked).toEqual(expect.arrayContaining(['app/info', 'profiles/list', 'sandbox/status']));
    expect(useProfilesStore().selectedId).toBe(local.id);
    release();
    await settle();
    expect(useUiStore().appInfo?.version).toBe('1.2.3');
  });

  it('shows a storage/notice event as a banner, literally', async () => {
    const wrapper = mountLayout();
    await settle();
    listeners['storage/notice']?.({ kind: 'recovered-from-backup', message: 'restored <img src=x onerror=alert(1)>' });
    await settle();
    expect(wrapper.text()).toContain('restored <img src=x onerror=alert(1)>');
    expect(wrapper.find('img').exists()).toBe(false);
  });

  it('routes Ctrl+Enter to the wizard through the ui store and Ctrl+S to the form', async () => {
    mountLayout();
    await settle();
    const ui = useUiStore();
    ui.activeTab = 'runs';
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, cancelable: true }));
    expect(ui.runNextRequests).toBe(1);
    expect(ui.activeTab).toBe('wizard');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, cancelable: true }));
    expect(ui.saveRequests).toBe(1);
    expect(ui.activeTab).toBe('settings');
  });

  it('answers native menu actions: About opens the dialog, New profile opens an unsaved draft', async () => {
    const wrapper = mountLayout();
    await settle();
    listeners['menu/action']?.({ action: 'about' });
    await settle();
    expect(document.body.textContent).toContain('About SMTP Probe');
    expect(document.body.textContent).toContain('1.2.3');
    listeners['menu/action']?.({ action: 'new-profile' });
    await settle();
    expect(invoke).not.toHaveBeenCalledWith('profiles/save', expect.anything());
    expect(wrapper.find('h1').text()).toBe('New profile (not saved yet)');
    // The example values are placeholders, not values.
    const name = wrapper.find<HTMLInputElement>('input[placeholder="New profile"]');
    expect(name.element.value).toBe('');
    expect(wrapper.find<HTMLInputElement>('input[placeholder="example.com"]').element.value).toBe('');
  });

  it('File > Open report asks main for a report (report/choose) and shows it in place of the profile until Close', async () => {
    const report = buildReport({ profileName: 'Office' });
    const wrapper = mountLayout();
    await settle();
    invoke.mockImplementationOnce((async () => ({ ok: true, value: { report, fileName: 'ticket.json' } })) as typeof api.invoke);
    listeners['menu/action']?.({ action: 'open-report' });
    await settle();
    expect(invoke).toHaveBeenCalledWith('report/choose', {});
    expect(wrapper.find('[data-testid="opened-report-banner"]').text()).toContain('profile Office, opened from ticket.json');
    expect(wrapper.find('h1').exists()).toBe(false);
    await wrapper.find('[data-testid="close-opened-report"]').trigger('click');
    await settle();
    expect(wrapper.find('[data-testid="opened-report"]').exists()).toBe(false);
    expect(wrapper.find('h1').text()).toBe('Local test server');
  });

  it('a refused report file leaves the view as it was and says why', async () => {
    const wrapper = mountLayout();
    await settle();
    invoke.mockImplementationOnce((async () => ({ ok: false, error: { code: 'EINVALID', message: 'ticket.json is not JSON (Unexpected token).', field: 'file' } })) as typeof api.invoke);
    listeners['menu/action']?.({ action: 'open-report' });
    await settle();
    expect(wrapper.find('[data-testid="open-report-error"]').text()).toContain('Could not open the report. ticket.json is not JSON (Unexpected token).');
    expect(wrapper.find('[data-testid="opened-report"]').exists()).toBe(false);
    expect(wrapper.find('h1').text()).toBe('Local test server');
  });

  it('saves the New draft only on Save, and only with valid fields (else the first field to fix takes the focus)', async () => {
    const wrapper = mountLayout();
    await settle();
    useProfilesStore().create();
    await settle();
    const save = () => wrapper.findAll('button').find((b) => b.text().includes('Save'))!.trigger('click');
    await save();
    await settle();
    expect(invoke).not.toHaveBeenCalledWith('profiles/save', expect.anything());
    expect(wrapper.text()).toContain('Give the profile a name');
    expect(document.activeElement).toBe(wrapper.find('input[placeholder="New profile"]').element);

    await wrapper.find('input[placeholder="New profile"]').setValue('Branch relay');
    await wrapper.find('input[placeholder="example.com"]').setValue('branch.example.net');
    await save();
    await settle();
    expect(invoke).toHaveBeenCalledWith('profiles/save', { fields: expect.objectContaining({ name: 'Branch relay', target: 'branch.example.net' }), password: undefined });
    const profiles = useProfilesStore();
    expect(profiles.draft).toBeUndefined();
    expect(profiles.selectedId).toBe('33333333-3333-4333-8333-333333333333');
    expect(wrapper.find('h1').text()).toBe('Branch relay');
  });

  it('leaving a New draft with something typed asks first; Discard changes lets it go', async () => {
    // With the confirmation host, as App.vue places it.
    const Harness = defineComponent({ render: () => [h(AppLayout), h(ConfirmDialog)] });
    const wrapper = mountWithApp(Harness, { global: { stubs: { WizardView: true, ConsolePanel: true } } });
    await settle();
    const profiles = useProfilesStore();
    profiles.create();
    await settle();
    await wrapper.find('input[placeholder="New profile"]').setValue('Half');
    await settle();
    expect(profiles.hasUnsavedEdits).toBe(true);
    await wrapper.findAll('[role="option"]').find((o) => o.text().includes('Local test server'))!.trigger('click');
    await settle();
    expect(document.body.textContent).toContain('The new profile is not saved. Discard it?');
    expect(profiles.draft).toBeDefined();
    const discard = [...document.body.querySelectorAll('button')].find((b) => b.textContent?.includes('Discard changes'))!;
    discard.click();
    await settle();
    expect(profiles.draft).toBeUndefined();
    expect(profiles.selectedId).toBe(local.id);
  });

  it('asks before the window closes while a profile has unsaved edits, and not otherwise', async () => {
    mountLayout();
    await settle();
    const profiles = useProfilesStore();
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    profiles.dirty = false;
    expect(unload()).toBe(false);
    profiles.dirty = true;
    expect(unload()).toBe(true);
    profiles.dirty = false;
    // A changed inline command draft in the wizard counts too.
    profiles.markDraft('wizard-rcpt-editor', true);
    expect(unload()).toBe(true);
    profiles.markDraft('wizard-rcpt-editor', false);
    expect(unload()).toBe(false);
  });

  it('follows View > Theme from the native menu, so the menu and the theme switch agree', async () => {
    mountLayout();
    await settle();
    const ui = useUiStore();
    listeners['menu/action']?.({ action: 'theme-dark' });
    expect(ui.theme).toBe('dark');
    listeners['menu/action']?.({ action: 'theme-system' });
    expect(ui.theme).toBe('system');
  });

  it('tells main the stored theme at start and each toolbar pick, so View > Theme follows the page', async () => {
    localStorage.setItem('smtp-probe.theme', 'dark');
    const wrapper = mountLayout();
    await settle();
    expect(invoke).toHaveBeenCalledWith('app/set-theme', { theme: 'dark' });
    await wrapper.get('[aria-label="Colour scheme"]').findAll('[role="radio"], button').find((b) => b.text().includes('Light'))!.trigger('click');
    await settle();
    expect(invoke).toHaveBeenLastCalledWith('app/set-theme', { theme: 'light' });
    localStorage.clear();
  });
});
