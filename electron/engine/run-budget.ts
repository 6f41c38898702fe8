/**
 * One time budget per run: a single AbortSignal that DNS and SMTP share. It aborts when the user
 * stops the run (the parent signal: Stop, Ctrl+C) or when the budget runs out, whichever comes
 * first; `signal.reason` tells the two apart (isDeadlineAbort).
 *
 * The budget counts active time only. While the wizard holds a run between steps (Run step / Run to
 * here) the clock stops: an admin reading the last reply is not the server being slow, and a budget
 * that ran while paused would end every paused run after a coffee break. A paused run is bounded in
 * space instead (the cap on unread replies, smtp/connection.ts) and ends with Stop.
 */
import { setMaxListeners } from 'node:events';

/** Listeners the run's signal may have before Node warns of a leak (far more than a run adds). */
export const SIGNAL_LISTENERS = 1024;

/** The abort reason when the budget ran out (Stop leaves the parent's own reason). */
export class RunDeadlineExceeded extends Error {
  constructor(readonly deadlineMs: number) {
    super(`the run's time budget of ${deadlineMs / 1000} s ran out`);
    this.name = 'RunDeadlineExceeded';
  }
}

/** True when `signal` was aborted by a run budget running out (not by Stop). */
export function isDeadlineAbort(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && signal.reason instanceof RunDeadlineExceeded;
}

/** Why `signal` ended a wait, for the transcript and the evidence: the budget's message, or "cancelled" (Stop). */
export function abortMessage(signal: AbortSignal | undefined): string {
  return isDeadlineAbort(signal) ? (signal?.reason as Error).message : 'cancelled';
}

export interface RunBudget {
  /** Aborted by Stop (parent) or when the budget runs out. */
  readonly signal: AbortSignal;
  readonly deadlineMs: number;
  /** Stops the clock (the run waits at the wizard's gate). Idempotent. */
  pause(): void;
  /** Starts the clock again with what is left. Idempotent. */
  resume(): void;
  /** Clears the timer and the parent listener; the signal stays as it is. */
  dispose(): void;
}

export interface RunBudgetOptions {
  deadlineMs: number;
  /** The user's Stop. */
  parent?: AbortSignal;
  /** Monotonic milliseconds (tests pass a fake clock). */
  now?: () => number;
}

export function createRunBudget(options: RunBudgetOptions): RunBudget {
  const { deadlineMs, parent } = options;
  const now = options.now ?? (() => performance.now());
  const controller = new AbortController();
  // Every DNS question in flight listens to this one signal (twice: dns-client.ts), up to 64 per
  // lookup with several lookups at once; Node's leak warning at 11 would print in the CLI's output.
  setMaxListeners(SIGNAL_LISTENERS, controller.signal);
  let left = deadlineMs;
  let since = 0;
  let timer: NodeJS.Timeout | undefined;
  const onParentAbort = () => {
    stop();
    controller.abort(parent?.reason);
  };
  const stop = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    left -= now() - since;
  };
  const start = () => {
    if (timer !== undefined || controller.signal.aborted) return;
    since = now();
    timer = setTimeout(() => controller.abort(new RunDeadlineExceeded(deadlineMs)), Math.max(0, left));
    // The budget never keeps a process alive on its own (a finished CLI run exits at once).
    timer.unref?.();
  };
  if (parent?.aborted) controller.abort(parent.reason);
  else {
    parent?.addEventListener('abort', onParentAbort, { once: true });
    start();
  }
  return {
    signal: controller.signal,
    deadlineMs,
    pause: stop,
    resume: start,
    dispose: () => {
      stop();
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
