// @vitest-environment happy-dom
/**
 * A save refused because another window or process saved the profile since (ECHANGED): the toast
 * says so, the list is reloaded, the typed edits stay in the form, and Save again replaces the other
 * version knowingly (it names that version as the one it is based on). A save the disk refuses
 * (ESTORAGE) keeps the edits in the form too. A profile saved without its password (the password
 * part refused) moves the form to the saved version and keeps the password for the next Save; a
 * new profile's too, in the saved profile's form that replaces the draft's.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import Toast from 'primevue/toast';
import { defineComponent, h, ref } from 'vue';
import ProfileForm from '../../../../renderer/components/profiles/ProfileForm.vue';
import { api } from '../../../../renderer/services/api.ts';
import { useProfilesStore } from '../../../../renderer/stores/profiles.ts';
import { mountWithApp, profileView, settle } from '../shell-mount.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn(() => () => {}) } }));
const invoke = vi.mocked(api.invoke);

const CHANGED = 'This profile was changed in another window or process: reload it, then save again. Nothing was saved.';
const mine = profileView({ subject: 'old' });
const theirs = { ...mine, subject: 'saved elsewhere', updatedAt: '2026-01-03T00:00:00.000Z' };

/**
 * The form fed from the store as the main area shows it: New's draft, or the selected profile's
 * Settings tab (while shown), which replaces the draft's form once the draft is saved.
 */
const settingsShown = ref(true);
const Harness = defineComponent({
  setup() {
    const profiles = useProfilesStore();
    const form = () => (profiles.draft ? h(ProfileForm, { key: 'new', profile: profiles.draft, isNew: true }) : profiles.selected && settingsShown.value ? h(ProfileForm, { profile: profiles.selected }) : null);
    return () => [form(), h(Toast)];
  },
});

beforeEach(() => {
  invoke.mockReset();
  settingsShown.value = true;
});
enableAutoUnmount(afterEach);

describe('ProfileForm when the profile was saved elsewhere', () => {
  it('shows the message, keeps the edits, reloads the list, and a second Save is based on the version now saved', async () => {
    const wrapper = mountWithApp(Harness, { initialState: { profiles: { profiles: [mine], selectedId: mine.id, status: 'ready' } } });
    invoke.mockImplementation(async (channel) => {
      if (channel === 'profiles/list') return { ok: true, value: [theirs] };
      return { ok: false, error: { code: 'ECHANGED', message: CHANGED, field: 'id' } };
    });
    const subject = wrapper.findAll('label').find((l) => l.text() === 'Subject')!;
    const input = wrapper.find(`#${CSS.escape(subject.attributes('for') ?? '')}`);
    await input.setValue('typed here');
    await wrapper.findAll('button').find((b) => b.text().includes('Save'))!.trigger('click');
    await settle();

    expect(invoke).toHaveBeenCalledWith('profiles/save', expect.objectContaining({ id: mine.id, expectedUpdatedAt: mine.updatedAt }));
    expect(invoke).toHaveBeenCalledWith('profiles/list', {});
    expect(document.body.textContent).toContain(CHANGED);
    expect(document.body.textContent).toContain('Your edits are still in the form');
    expect((input.element as HTMLInputElement).value).toBe('typed here');
    expect(useProfilesStore().profiles[0]?.subject).toBe('saved elsewhere');

    invoke.mockReset();
    invoke.mockResolvedValue({ ok: true, value: { ...theirs, subject: 'typed here', updatedAt: '2026-01-04T00:00:00.000Z' } });
    await wrapper.findAll('button').find((b) => b.text().includes('Save'))!.trigger('click');
    await settle();
    expect(invoke).toHaveBeenCalledWith('profiles/save', expect.objectContaining({ expectedUpdatedAt: theirs.updatedAt }));
  });
});

describe('ProfileForm when the disk refuses the save', () => {
  // The store's ESTORAGE text promises the edits stay until the next save: they stay in this form.
  it('shows why, keeps the edits in the form, and Save again sends them', async () => {
    const refused = 'profiles.json could not be written (ENOSPC); your changes are kept in memory until the next save';
    const wrapper = mountWithApp(Harness, { initialState: { profiles: { profiles: [mine], selectedId: mine.id, status: 'ready' } } });
    invoke.mockResolvedValue({ ok: false, error: { code: 'ESTORAGE', message: refused } });
    const subject = wrapper.findAll('label').find((l) => l.text() === 'Subject')!;
    const input = wrapper.find(`#${CSS.escape(subject.attributes('for') ?? '')}`);
    await input.setValue('typed before the disk filled');
    const save = () => wrapper.findAll('button').find((b) => b.text().includes('Save'))!.trigger('click');
    await save();
    await settle();
    expect(document.body.textContent).toContain(refused);
    expect((input.element as HTMLInputElement).value).toBe('typed before the disk filled');

    invoke.mockReset();
    invoke.mockResolvedValue({ ok: true, value: { ...mine, subject: 'typed before the disk filled', updatedAt: '2026-01-05T00:00:00.000Z' } });
    await save();
    await settle();
    expect(invoke).toHaveBeenCalledWith('profiles/save', expect.objectContaining({ id: mine.id, fields: expect.objectContaining({ subject: 'typed before the disk filled' }) }));
  });
});

describe('ProfileForm when the profile is saved but its password is not', () => {
  // Nothing changed elsewhere: the form learns the saved version, keeps the password, and says why.
  it('shows the reason, keeps the typed password, and Save again sends it from the version saved', async () => {
    const reason = 'The profile was saved, but its password could not be stored: The password could not be encrypted.';
    const saved = { ...mine, subject: 'typed', hasPassword: false, passwordNotSaved: reason, updatedAt: '2026-01-06T00:00:00.000Z' };
    const wrapper = mountWithApp(Harness, { initialState: { profiles: { profiles: [{ ...mine, hasPassword: false }], selectedId: mine.id, status: 'ready' } } });
    invoke.mockResolvedValue({ ok: true, value: saved });
    const subject = wrapper.findAll('label').find((l) => l.text() === 'Subject')!;
    await wrapper.find(`#${CSS.escape(subject.attributes('for') ?? '')}`).setValue('typed');
    await wrapper.findAll('button').find((b) => b.text() === 'Set')!.trigger('click');
    await wrapper.find('input[type="password"]').setValue('s3cret');
    const save = () => wrapper.findAll('button').find((b) => b.text().includes('Save'))!.trigger('click');
    await save();
    await settle();
    expect(document.body.textContent).toContain('Profile saved, password not saved');
    expect(document.body.textContent).toContain(reason);
    expect(document.body.textContent).not.toContain('changed in another window');

    invoke.mockReset();
    invoke.mockResolvedValue({ ok: true, value: { ...saved, hasPassword: true, passwordNotSaved: undefined, updatedAt: '2026-01-07T00:00:00.000Z' } });
    await save();
    await settle();
    expect(invoke).toHaveBeenCalledWith('profiles/save', expect.objectContaining({ id: mine.id, password: 's3cret', expectedUpdatedAt: saved.updatedAt }));
  });
});

describe('a new profile saved without its password', () => {
  const field = (wrapper: ReturnType<typeof mountWithApp>, label: string) => {
    const l = wrapper.findAll('label').find((x) => x.text() === label)!;
    return wrapper.find(`#${CSS.escape(l.attributes('for') ?? '')}`);
  };

  const saved = profileView({ id: '22222222-2222-4222-8222-222222222222', name: 'Branch relay', target: 'branch.example.net', authUser: 'relay-user', updatedAt: '2026-01-08T00:00:00.000Z' });
  const save = (wrapper: ReturnType<typeof mountWithApp>) => wrapper.findAll('button').find((b) => b.text().includes('Save'))!.trigger('click');

  /** New, filled in with a password typed, saved; main answers `answer`. */
  async function saveDraft(answer: typeof saved): Promise<ReturnType<typeof mountWithApp>> {
    const wrapper = mountWithApp(Harness, { initialState: { profiles: { profiles: [], status: 'ready' } } });
    useProfilesStore().create();
    await settle();
    await field(wrapper, 'Profile name').setValue('Branch relay');
    await field(wrapper, 'Mail domain').setValue('branch.example.net');
    await field(wrapper, 'User name').setValue('relay-user');
    await wrapper.findAll('button').find((b) => b.text() === 'Set')!.trigger('click');
    await wrapper.find('input[type="password"]').setValue('s3cret');
    invoke.mockResolvedValue({ ok: true, value: answer });
    await save(wrapper);
    await settle();
    return wrapper;
  }

  it('the saved profile\'s form keeps the typed password, and its Save sends it again', async () => {
    const reason = 'The profile was saved, but its password could not be stored: The password could not be encrypted.';
    const wrapper = await saveDraft({ ...saved, passwordNotSaved: reason });

    expect(invoke).toHaveBeenCalledWith('profiles/save', expect.objectContaining({ password: 's3cret' }));
    expect(useProfilesStore().draft).toBeUndefined();
    expect(useProfilesStore().selectedId).toBe(saved.id);
    expect(document.body.textContent).toContain('Profile saved, password not saved');
    expect(document.body.textContent).not.toContain('Not saved yet');
    expect((wrapper.find('input[type="password"]').element as HTMLInputElement).value).toBe('s3cret');
    // Unsaved: Save is enabled, and switching profiles would ask first.
    expect(wrapper.findAll('button').find((b) => b.text().includes('Save'))!.attributes('disabled')).toBeUndefined();
    expect(useProfilesStore().dirty).toBe(true);

    invoke.mockReset();
    invoke.mockResolvedValue({ ok: true, value: { ...saved, hasPassword: true, updatedAt: '2026-01-09T00:00:00.000Z' } });
    await save(wrapper);
    await settle();
    expect(invoke).toHaveBeenCalledWith('profiles/save', expect.objectContaining({ id: saved.id, password: 's3cret', expectedUpdatedAt: saved.updatedAt }));
  });

  it('the password goes only to the form shown at once: Settings opened later starts without it', async () => {
    settingsShown.value = false;
    const wrapper = await saveDraft({ ...saved, passwordNotSaved: 'The profile was saved, but its password could not be stored: no keyring.' });
    expect(useProfilesStore().selectedId).toBe(saved.id);
    settingsShown.value = true;
    await settle();
    expect(wrapper.find('[aria-label="Profile settings"]').exists()).toBe(true);
    expect(wrapper.find('input[type="password"]').exists()).toBe(false);
    expect(useProfilesStore().dirty).toBe(false);
  });

  it('saved with its password: the saved form shows it stored, with nothing left unsaved', async () => {
    const wrapper = await saveDraft({ ...saved, hasPassword: true });
    expect(useProfilesStore().selectedId).toBe(saved.id);
    expect(wrapper.find('input[type="password"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="password-stored"]').exists()).toBe(true);
    expect(useProfilesStore().dirty).toBe(false);
  });
});
