/**
 * Taking the admin to a step's card: the verdict's link focuses the card it names, and a step run
 * on its own (Run step / Run to here) scrolls into view when the run pauses after it, so its reply
 * and verdict are on screen at once.
 */
import { nextTick, watch } from 'vue';
import type { StepId } from '../../../shared/steps.ts';
import type { StepView } from '../../stores/run.ts';

export interface StepFocusOptions {
  /** The element holding the step cards. */
  root: () => HTMLElement | undefined;
  /** The last step a paused run ran (null while not paused): it is scrolled into view. */
  lastRan: () => StepId | null;
}

/** The last step a paused run ran (`nextStep`: where it paused), or null while not paused. */
export function lastRanStep(paused: StepId | null, steps: readonly StepView[]): StepId | null {
  if (paused === null) return null;
  const ran = steps.filter((s) => s.id !== paused && s.status !== 'pending' && s.status !== 'skipped');
  return ran.at(-1)?.id ?? null;
}

/** The card of a step: its own article inside a group of several, else its group's article. */
function cardOf(root: HTMLElement | undefined, step: StepId): HTMLElement | null {
  return root?.querySelector<HTMLElement>(`[data-step="${step}"]`)?.closest<HTMLElement>('article') ?? null;
}

export function useStepFocus(o: StepFocusOptions): { goToStep: (step: StepId) => void } {
  watch(o.lastRan, async (step) => {
    if (step === null) return;
    await nextTick();
    cardOf(o.root(), step)?.scrollIntoView({ block: 'start' });
  });

  function goToStep(step: StepId): void {
    const card = cardOf(o.root(), step);
    if (!card) return;
    card.scrollIntoView({ block: 'start' });
    card.focus({ preventScroll: true });
  }
  return { goToStep };
}
