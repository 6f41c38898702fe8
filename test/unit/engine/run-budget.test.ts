/** The run budget: one signal for Stop and the deadline, active time only. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RunDeadlineExceeded, createRunBudget, isDeadlineAbort } from '../../../electron/engine/run-budget.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const budgetOf = (deadlineMs: number, parent?: AbortSignal) => createRunBudget({ deadlineMs, now: () => Date.now(), ...(parent ? { parent } : {}) });

describe('createRunBudget', () => {
  it('aborts with the deadline reason when the active time is spent', () => {
    const budget = budgetOf(1000);
    vi.advanceTimersByTime(999);
    expect(budget.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(isDeadlineAbort(budget.signal)).toBe(true);
    expect(budget.signal.reason).toBeInstanceOf(RunDeadlineExceeded);
    budget.dispose();
  });

  it('does not count time paused at the gate', () => {
    const budget = budgetOf(1000);
    vi.advanceTimersByTime(600);
    budget.pause();
    vi.advanceTimersByTime(60_000);
    expect(budget.signal.aborted).toBe(false);
    budget.resume();
    budget.resume();
    vi.advanceTimersByTime(399);
    expect(budget.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(isDeadlineAbort(budget.signal)).toBe(true);
    budget.dispose();
  });

  it('Stop aborts the same signal, and that is not the deadline', () => {
    const stop = new AbortController();
    const budget = budgetOf(1000, stop.signal);
    stop.abort();
    expect(budget.signal.aborted).toBe(true);
    expect(isDeadlineAbort(budget.signal)).toBe(false);
    vi.advanceTimersByTime(5000);
    expect(isDeadlineAbort(budget.signal)).toBe(false);
    budget.dispose();
  });

  it('a parent aborted already gives an aborted budget; dispose leaves no timer', () => {
    const stop = new AbortController();
    stop.abort();
    expect(budgetOf(1000, stop.signal).signal.aborted).toBe(true);
    const budget = budgetOf(1000);
    budget.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
