/**
 * Mounting helpers for the renderer component tests: PrimeVue (no theme: styles are not under test),
 * a layout happy-dom does not compute (so VirtualScroller sees a viewport of a known height), the
 * shared per-test set-up and a profile fixture.
 */
import { afterEach, beforeEach } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { Pinia } from 'pinia';
import PrimeVue from 'primevue/config';
import type { Plugin } from 'vue';
import type { ProfileView } from '../../../../shared/profile.ts';
import { fakeApi } from '../wizard/fake-api.ts';

export const primeVue: [Plugin, Record<string, unknown>] = [PrimeVue as Plugin, { theme: 'none' }];

/**
 * Every element reports a 440×800 box and a layout parent, as in a real window, and paddings compute
 * to "0px" as in a browser (happy-dom leaves them empty, which VirtualScroller turns into NaN).
 * Returns the undo.
 */
export function fakeLayout(height = 440, width = 800): () => void {
  const style = document.createElement('style');
  style.textContent = '* { padding: 0px; }';
  document.head.append(style);
  const proto = HTMLElement.prototype;
  const saved = ['offsetHeight', 'offsetWidth', 'offsetParent'].map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)] as const);
  Object.defineProperty(proto, 'offsetHeight', { configurable: true, get: () => height });
  Object.defineProperty(proto, 'offsetWidth', { configurable: true, get: () => width });
  Object.defineProperty(proto, 'offsetParent', { configurable: true, get: () => document.body });
  return () => {
    style.remove();
    for (const [k, d] of saved) if (d) Object.defineProperty(proto, k, d);
  };
}

/**
 * The set-up every renderer component test shares: a fresh fake API and Pinia per test, a browser-like
 * layout, an empty page afterwards. Returns the current Pinia for `global.plugins`.
 */
export function useComponentTestSetup(): { pinia: () => Pinia } {
  let pinia: Pinia | undefined;
  let undoLayout: () => void = () => {};
  beforeEach(() => {
    fakeApi.reset();
    pinia = createPinia();
    setActivePinia(pinia);
    undoLayout = fakeLayout();
  });
  afterEach(() => {
    undoLayout();
    document.body.innerHTML = '';
  });
  return {
    pinia: () => {
      if (!pinia) throw new Error('useComponentTestSetup: no test is running');
      return pinia;
    },
  };
}

/** A saved profile as the renderer sees it (no password, only hasPassword). */
export function testProfile(overrides: Partial<ProfileView> = {}): ProfileView {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    hasPassword: false,
    name: 'Test profile',
    targetKind: 'host',
    target: '127.0.0.1',
    security: 'starttls',
    tlsVerify: true,
    family: 0,
    allowPlaintextAuth: false,
    to: [],
    headers: [],
    timeouts: {},
    ...overrides,
  };
}
