import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reactive, isReactive } from 'vue';
import { appendLines, frameThrottle } from '../../../renderer/composables/frame-throttle.ts';

describe('frameThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls at once for a lone call, then once more at the end of a burst', () => {
    const fn = vi.fn();
    const throttled = frameThrottle(fn, 16);
    throttled();
    expect(fn).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 10_000; i++) throttled();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(16);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('calls again at once after a quiet interval', () => {
    const fn = vi.fn();
    const throttled = frameThrottle(fn, 16);
    throttled();
    vi.advanceTimersByTime(50);
    throttled();
    expect(fn).toHaveBeenCalledTimes(2);
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
