/**
 * Elapsed time of a step as the wizard shows it: a running step's time ticks (a slow banner or DATA
 * reply can take many seconds), a finished one shows its measured time, a pending or skipped one none.
 */
import { onScopeDispose, ref, watch } from 'vue';
import type { Ref } from 'vue';
import type { StepView } from '../../stores/run.ts';

/** Date.now(), refreshed four times a second while `running()` is true. */
export function useTickingNow(running: () => boolean): Ref<number> {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | null = null;
  const stop = (): void => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  watch(
    running,
    (on) => {
      stop();
      if (on) timer = setInterval(() => (now.value = Date.now()), 250);
      now.value = Date.now();
    },
    { immediate: true },
  );
  onScopeDispose(stop);
  return now;
}

export function stepElapsed(step: StepView, now: number): number | undefined {
  if (step.status === 'running' && step.startedAt !== undefined) return Math.max(0, now - step.startedAt);
  if (step.status === 'pending' || step.status === 'skipped') return undefined;
  return step.elapsedMs;
}
