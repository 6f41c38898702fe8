/**
 * The wizard's run buttons: Run next step (also Ctrl+Enter through the ui store: the next group
 * the profile does not skip), Run all, Run all (fast), Both IP versions, Run to a step, Stop, and
 * the run's status tag. Nothing runs for a report opened from a file.
 *
 * The buttons are aria-disabled, not disabled, while they cannot act: a disabled button drops the
 * keyboard focus to <body>. So each handler checks for itself (a second press does nothing).
 */
import { computed, watch } from 'vue';
import type { ProfileView } from '../../../shared/profile.ts';
import type { StepId } from '../../../shared/steps.ts';
import { useRunStore } from '../../stores/run.ts';
import { useUiStore } from '../../stores/ui.ts';
import { bothVersionsBlocked } from './family-runs.ts';
import type { useFamilyRuns } from './family-runs.ts';
import { nextGroupUntil, skippedByProfile } from './wizard-steps.ts';
import type { CommandSource, StepGroup } from './wizard-steps.ts';

export interface RunControlsOptions {
  profileId: () => string | undefined;
  profile: () => ProfileView | undefined;
  commandSource: () => CommandSource | null;
  families: ReturnType<typeof useFamilyRuns>;
}

const RUN_STATUS_TAG = {
  idle: { label: 'ready', severity: 'secondary' },
  running: { label: 'running', severity: 'info' },
  paused: { label: 'paused', severity: 'warn' },
  done: { label: 'done', severity: 'success' },
} as const;

export function useRunControls(o: RunControlsOptions) {
  const run = useRunStore();
  const ui = useUiStore();

  const runTag = computed(() => {
    if (run.opened) return { label: 'read-only', severity: 'secondary' } as const;
    return run.status === 'done' && run.report?.interrupted?.reason === 'cancelled' ? ({ label: 'stopped', severity: 'secondary' } as const) : RUN_STATUS_TAG[run.status];
  });
  /** The profile whose run this is; none for an opened report, which nothing can run. */
  const runnable = (): string | undefined => (run.opened ? undefined : o.profileId());
  const canStop = computed(() => run.status === 'running' || run.status === 'paused');
  /** Groups the profile leaves out of every run are not offered as the next step. */
  const skipped = (group: StepGroup): boolean => {
    const source = o.commandSource();
    return source !== null && skippedByProfile(group, source);
  };
  /** The group "Run next step" runs, and the engine step it runs up to. */
  const next = computed(() => nextGroupUntil(run.nextStep, run.status === 'done', skipped));
  const nextGroupId = computed(() => (run.status === 'done' ? null : (next.value?.group.id ?? null)));
  const nextLabel = computed(() => {
    if (run.status === 'done') return 'Start over step by step';
    return next.value ? `Run next step: ${next.value.group.label}` : 'Run next step';
  });
  const bothBlocked = computed(() => bothVersionsBlocked(o.profile()));

  /** Runs `action` with the runnable profile's id, unless a run is busy or nothing can run. */
  function whenIdle(action: (id: string) => unknown): void {
    const id = runnable();
    if (!run.busy && id !== undefined) void action(id);
  }
  const runAll = (): void => whenIdle((id) => (run.status === 'paused' ? run.continueTo() : run.start(id)));
  /** Run all (fast): a new run with no pauses, so the envelope goes pipelined (a paused run is stopped first). */
  const runAllFast = (): void => whenIdle((id) => run.start(id, undefined, { fast: true }));
  /** Runs the next group up to its last engine step (a run paused inside Send goes on through DATA). */
  const runNext = (): void => whenIdle((id) => next.value && run.runTo(id, next.value.until));
  const runStep = (step: StepId): void => whenIdle((id) => run.runTo(id, step));
  /** Both IP versions: the profile run over IPv4, then over IPv6, and the two compared side by side. */
  const runBothVersions = (): void => whenIdle((id) => bothBlocked.value === undefined && o.families.runBoth(id));
  function stop(): void {
    if (canStop.value && !run.opened) void run.cancel();
  }

  // Ctrl+Enter anywhere in the window (the keyboard layer) asks the wizard for its next step.
  watch(
    () => ui.runNextRequests,
    () => {
      if (ui.activeTab === 'wizard') runNext();
    },
  );

  return { runTag, canStop, next, nextGroupId, nextLabel, bothBlocked, runAll, runAllFast, runNext, runStep, runBothVersions, stop };
}
