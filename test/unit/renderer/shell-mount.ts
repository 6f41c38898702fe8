/**
 * Mounting helpers for the shell's component tests: PrimeVue unstyled (no theme injection needed),
 * its confirmation and toast services, the tooltip directive, and a testing Pinia whose actions
 * really run (stubActions: false) so components talk to the mocked api module.
 */
import { mount } from '@vue/test-utils';
import type { ComponentMountingOptions } from '@vue/test-utils';
import { createTestingPinia } from '@pinia/testing';
import PrimeVue from 'primevue/config';
import ConfirmationService from 'primevue/confirmationservice';
import ToastService from 'primevue/toastservice';
import Tooltip from 'primevue/tooltip';
import { vi } from 'vitest';
import type { Component } from 'vue';
import type { ProfileView } from '../../../shared/profile.ts';
import { emptyProfileFields } from '../../../shared/profile.ts';

export function mountWithApp<C extends Component>(component: C, options: ComponentMountingOptions<C> & { initialState?: Record<string, unknown> } = {}) {
  const { initialState, global, ...rest } = options;
  const pinia = createTestingPinia({ createSpy: vi.fn, stubActions: false, initialState: initialState ?? {} });
  return mount(component, {
    attachTo: document.body,
    ...rest,
    global: {
      ...global,
      plugins: [pinia, [PrimeVue, { unstyled: true }], ConfirmationService, ToastService, ...(global?.plugins ?? [])],
      directives: { tooltip: Tooltip, ...(global?.directives ?? {}) },
    },
  } as ComponentMountingOptions<C>);
}

export function profileView(overrides: Partial<ProfileView> = {}): ProfileView {
  return {
    ...emptyProfileFields(),
    name: 'Office relay',
    target: 'example.com',
    id: '11111111-1111-4111-8111-111111111111',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    hasPassword: false,
    ...overrides,
  };
}

/** Lets pending promises and Vue's update queue run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}
