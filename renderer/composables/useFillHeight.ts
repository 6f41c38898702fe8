/**
 * Sizes an element to the rest of its scrolling parent's height (the console's transcript fills the
 * window like a terminal): re-measured when the window or the parent resizes. `min` keeps it usable
 * in a very short window, where the parent scrolls instead.
 */
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

function scrollParent(el: HTMLElement): HTMLElement {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const overflow = getComputedStyle(p).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') return p;
  }
  return document.documentElement;
}

export function useFillHeight(el: Ref<HTMLElement | null>, options: { min: number; bottomGap: number }): Ref<string | undefined> {
  const height = ref<string | undefined>(undefined);
  let observer: ResizeObserver | undefined;

  function measure(): void {
    const node = el.value;
    // A hidden tab measures as nothing: measured again when shown (the observer sees it resize).
    if (!node || node.getClientRects().length === 0) return;
    const parent = scrollParent(node);
    const top = node.getBoundingClientRect().top - parent.getBoundingClientRect().top + parent.scrollTop;
    height.value = `${Math.max(options.min, Math.floor(parent.clientHeight - top - options.bottomGap))}px`;
  }

  onMounted(() => {
    measure();
    window.addEventListener('resize', measure);
    if (typeof ResizeObserver !== 'undefined' && el.value) {
      observer = new ResizeObserver(() => measure());
      observer.observe(scrollParent(el.value));
      observer.observe(el.value);
    }
  });
  onBeforeUnmount(() => {
    window.removeEventListener('resize', measure);
    observer?.disconnect();
  });
  return height;
}
