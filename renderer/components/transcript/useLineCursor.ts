/**
 * Keyboard in the transcript: the lines are one Tab stop (a listbox), not one per server line.
 * Arrows, Page Up/Down, Home and End move the current line, Enter or Space acts on it (the panel
 * explains a server reply). The current line is announced through aria-activedescendant and
 * scrolled into view only when it leaves the viewport.
 */
import { ref, useId } from 'vue';
import type { Ref } from 'vue';

export interface LineCursorOptions {
  /** How many lines there are now. */
  count: () => number;
  /** The first and last line in the viewport, when the scroller knows them. */
  viewport: () => { first: number; last: number } | undefined;
  scrollTo: (index: number) => void;
  /** The user moved: the panel stops following new lines. */
  onMove: () => void;
  /** Enter or Space on the current line. */
  onActivate: (index: number) => void;
}

const PAGE_LINES = 20;

/** Where each key takes the cursor from `at` (null: none yet) among `n` lines; undefined: not ours. */
function targetOf(key: string, at: number | null, n: number): number | undefined {
  switch (key) {
    case 'ArrowDown':
      return at === null ? 0 : at + 1;
    case 'ArrowUp':
      return at === null ? n - 1 : at - 1;
    case 'PageDown':
      return (at ?? -1) + PAGE_LINES;
    case 'PageUp':
      return (at ?? n) - PAGE_LINES;
    case 'Home':
      return 0;
    case 'End':
      return n - 1;
    default:
      return undefined;
  }
}

export function useLineCursor(options: LineCursorOptions) {
  const listId = useId();
  const cursor: Ref<number | null> = ref(null);
  const lineId = (index: number): string => `${listId}-line-${index}`;

  function moveTo(to: number): void {
    const n = options.count();
    if (n === 0) return;
    const index = Math.max(0, Math.min(n - 1, to));
    cursor.value = index;
    options.onMove();
    const view = options.viewport();
    if (!view || index < view.first) options.scrollTo(index);
    else if (index >= view.last) options.scrollTo(Math.max(0, index - (view.last - view.first) + 1));
  }

  function onKey(event: KeyboardEvent): void {
    const at = cursor.value;
    if (event.key === 'Enter' || event.key === ' ') {
      if (at !== null) options.onActivate(at);
    } else {
      const to = targetOf(event.key, at, options.count());
      if (to === undefined) return;
      moveTo(to);
    }
    event.preventDefault();
  }

  return { cursor, lineId, onKey };
}
