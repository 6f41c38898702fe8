/** A transcript as the renderer keeps it: appended in place, shown as snapshots that copy nothing, announced once a frame. */
import { describe, expect, it, vi } from 'vitest';
import { isProxy, isReactive, reactive, watch } from 'vue';
import type { TranscriptEvent } from '../../../../shared/transcript.ts';
import { appendLines, createTranscriptLines, linesUpTo, oncePerFrame } from '../../../../renderer/stores/transcript-lines.ts';

const line = (seq: number): TranscriptEvent => ({ seq, t: seq, dir: seq % 2 ? 'S' : 'C', text: `250 line ${seq}` });

describe('linesUpTo', () => {
  it('is the first n lines as an array of its own: length, index, iteration, JSON, equality', () => {
    const backing = [1, 2, 3].map(line);
    const snapshot = linesUpTo(backing, 2);
    backing.push(line(4));
    expect(Array.isArray(snapshot)).toBe(true);
    expect(snapshot.length).toBe(2);
    expect(snapshot[1]).toBe(backing[1]);
    expect(2 in snapshot).toBe(false);
    expect([...snapshot].map((l) => l.seq)).toEqual([1, 2]);
    expect(snapshot.map((l) => l.seq)).toEqual([1, 2]);
    expect(snapshot.at(-1)?.seq).toBe(2);
    expect(Object.keys(snapshot)).toEqual(['0', '1']);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual([line(1), line(2)]);
    expect(snapshot).toEqual([line(1), line(2)]);
  });

  it('copies no line: a snapshot of 100,000 lines shares them with the transcript', () => {
    const backing = Array.from({ length: 100_000 }, (_, i) => line(i + 1));
    const snapshot = linesUpTo(backing);
    expect(snapshot.length).toBe(100_000);
    expect(snapshot[99_999]).toBe(backing[99_999]);
  });

  it('is read-only', () => {
    const snapshot = linesUpTo([line(1)]) as TranscriptEvent[];
    expect(() => snapshot.push(line(2))).toThrow(TypeError);
    expect(() => {
      snapshot[0] = line(9);
    }).toThrow(TypeError);
    expect(snapshot.length).toBe(1);
  });
});

describe('oncePerFrame', () => {
  it('calls at once after a quiet interval, and once more at the end of a burst', () => {
    vi.useFakeTimers();
    try {
      const fn = vi.fn();
      const throttled = oncePerFrame(fn, 16);
      throttled();
      expect(fn).toHaveBeenCalledTimes(1);
      for (let i = 0; i < 10_000; i++) throttled();
      expect(fn).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(16);
      expect(fn).toHaveBeenCalledTimes(2);
      vi.advanceTimersByTime(50);
      throttled();
      expect(fn).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('appendLines', () => {
  it('appends in place and in order, marks each line raw, and takes more lines than push(...spread) could', () => {
    const target = [{ seq: 0 }];
    const lines = Array.from({ length: 300_000 }, (_, i) => ({ seq: i + 1 }));
    appendLines(target, lines);
    expect(target.length).toBe(300_001);
    expect(target.every((l, i) => l.seq === i)).toBe(true);
    expect(isReactive(reactive(target)[5])).toBe(false);
  });
});

describe('createTranscriptLines', () => {
  it('a read is always current; watchers hear of a lone batch at once and of a flood once more at the end of the frame', () => {
    vi.useFakeTimers();
    try {
      const transcript = createTranscriptLines();
      const seen: number[] = [];
      watch(transcript.shown, (lines) => seen.push(lines.length), { flush: 'sync' });
      transcript.append([line(1)]);
      expect(seen).toEqual([1]);
      for (let i = 2; i <= 1000; i++) transcript.append([line(i)]);
      transcript.append([]);
      expect(transcript.shown.value.length).toBe(1000);
      expect(seen).toEqual([1]);
      vi.advanceTimersByTime(16);
      expect(seen).toEqual([1, 1000]);
      transcript.clear();
      expect(seen).toEqual([1, 1000, 0]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a snapshot keeps what it showed after the transcript grows or starts over', () => {
    const transcript = createTranscriptLines();
    transcript.append([line(1)]);
    const before = transcript.shown.value;
    transcript.append([line(2)]);
    transcript.clear();
    expect(before.map((l) => l.seq)).toEqual([1]);
    expect(transcript.shown.value).toEqual([]);
  });

  it('stays raw inside a reactive record: no proxy over the lines or over the holder', () => {
    const record = reactive({ transcript: createTranscriptLines() });
    record.transcript.append([line(1)]);
    expect(isProxy(record.transcript)).toBe(false);
    expect(isReactive(record.transcript.shown.value)).toBe(false);
    expect(isProxy(record.transcript.shown.value[0])).toBe(false);
  });
});
