// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { shortcutFor, useKeyboardShortcuts } from '../../../../renderer/composables/useKeyboardShortcuts.ts';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it.each([
    [key('Enter', { ctrlKey: true }), 'runNext'],
    [key('n', { ctrlKey: true }), 'newProfile'],
    [key('S', { metaKey: true }), 'save'],
    [key('f', { ctrlKey: true }), 'focusSearch'],
    [key('Enter'), undefined],
    [key('s', { ctrlKey: true, shiftKey: true }), undefined],
    [key('f', { ctrlKey: true, altKey: true }), undefined],
  ])('%o -> %s', (event, expected) => {
    expect(shortcutFor(event)).toBe(expected);
  });

  it('calls the handler, prevents the default, ignores handled events and stops with the scope', () => {
    const runNext = vi.fn();
    const scope = effectScope();
    scope.run(() => useKeyboardShortcuts({ handlers: { runNext } }));
    const event = new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, cancelable: true });
    window.dispatchEvent(event);
    expect(runNext).toHaveBeenCalledTimes(1);
    expect(event.defaultPrevented).toBe(true);

    const handled = new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, cancelable: true });
    handled.preventDefault();
    window.dispatchEvent(handled);
    expect(runNext).toHaveBeenCalledTimes(1);

    scope.stop();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, cancelable: true }));
    expect(runNext).toHaveBeenCalledTimes(1);
  });
});
