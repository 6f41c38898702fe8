import { markRaw } from 'vue';

/**
 * Calls `fn` at most once per interval (default: one animation frame, 16 ms), on the leading edge
 * and once more at the trailing edge. A transcript line pushed on its own shows at once; a burst of
 * 100,000 lines (in batches of up to 1000 lines per WebSocket or IPC message) re-renders ~60 times a
 * second instead of once per batch.
 */
export function frameThrottle(fn: () => void, intervalMs = 16): () => void {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    const now = performance.now();
    if (now - last >= intervalMs) {
      last = now;
      fn();
      return;
    }
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      last = performance.now();
      fn();
    }, intervalMs - (now - last));
  };
}

/**
 * Appends a batch of transcript lines in place. A loop, not `push(...lines)`: spreading a large array
 * into arguments can overflow the call stack. Each line is marked raw: it never becomes a reactive
 * proxy, and a deep watcher over the lines (PrimeVue's VirtualScroller watches `items` deeply) skips
 * it instead of walking every field of 100,000 lines once a frame.
 */
export function appendLines<T extends object>(target: T[], lines: readonly T[]): void {
  for (const line of lines) target.push(markRaw(line));
}
