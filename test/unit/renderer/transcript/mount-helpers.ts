/**
 * Mounting helpers for the renderer component tests: PrimeVue (no theme: styles are not under test)
 * and a layout happy-dom does not compute, so VirtualScroller sees a viewport of a known height.
 */
import PrimeVue from 'primevue/config';
import type { Plugin } from 'vue';

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
