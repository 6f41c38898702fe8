// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import ConfirmDialog from 'primevue/confirmdialog';
import Toast from 'primevue/toast';
import { defineComponent, h } from 'vue';
import ProfilesSidebar from '../../../../renderer/components/profiles/ProfilesSidebar.vue';
import { api } from '../../../../renderer/services/api.ts';
import { loadProfileCheck } from '../../../../renderer/services/profile-check.ts';
import { useProfilesStore } from '../../../../renderer/stores/profiles.ts';
import { mountWithApp, profileView, settle } from '../shell-mount.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn(() => () => {}) } }));
const invoke = vi.mocked(api.invoke);

const office = profileView();
const local = profileView({ id: '22222222-2222-4222-8222-222222222222', name: 'Local test server', target: '127.0.0.1', builtIn: 'sandbox' });

// The sidebar with the app's confirmation and toast hosts, as App.vue places them.
const Harness = defineComponent({ render: () => [h(ProfilesSidebar), h(ConfirmDialog), h(Toast)] });

function mountSidebar() {
  return mountWithApp(Harness, { initialState: { profiles: { profiles: [office, local], selectedId: office.id, status: 'ready' } } });
}
function button(label: string) {
  const found = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === label);
  if (found === undefined) throw new Error(`no button ${label}`);
  return found;
}

/**
 * Presses Rename and waits for the dialog's input: the dialog is a chunk loaded on the first press,
 * and it opens once the schema's name rule is loaded (renderer/services/profile-check.ts).
 */
async function openRename(): Promise<HTMLInputElement> {
  button('Rename').click();
  await loadProfileCheck();
  return vi.waitFor(() => {
    const input = document.querySelector<HTMLInputElement>('.rename-form input');
    if (input === null) throw new Error('the rename dialog is not open yet');
    return input;
  });
}

beforeEach(() => invoke.mockReset());
enableAutoUnmount(afterEach);

describe('ProfilesSidebar', () => {
  it('lists profiles with the built-in one first and filters by the search box', async () => {
    const wrapper = mountSidebar();
    const names = () => wrapper.findAll('.profiles-sidebar__name').map((n) => n.text());
    expect(names()).toEqual(['Local test server', 'Office relay']);
    await wrapper.find('input[aria-label="Search profiles"]').setValue('offi');
    expect(names()).toEqual(['Office relay']);
  });

  it('keeps the list keyboard-accessible: the list is the Tab stop, options are named by their visible text', async () => {
    const wrapper = mountSidebar();
    const list = wrapper.get('ul[role="listbox"]');
    expect(list.attributes('tabindex')).toBe('0');
    // PrimeVue's aria-hidden focus helpers stay out of the tab order, also after focus left the list
    // (PrimeVue re-arms them on focusout; axe: aria-hidden-focus).
    const helpers = () => wrapper.findAll('[data-p-hidden-focusable="true"]').map((el) => (el.element as HTMLElement).tabIndex);
    expect(helpers()).toEqual([-1, -1]);
    await list.trigger('focus');
    const root = wrapper.get('[data-p-hidden-focusable="true"]').element.parentElement!;
    root.dispatchEvent(new FocusEvent('focusout', { relatedTarget: null }));
    expect(helpers()).toEqual([-1, -1]);
    // No aria-label hiding the target from the option's name (axe: label-content-name-mismatch).
    const options = wrapper.findAll('li[role="option"]');
    expect(options.length).toBe(2);
    for (const option of options) expect(option.attributes('aria-label')).toBeUndefined();
    expect(options[0]!.text()).toContain('127.0.0.1');
  });

  it('asks for confirmation before deleting, and deletes only on Delete', async () => {
    mountSidebar();
    invoke.mockResolvedValue({ ok: true, value: { id: office.id } });
    button('Delete').click();
    await settle();
    expect(document.body.textContent).toContain('Delete "Office relay"?');
    expect(invoke).not.toHaveBeenCalled();

    // Cancel keeps the profile.
    button('Cancel').click();
    await settle();
    expect(invoke).not.toHaveBeenCalled();

    button('Delete').click();
    await settle();
    const dialog = document.querySelector('[role="alertdialog"], [role="dialog"]');
    const confirmDelete = [...(dialog?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === 'Delete');
    confirmDelete?.click();
    await settle();
    expect(invoke).toHaveBeenCalledWith('profiles/delete', { id: office.id });
    expect(useProfilesStore().profiles.map((p) => p.id)).toEqual([local.id]);
  });

  it('asks before switching away from unsaved edits', async () => {
    const wrapper = mountSidebar();
    const profiles = useProfilesStore();
    profiles.dirty = true;
    const option = wrapper.findAll('[role="option"]').find((o) => o.text().includes('Local test server'));
    await option?.trigger('click');
    await settle();
    expect(profiles.selectedId).toBe(office.id);
    expect(document.body.textContent).toContain('has changes that are not saved');
    button('Discard changes').click();
    await settle();
    expect(profiles.selectedId).toBe(local.id);
  });

  it('asks before switching away from a changed inline draft of the wizard, and lets go of it on Discard', async () => {
    const wrapper = mountSidebar();
    const profiles = useProfilesStore();
    profiles.markDraft('wizard-ehlo-editor', true);
    const option = wrapper.findAll('[role="option"]').find((o) => o.text().includes('Local test server'));
    await option?.trigger('click');
    await settle();
    expect(profiles.selectedId).toBe(office.id);
    expect(document.body.textContent).toContain('has changes that are not saved');
    button('Discard changes').click();
    await settle();
    expect(profiles.selectedId).toBe(local.id);
    expect(profiles.hasUnsavedEdits).toBe(false);
  });

  it('refuses to rename to a name another profile has (whatever its case)', async () => {
    mountSidebar();
    const input = await openRename();
    input.value = 'local TEST server';
    input.dispatchEvent(new Event('input'));
    await settle();
    expect(document.querySelector('.rename-form [role="alert"]')?.textContent).toBe('Another profile is already called "Local test server"');
    expect(document.querySelector<HTMLButtonElement>('.rename-form button[type="submit"]')?.disabled).toBe(true);
    expect(invoke).not.toHaveBeenCalledWith('profiles/save', expect.anything());
  });

  it('duplicates without the password and says so', async () => {
    mountSidebar();
    useProfilesStore().profiles = [{ ...office, authUser: 'me@example.com', hasPassword: true }, local];
    invoke.mockResolvedValue({ ok: true, value: { ...office, id: '44444444-4444-4444-8444-444444444444', name: 'Office relay (copy)', authUser: 'me@example.com', hasPassword: false } });
    button('Duplicate').click();
    await settle();
    expect(invoke).toHaveBeenCalledWith('profiles/duplicate', { id: office.id, name: 'Office relay (copy)' });
    expect(document.body.textContent).toContain('The password was not copied');
    expect(useProfilesStore().selectedId).toBe('44444444-4444-4444-8444-444444444444');
  });

  it("shows each profile's last result as an icon with the same in words for screen readers", async () => {
    const wrapper = mountSidebar();
    const summary = { runId: '55555555-5555-4555-8555-555555555555', startedAt: '2026-01-01T00:00:00.000Z', target: 't', exitCode: 12, errors: 1, warnings: 0 };
    useProfilesStore().lastResults = { [office.id]: { ...summary, profileId: office.id, outcome: 'fail' }, [local.id]: { ...summary, profileId: local.id, outcome: 'stopped' } };
    await settle();
    const option = (name: string) => wrapper.findAll('[role="option"]').find((o) => o.text().includes(name))!;
    expect(option('Office relay').find('[data-outcome]').attributes('data-outcome')).toBe('fail');
    expect(option('Office relay').find('.visually-hidden').text()).toBe(', last run failed');
    expect(option('Local test server').find('.visually-hidden').text()).toBe(', last run stopped by you');
    expect(option('Local test server').find('i.pi-stop-circle').attributes('aria-hidden')).toBe('true');
  });

  it('renames through profiles/save with the new name and the same id', async () => {
    mountSidebar();
    invoke.mockResolvedValue({ ok: true, value: { ...office, name: 'Head office' } });
    const input = await openRename();
    input.value = 'Head office';
    input.dispatchEvent(new Event('input'));
    await settle();
    [...document.querySelectorAll('.rename-form button[type="submit"]')].forEach((b) => (b as HTMLButtonElement).click());
    await settle();
    expect(invoke).toHaveBeenCalledWith('profiles/save', expect.objectContaining({ id: office.id, fields: expect.objectContaining({ name: 'Head office' }) }));
  });

  it('Export all asks the host to save (desktop dialog, 0600) and downloads only where it cannot', async () => {
    mountSidebar();
    const createObjectURL = vi.fn(() => 'blob:x');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    invoke.mockResolvedValueOnce({ ok: true, value: { json: '{}', fileName: 'p.json', saved: true, path: '/home/me/p.json' } });
    button('Export all').click();
    await settle();
    expect(invoke).toHaveBeenCalledWith('profiles/export', { save: true });
    expect(createObjectURL).not.toHaveBeenCalled();
    expect(document.body.textContent).toContain('/home/me/p.json');

    invoke.mockResolvedValueOnce({ ok: true, value: { json: '{}', fileName: 'p.json' } });
    button('Export all').click();
    await settle();
    expect(createObjectURL).toHaveBeenCalledTimes(1);
  });

  it('imports a chosen file through profiles/import and reports what was skipped', async () => {
    mountSidebar();
    const imported = profileView({ id: '55555555-5555-4555-8555-555555555555', name: 'Imported relay' });
    invoke.mockResolvedValue({ ok: true, value: { imported: [imported], skipped: [{ name: 'Broken', reason: 'Port must be 1-65535' }] } });
    const input = document.querySelector<HTMLInputElement>('input[type="file"]');
    if (input === null) throw new Error('no file input');
    const json = '{"format":"smtp-probe-profiles"}';
    Object.defineProperty(input, 'files', { value: [{ text: async () => json }], configurable: true });
    input.dispatchEvent(new Event('change'));
    await settle();
    expect(invoke).toHaveBeenCalledWith('profiles/import', { json });
    expect(useProfilesStore().profiles.map((p) => p.name)).toContain('Imported relay');
    expect(document.body.textContent).toContain('Broken: Port must be 1-65535');
  });
});
