/**
 * Transcript lines go to the renderer in batches: one IPC message or WebSocket frame per batch
 * instead of one per line (100,000 single-line messages took ~16 s to reach the panel).
 *
 * When a batch goes out:
 * - a line after a quiet spell: on the next setImmediate, so a single line of a slow session shows at
 *   once, and lines added in the same turn of the event loop (one socket read) travel together;
 * - while lines keep coming: at most once per `intervalMs` (16 ms, one frame: the renderer does not
 *   draw more often anyway);
 * - at once when `maxLines` lines or `maxChars` characters of text are pending (bounded messages);
 * - at once on `flush()`: the owner calls it before any other event of the same run or console
 *   (step, state, a command's result), so the renderer never sees those before the lines that
 *   came first. `close()` flushes and clears the timers; a line added after it goes out on its own.
 */
import type { TranscriptEvent } from '../../../shared/transcript.ts';

export interface TranscriptBatcherOptions {
  /** Receives each batch, in order; never called with an empty array. */
  deliver: (events: TranscriptEvent[]) => void;
  /** Lines that force a batch out at once (default 1000). */
  maxLines?: number;
  /** Characters of line text that force a batch out at once (default 256 Ki), so a batch stays well under the IPC size limits. */
  maxChars?: number;
  /** Least time between two timed batches, in ms (default 16). */
  intervalMs?: number;
  /** Monotonic milliseconds (default performance.now). */
  now?: () => number;
}

export interface TranscriptBatcher {
  add(event: TranscriptEvent): void;
  /** Delivers the pending lines now (nothing when none are pending). */
  flush(): void;
  /** Flushes and stops the timers; later lines are delivered one by one, at once. */
  close(): void;
  /** Lines waiting for the next batch. */
  readonly pending: number;
}

export const TRANSCRIPT_BATCH_DEFAULTS = { maxLines: 1000, maxChars: 256 * 1024, intervalMs: 16 } as const;

export function createTranscriptBatcher(options: TranscriptBatcherOptions): TranscriptBatcher {
  const maxLines = options.maxLines ?? TRANSCRIPT_BATCH_DEFAULTS.maxLines;
  const maxChars = options.maxChars ?? TRANSCRIPT_BATCH_DEFAULTS.maxChars;
  const intervalMs = options.intervalMs ?? TRANSCRIPT_BATCH_DEFAULTS.intervalMs;
  const now = options.now ?? (() => performance.now());
  let batch: TranscriptEvent[] = [];
  let chars = 0;
  let lastSent = Number.NEGATIVE_INFINITY;
  let immediate: ReturnType<typeof setImmediate> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const cancelTimers = (): void => {
    if (immediate !== undefined) clearImmediate(immediate);
    if (timer !== undefined) clearTimeout(timer);
    immediate = undefined;
    timer = undefined;
  };

  const flush = (): void => {
    cancelTimers();
    if (batch.length === 0) return;
    const events = batch;
    batch = [];
    chars = 0;
    lastSent = now();
    options.deliver(events);
  };

  const schedule = (): void => {
    if (immediate !== undefined || timer !== undefined) return;
    const wait = lastSent + intervalMs - now();
    if (wait <= 0) immediate = setImmediate(flush);
    else timer = setTimeout(flush, wait);
  };

  return {
    add(event) {
      if (closed) {
        options.deliver([event]);
        return;
      }
      batch.push(event);
      chars += event.text.length;
      if (batch.length >= maxLines || chars >= maxChars) flush();
      else schedule();
    },
    flush,
    close() {
      flush();
      closed = true;
    },
    get pending() {
      return batch.length;
    },
  };
}
