/**
 * A transcript as the renderer keeps it (a run's, the console's): one plain array appended to in
 * place, and what the views read, a read-only snapshot of its first n lines made anew after each batch.
 *
 * Batching has one owner: the service (electron/engine/service/transcript-batcher.ts) sends lines
 * at most once a frame (or per 1000 lines), so a batch here is shown as it comes, with no timer of
 * its own. A snapshot costs the same for 10 lines or 100,000 (no copy): the array only grows
 * until it is replaced, so its first n lines never change. It is a new array to Vue and to
 * PrimeVue's VirtualScroller, which re-measures only when its items are a new array of another
 * length. The array and its lines are marked raw: 100,000 lines never become 100,000 reactive
 * proxies, and a deep watcher over the items (VirtualScroller has one) skips them.
 */
import { markRaw, shallowRef } from 'vue';
import type { Raw, ShallowRef } from 'vue';
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

export interface TranscriptLines {
  /** The lines so far: a new snapshot after each batch (so watchers see each change). */
  readonly shown: ShallowRef<readonly TranscriptEvent[]>;
  append(batch: readonly TranscriptEvent[]): void;
  /** Starts a new transcript (a new run or console); views of the old one keep what they showed. */
  clear(): void;
}

/** One transcript's lines; the object itself is raw, so a reactive record may hold it as it is. */
export function createTranscriptLines(): Raw<TranscriptLines> {
  let lines: TranscriptEvent[] = markRaw([]);
  const shown = shallowRef<readonly TranscriptEvent[]>(linesUpTo(lines));
  return markRaw({
    shown,
    append(batch: readonly TranscriptEvent[]): void {
      if (batch.length === 0) return;
      appendLines(lines, batch);
      shown.value = linesUpTo(lines);
    },
    clear(): void {
      lines = markRaw([]);
      shown.value = linesUpTo(lines);
    },
  });
}
