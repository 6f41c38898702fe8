/**
 * Global keyboard shortcuts: Ctrl+Enter runs the next step, Ctrl+N makes a profile, Ctrl+S saves,
 * Ctrl+F focuses the profile search (Cmd on macOS). A component that uses one of these keys
 * itself (a DATA editor sending on Ctrl+Enter) calls preventDefault and the global one stays quiet.
 */
import { onScopeDispose } from 'vue';

export const SHORTCUTS = {
  runNext: 'Ctrl+Enter',
  newProfile: 'Ctrl+N',
  save: 'Ctrl+S',
  focusSearch: 'Ctrl+F',
} as const;
export type Shortcut = keyof typeof SHORTCUTS;

export type KeyInfo = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** Which shortcut a key press is, if any (pure; tested without a DOM). */
export function shortcutFor(e: KeyInfo): Shortcut | undefined {
  const mod = e.ctrlKey || e.metaKey;
  if (!mod || e.altKey || e.shiftKey) return undefined;
  switch (e.key.toLowerCase()) {
    case 'enter':
      return 'runNext';
    case 'n':
      return 'newProfile';
    case 's':
      return 'save';
    case 'f':
      return 'focusSearch';
    default:
      return undefined;
  }
}

export interface KeyboardShortcutOptions {
  handlers: Partial<Record<Shortcut, () => void>>;
  /** Where to listen; the window by default. */
  target?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

/** Listens while the calling scope lives; returns the function that stops listening early. */
export function useKeyboardShortcuts(options: KeyboardShortcutOptions): () => void {
  const target = options.target ?? window;
  const onKeydown = (e: Event): void => {
    const key = e as KeyboardEvent;
    if (key.defaultPrevented || key.isComposing) return;
    const shortcut = shortcutFor(key);
    const handler = shortcut === undefined ? undefined : options.handlers[shortcut];
    if (handler === undefined) return;
    key.preventDefault();
    handler();
  };
  target.addEventListener('keydown', onKeydown);
  const stop = (): void => target.removeEventListener('keydown', onKeydown);
  onScopeDispose(stop);
  return stop;
}
