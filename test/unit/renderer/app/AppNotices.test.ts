// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import AppNotices from '../../../../renderer/components/app/AppNotices.vue';
import { mountWithApp } from '../shell-mount.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn(() => () => {}) } }));
enableAutoUnmount(afterEach);

describe('AppNotices', () => {
  it('renders a notice literally: markup in it creates no element', () => {
    const message = 'profiles.json was damaged <img src=x onerror=alert(1)>\u202E';
    const wrapper = mountWithApp(AppNotices, { initialState: { ui: { notices: [{ id: 1, kind: 'recovered-from-backup', message }] } } });
    expect(wrapper.find('img').exists()).toBe(false);
    expect(document.querySelector('img')).toBeNull();
    const text = wrapper.find('[data-test="notice"]').text();
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).toContain('⟨U+202E⟩');
  });

  it('removes a notice when it is closed', async () => {
    const wrapper = mountWithApp(AppNotices, {
      initialState: { ui: { notices: [{ id: 7, kind: 'read-only', message: 'profiles.json is from a newer version: read-only' }] } },
    });
    expect(wrapper.findAll('[data-test="notice"]')).toHaveLength(1);
    await wrapper.find('[data-test="notice"] button').trigger('click');
    expect(wrapper.findAll('[data-test="notice"]')).toHaveLength(0);
  });
});
