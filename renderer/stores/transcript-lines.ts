/**
 * A transcript as the renderer keeps it (a run's, the console's): one plain array appended to in
 * place, and what the views read, a read-only snapshot of its first n lines.
 *
 * The service (electron/engine/service/transcript-batcher.ts) sends lines in batches to keep the
 * messages few and bounded; a flood still brings several batches a frame. Here is the one place the
 * page groups them for drawing: the lines are appended at once (a read is always current) and
 * watchers are told at most once a frame (a lone batch at once). The panel draws what it is given,
 * with no timer of its own. A snapshot costs the same for 10 lines or 100,000 (no copy): the array
 * only grows until it is replaced, so its first n lines never change. It is a new array to Vue and
 * to PrimeVue's VirtualScroller, which re-measures only when its items are a new array of another
 * length. The array and its lines are marked raw: 100,000 lines never become 100,000 reactive
 * proxies, and a deep watcher over the items (VirtualScroller has one) skips them.
 */
import { customRef, markRaw } from 'vue';
import type { Raw, Ref } from 'vue';
import type { TranscriptEvent } from '../../shared/transcript.ts';

/** True for an array index at or past `count` (the keys a snapshot of `count` lines does not have). */
function pastEnd(key: string | symbol, count: number): boolean {
  return typeof key === 'string' && /^\d+$/.test(key) && Number(key) >= count;
}

/** The first `count` lines of `lines` as an array of its own, without copying them; read-only. */
export function linesUpTo<T>(lines: T[], count: number = lines.length): readonly T[] {
  return new Proxy(lines, {
    get: (target, key, receiver) => (key === 'length' ? count : Reflect.get(target, key, receiver)),
    has: (target, key) => !pastEnd(key, count) && Reflect.has(target, key),
    ownKeys: (target) => Reflect.ownKeys(target).filter((key) => !pastEnd(key, count)),
    getOwnPropertyDescriptor: (target, key) => (pastEnd(key, count) ? undefined : Reflect.getOwnPropertyDescriptor(target, key)),
    set: () => false,
    deleteProperty: () => false,
    defineProperty: () => false,
  });
}

/**
 * Appends a batch in place and in order. A loop, not `push(...lines)`: spreading a large array into
 * arguments can overflow the call stack.
 */
export function appendLines<T extends object>(target: T[], lines: readonly T[]): void {
  for (const line of lines) target.push(markRaw(line));
}

/**
 * Calls `fn` at most once per interval (one frame, 16 ms), on the leading edge and once more at the
 * trailing edge: a line after a quiet spell shows at once; a flood of batches, ~60 times a second.
 */
export function oncePerFrame(fn: () => void, intervalMs = 16): () => void {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    const now = performance.now();
    if (now - last >= intervalMs) {
      last = now;
      fn();
    } else {
      timer ??= setTimeout(() => {
        timer = undefined;
        last = performance.now();
        fn();
      }, intervalMs - (now - last));
    }
  };
}

export interface TranscriptLines {
  /** The lines so far; watchers hear of new ones at most once a frame. */
  readonly shown: Readonly<Ref<readonly TranscriptEvent[]>>;
  append(batch: readonly TranscriptEvent[]): void;
  /** Starts a new transcript (a new run or console), shown at once; views of the old one keep what they showed. */
  clear(): void;
}

/** One transcript's lines; the object itself is raw, so a reactive record may hold it as it is. */
export function createTranscriptLines(): Raw<TranscriptLines> {
  let lines: TranscriptEvent[] = markRaw([]);
  let snapshot = linesUpTo(lines);
  // The same snapshot until lines are added, so a watcher compares equal between batches.
  const current = (): readonly TranscriptEvent[] => (snapshot.length === lines.length ? snapshot : (snapshot = linesUpTo(lines)));
  let announce = (): void => {};
  let announceNow = (): void => {};
  const shown = customRef<readonly TranscriptEvent[]>((track, trigger) => {
    announce = oncePerFrame(trigger);
    announceNow = trigger;
    return {
      get() {
        track();
        return current();
      },
      set() {},
    };
  });
  return markRaw({
    shown,
    append(batch: readonly TranscriptEvent[]): void {
      if (batch.length === 0) return;
      appendLines(lines, batch);
      announce();
    },
    clear(): void {
      lines = markRaw([]);
      snapshot = linesUpTo(lines);
      announceNow();
    },
  });
}
