/**
 * Calls `fn` at most once per interval (default: one animation frame, 16 ms), on the leading edge
 * and once more at the trailing edge. A transcript line pushed on its own shows at once; a burst of
 * 100,000 lines (each its own WebSocket or IPC message) re-renders ~60 times a second instead of
 * 100,000 times.
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
