// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import { defineComponent, h, nextTick, reactive, ref } from 'vue';
import { useUnsavedDraft } from '../../../../renderer/composables/useUnsavedDraft.ts';
import { useCommandEdit } from '../../../../renderer/components/wizard/use-command-edit.ts';
import type { CommandEditProps } from '../../../../renderer/components/wizard/use-command-edit.ts';
import { api } from '../../../../renderer/services/api.ts';
import { useProfilesStore } from '../../../../renderer/stores/profiles.ts';
import { mountWithApp, profileView, settle } from '../shell-mount.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn(() => () => {}) } }));
const invoke = vi.mocked(api.invoke);

enableAutoUnmount(afterEach);
afterEach(() => invoke.mockReset());

function mountWith<T>(use: () => T): { result: T; unmount: () => void } {
  let result!: T;
  const wrapper = mountWithApp(defineComponent({ setup: () => ((result = use()), () => h('div')) }));
  return { result, unmount: () => wrapper.unmount() };
}

describe('useUnsavedDraft', () => {
  it('counts as unsaved edits while changed, and lets go when unmounted', async () => {
    const changed = ref(false);
    const { unmount } = mountWith(() => useUnsavedDraft('editor', () => changed.value));
    const profiles = useProfilesStore();
    expect(profiles.hasUnsavedEdits).toBe(false);
    changed.value = true;
    await nextTick();
    expect(profiles.hasUnsavedEdits).toBe(true);
    unmount();
    expect(profiles.hasUnsavedEdits).toBe(false);
  });
});

describe('useCommandEdit', () => {
  const profile = profileView({ ehloName: 'client.example', from: 'a@example.net', to: ['b@example.org'] });
  const editFor = (lock: string | null = null) => {
    const props = reactive<CommandEditProps>({ step: 'ehlo', commands: ['EHLO client.example'], profile, lock });
    const { result } = mountWith(() => useCommandEdit(props, { form: ref(null), editButton: ref(null) }));
    return { edit: result, props };
  };

  it('does not open while locked, or without a profile', async () => {
    const { edit, props } = editFor('A run is going: edit the commands when it ends.');
    await edit.open();
    expect(edit.editing.value).toBe(false);
    props.lock = null;
    props.profile = undefined;
    await edit.open();
    expect(edit.editing.value).toBe(false);
  });

  it('previews the command as typed, marks the changed draft unsaved, and Cancel drops it', async () => {
    const { edit } = editFor();
    await edit.open();
    expect(edit.fields.value).toEqual(['ehloName']);
    edit.draft.value!.ehloName = 'other.example';
    await nextTick();
    expect(edit.preview.value).toEqual(['EHLO other.example']);
    expect(useProfilesStore().hasUnsavedEdits).toBe(true);
    await edit.close();
    expect(edit.draft.value).toBeNull();
    expect(edit.preview.value).toEqual(['EHLO client.example']);
    expect(useProfilesStore().hasUnsavedEdits).toBe(false);
  });

  it('shows a message once the field was left; Save of an unchanged draft closes without saving', async () => {
    const { edit } = editFor();
    await edit.open();
    edit.draft.value!.ehloName = 'bad name with spaces';
    expect(edit.shownError('ehloName')).toBeUndefined();
    edit.blurred('ehloName');
    expect(edit.shownError('ehloName')).toBeTruthy();
    edit.draft.value!.ehloName = 'client.example';
    await edit.save();
    expect(invoke).not.toHaveBeenCalled();
    expect(edit.editing.value).toBe(false);
  });

  it('saves a changed draft through profiles/save without a password, and keeps it open with the reason when refused', async () => {
    const { edit } = editFor();
    await edit.open();
    edit.draft.value!.ehloName = 'other.example';
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'ESTORAGE', message: 'Disk full' } });
    await edit.save();
    expect(edit.saveError.value).toBe('Not saved: Disk full');
    expect(edit.editing.value).toBe(true);

    invoke.mockResolvedValueOnce({ ok: true, value: { ...profile, ehloName: 'other.example' } });
    await edit.save();
    await settle();
    expect(invoke).toHaveBeenLastCalledWith('profiles/save', expect.objectContaining({ id: profile.id, password: undefined, fields: expect.objectContaining({ ehloName: 'other.example' }) }));
    expect(edit.editing.value).toBe(false);
  });
});
