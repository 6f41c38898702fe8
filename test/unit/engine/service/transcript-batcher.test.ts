/** Transcript lines in batches: when a batch goes out, that no line is lost or reordered, no timer left behind. */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTranscriptBatcher } from '../../../../electron/engine/service/transcript-batcher.ts';
import type { TranscriptEvent } from '../../../../shared/transcript.ts';

const line = (seq: number, text = `250 line ${seq}`): TranscriptEvent => ({ seq, t: seq, dir: 'S', text });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function collect(options: { maxLines?: number; maxChars?: number; intervalMs?: number; now?: () => number } = {}) {
  const batches: TranscriptEvent[][] = [];
  const batcher = createTranscriptBatcher({ ...options, deliver: (events) => void batches.push(events) });
  return { batcher, batches, seqs: () => batches.map((b) => b.map((e) => e.seq)) };
}

describe('createTranscriptBatcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a single line goes out on the next turn of the event loop, without waiting for more lines', async () => {
    const { batcher, seqs } = collect();
    batcher.add(line(1));
    expect(seqs()).toEqual([]);
    expect(batcher.pending).toBe(1);
    await nextTurn();
    expect(seqs()).toEqual([[1]]);
    expect(batcher.pending).toBe(0);
  });

  it('lines added in the same turn travel as one batch', async () => {
    const { batcher, seqs } = collect();
    for (let i = 1; i <= 5; i++) batcher.add(line(i));
    await nextTurn();
    expect(seqs()).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('while lines keep coming, batches go out at most once per interval', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] });
    const { batcher, seqs } = collect({ intervalMs: 16, now: () => Date.now() });
    batcher.add(line(1));
    vi.advanceTimersByTime(0);
    expect(seqs()).toEqual([[1]]);
    vi.advanceTimersByTime(5);
    batcher.add(line(2));
    vi.advanceTimersByTime(5);
    batcher.add(line(3));
    expect(seqs()).toEqual([[1]]);
    vi.advanceTimersByTime(6);
    expect(seqs()).toEqual([[1], [2, 3]]);
    // A quiet spell later, a line goes out on the next turn again.
    vi.advanceTimersByTime(100);
    batcher.add(line(4));
    vi.advanceTimersByTime(0);
    expect(seqs()).toEqual([[1], [2, 3], [4]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('goes out at once when maxLines lines are pending', () => {
    const { batcher, seqs } = collect({ maxLines: 3 });
    for (let i = 1; i <= 7; i++) batcher.add(line(i));
    expect(seqs()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(batcher.pending).toBe(1);
    batcher.close();
    expect(seqs()).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('goes out at once when maxChars characters of text are pending', () => {
    const { batcher, seqs } = collect({ maxChars: 10 });
    batcher.add(line(1, 'x'.repeat(6)));
    expect(seqs()).toEqual([]);
    batcher.add(line(2, 'x'.repeat(6)));
    expect(seqs()).toEqual([[1, 2]]);
    batcher.close();
  });

  it('flush() sends the pending lines now (the owner calls it before a step or state event) and cancels the timer', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
    const { batcher, seqs } = collect();
    batcher.flush();
    expect(seqs()).toEqual([]);
    batcher.add(line(1));
    batcher.add(line(2));
    batcher.flush();
    expect(seqs()).toEqual([[1, 2]]);
    expect(vi.getTimerCount()).toBe(0);
    vi.runAllTimers();
    expect(seqs()).toEqual([[1, 2]]);
  });

  it('close() flushes, leaves no timer, and a later line still goes out, on its own and at once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
    const { batcher, seqs } = collect();
    batcher.add(line(1));
    expect(vi.getTimerCount()).toBe(1);
    batcher.close();
    expect(seqs()).toEqual([[1]]);
    expect(vi.getTimerCount()).toBe(0);
    batcher.add(line(2));
    expect(seqs()).toEqual([[1], [2]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never loses, repeats or reorders a line, and never sends an empty batch', () => {
    type Op = { kind: 'add'; n: number } | { kind: 'flush' } | { kind: 'wait'; ms: number };
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), n: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('flush' as const) }),
      fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.integer({ min: 1, max: 50 }), (ops: Op[], maxLines) => {
        vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] });
        try {
          const { batcher, batches } = collect({ maxLines, now: () => Date.now() });
          let seq = 0;
          for (const o of ops) {
            if (o.kind === 'add') for (let i = 0; i < o.n; i++) batcher.add(line(++seq));
            else if (o.kind === 'flush') batcher.flush();
            else vi.advanceTimersByTime(o.ms);
          }
          batcher.close();
          expect(batches.every((b) => b.length > 0 && b.length <= maxLines)).toBe(true);
          expect(batches.flat().map((e) => e.seq)).toEqual(Array.from({ length: seq }, (_, i) => i + 1));
          expect(vi.getTimerCount()).toBe(0);
        } finally {
          vi.useRealTimers();
        }
      }),
    );
  });
});
