/**
 * A shortcut or menu item that switches tabs (Ctrl+Enter, Ctrl+S, Ctrl+N) must not leave keyboard
 * focus in the panel it hides (the browser would drop it to the page): it moves to the active tab.
 */
import { nextTick, watch } from 'vue';
import { useUiStore } from '../stores/ui.ts';

export function useTabFocus(root: () => HTMLElement | null): void {
  const ui = useUiStore();
  watch(
    () => ui.activeTab,
    async () => {
      await nextTick();
      const focused = document.activeElement as HTMLElement | null;
      if (focused !== null && focused !== document.body && focused.getClientRects().length > 0) return;
      root()?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
    },
  );
}
