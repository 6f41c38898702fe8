import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frameThrottle } from '../../../renderer/composables/frame-throttle.ts';

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
