// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import { defineComponent, h, nextTick, ref } from 'vue';
import { focusFirstError, keepingFocus } from '../../../../renderer/components/profiles/form-focus.ts';
import { useProfileForm } from '../../../../renderer/components/profiles/use-profile-form.ts';
import type { ProfileFormModel } from '../../../../renderer/components/profiles/use-profile-form.ts';
import type { ProfileView } from '../../../../shared/profile.ts';
import { useProfilesStore } from '../../../../renderer/stores/profiles.ts';
import { mountWithApp, profileView } from '../shell-mount.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn(() => () => {}) } }));

enableAutoUnmount(afterEach);
afterEach(() => (document.body.innerHTML = ''));

describe('useProfileForm', () => {
  const profile = ref<ProfileView>(profileView());
  let form: ProfileFormModel;
  const mountForm = () => {
    profile.value = profileView();
    return mountWithApp(
      defineComponent({
        setup() {
          form = useProfileForm(() => profile.value);
          return () => h('div');
        },
      }),
    );
  };

  it('tells the store about unsaved edits, and takes them back on Revert and on unmount', async () => {
    const wrapper = mountForm();
    const profiles = useProfilesStore();
    expect(form.dirty.value).toBe(false);
    form.state.value = { ...form.state.value, subject: 'changed' };
    await nextTick();
    expect(profiles.dirty).toBe(true);
    form.reset(profile.value);
    await nextTick();
    expect(profiles.dirty).toBe(false);
    form.password.value = { mode: 'forget' };
    await nextTick();
    expect(profiles.dirty).toBe(true);
    wrapper.unmount();
    expect(profiles.dirty).toBe(false);
  });

  it('takes a newer saved version while nothing is unsaved, and keeps unsaved edits over it', async () => {
    mountForm();
    profile.value = { ...profile.value, subject: 'saved elsewhere', updatedAt: '2026-01-02T00:00:00.000Z' };
    await nextTick();
    expect(form.state.value.subject).toBe('saved elsewhere');
    expect(form.base.value).toBe('2026-01-02T00:00:00.000Z');

    form.state.value = { ...form.state.value, subject: 'mine' };
    profile.value = { ...profile.value, subject: 'again elsewhere', updatedAt: '2026-01-03T00:00:00.000Z' };
    await nextTick();
    expect(form.state.value.subject).toBe('mine');
    expect(form.base.value).toBe('2026-01-02T00:00:00.000Z');
  });

  it('shows a message only once its field was left', async () => {
    mountForm();
    form.state.value = { ...form.state.value, name: '' };
    expect(form.valid.value).toBe(false);
    expect(form.shownErrors.value).toEqual({});
    form.blurred('name');
    expect(form.shownErrors.value).toEqual({ name: 'Give the profile a name' });
  });
});

describe('form focus', () => {
  function formWith(html: string): HTMLFormElement {
    const form = document.createElement('form');
    form.tabIndex = -1;
    form.innerHTML = html;
    document.body.append(form);
    return form;
  }

  it('gives the focus back to the form when the button that had it became disabled', async () => {
    const form = formWith('<input><button type="button">Save</button>');
    const button = form.querySelector('button')!;
    button.focus();
    await keepingFocus(form, () => void (button.disabled = true));
    expect(document.activeElement).toBe(form);
  });

  it('leaves the focus alone when it did not start in the form, or is still usable', async () => {
    const form = formWith('<input><button type="button">Save</button>');
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    await keepingFocus(form, () => void (form.querySelector('button')!.disabled = true));
    expect(document.activeElement).toBe(outside);

    const input = form.querySelector('input')!;
    input.focus();
    await keepingFocus(form, () => {});
    expect(document.activeElement).toBe(input);
  });

  it('focuses the first field with a message', async () => {
    const form = formWith('<input id="a"><input id="b" aria-invalid="true"><input id="c" aria-invalid="true">');
    await focusFirstError(() => form);
    expect(document.activeElement?.id).toBe('b');
  });
});
