// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import ConfirmDialog from 'primevue/confirmdialog';
import { defineComponent, h } from 'vue';
import { duplicatedToast, failureToast, importedToast } from '../../../../renderer/components/profiles/profile-toasts.ts';
import { useProfileRename } from '../../../../renderer/components/profiles/use-profile-rename.ts';
import type { ProfileRename } from '../../../../renderer/components/profiles/use-profile-rename.ts';
import { api } from '../../../../renderer/services/api.ts';
import { useProfilesStore } from '../../../../renderer/stores/profiles.ts';
import { mountWithApp, profileView, settle } from '../shell-mount.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn(() => () => {}) } }));
const invoke = vi.mocked(api.invoke);

const office = profileView();
const local = profileView({ id: '22222222-2222-4222-8222-222222222222', name: 'Local test server', target: '127.0.0.1' });

describe('profile toasts', () => {
  it('says what failed and why', () => {
    expect(failureToast('Could not rename', 'Disk full')).toEqual({ severity: 'error', summary: 'Could not rename', detail: 'Disk full', life: 8000 });
  });

  it('warns louder about the password when the original logs in', () => {
    expect(duplicatedToast('Office relay (copy)', true)).toMatchObject({ summary: 'Copied as "Office relay (copy)"', detail: expect.stringContaining('The password was not copied') });
    expect(duplicatedToast('Office relay (copy)', false).detail).toBe('Passwords are never copied.');
  });

  it('counts what an import brought and lists each skipped profile with its reason, shown longer', () => {
    const clean = importedToast({ imported: [office], skipped: [] });
    expect(clean).toMatchObject({ severity: 'success', summary: 'Imported 1 profile', life: 5000 });
    const partial = importedToast({
      imported: [office, local],
      skipped: [
        { name: 'Broken', reason: 'Port must be 1-65535' },
        { name: 'Other', reason: 'Give the profile a name' },
      ],
    });
    expect(partial).toEqual({
      severity: 'warn',
      summary: 'Imported 2 profiles',
      detail: 'Skipped 2: Broken: Port must be 1-65535; Other: Give the profile a name',
      life: 15000,
    });
  });
});

describe('useProfileRename', () => {
  let rename: ProfileRename;
  const Harness = defineComponent({
    setup() {
      rename = useProfileRename();
      return () => h(ConfirmDialog);
    },
  });
  const mountRename = () => mountWithApp(Harness, { initialState: { profiles: { profiles: [office, local], selectedId: office.id, status: 'ready' } } });

  beforeEach(() => invoke.mockReset());
  enableAutoUnmount(afterEach);

  // First in this file: the check is loaded by the first open, and stays loaded.
  it('refuses every name until the schema\'s name rule is loaded: nothing is saved unchecked', async () => {
    mountRename();
    rename.value.value = 'Head office';
    expect(rename.error.value).toBe('Checking the name…');
    await rename.confirm();
    expect(invoke).not.toHaveBeenCalled();
  });

  it("opens with the profile's name, which is its own and so allowed; an empty or taken name is refused", async () => {
    mountRename();
    await rename.open();
    expect(rename.visible.value).toBe(true);
    expect(rename.value.value).toBe('Office relay');
    expect(rename.error.value).toBeUndefined();
    rename.value.value = '';
    expect(rename.error.value).toBe('Give the profile a name');
    rename.value.value = ' LOCAL test server ';
    expect(rename.error.value).toBe('Another profile is already called "Local test server"');
  });

  it('asks about unsaved edits before opening, and opens only once they are discarded', async () => {
    mountRename();
    useProfilesStore().dirty = true;
    await rename.open();
    await settle();
    expect(rename.visible.value).toBe(false);
    [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Discard changes')?.click();
    await settle();
    expect(rename.visible.value).toBe(true);
  });

  it('saves the trimmed name and closes; a refused name or a failed save keeps it open', async () => {
    mountRename();
    await rename.open();
    rename.value.value = 'Local test server';
    await rename.confirm();
    expect(invoke).not.toHaveBeenCalled();

    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'ESTORAGE', message: 'Disk full' } });
    rename.value.value = '  Head office ';
    await rename.confirm();
    expect(rename.visible.value).toBe(true);

    invoke.mockResolvedValueOnce({ ok: true, value: { ...office, name: 'Head office' } });
    await rename.confirm();
    expect(invoke).toHaveBeenLastCalledWith('profiles/save', expect.objectContaining({ id: office.id, fields: expect.objectContaining({ name: 'Head office' }) }));
    expect(rename.visible.value).toBe(false);
  });
});
