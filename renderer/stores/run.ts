/**
 * The wizard's run of the shown profile: start / continue / cancel over the shared contract, the
 * live step progress and transcript from the 'run/*' events (filtered by runId), and the final report.
 *
 * Each profile keeps its own current run: switching profile (select) stashes the shown run and brings
 * back the other one, so a run going on in the background keeps collecting its events.
 * The transcript is a plain array in a shallowRef, pushed to in place and announced with triggerRef:
 * 100,000 lines must not become 100,000 reactive proxies.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import { appendLines, frameThrottle } from '../composables/frame-throttle.ts';
import type { IpcError } from '../../shared/ipc/result.ts';
import type { EventPayloads, RunState } from '../../shared/ipc/contract.ts';
import { parseRunReport, type ReportCheck, type RunReport } from '../../shared/report.ts';
import { STEP_IDS } from '../../shared/steps.ts';
import type { StepId, StepResult, StepStatus } from '../../shared/steps.ts';
import type { Finding } from '../../shared/finding-codes.ts';
import type { TranscriptEvent } from '../../shared/transcript.ts';
import { api } from '../services/api.ts';

/** 'idle': nothing run yet; 'paused': stopped before `nextStep` with the connection open. */
export type RunStatus = 'idle' | 'running' | 'paused' | 'done';

/** What a step shows: the report's verdict, or live progress before the report exists. */
export type StepViewStatus = StepStatus | 'pending' | 'running' | 'ran';

export interface LiveStep {
  phase: 'running' | 'ended';
  /** Date.now() when the step started (renderer clock, only for the live elapsed time). */
  startedAt: number;
  elapsedMs?: number;
}

export interface StepView {
  id: StepId;
  status: StepViewStatus;
  elapsedMs?: number;
  /** While running: Date.now() when the step started, for a ticking elapsed time. */
  startedAt?: number;
  result?: StepResult;
  findings: Finding[];
}

interface RunSnapshot {
  runId: string | null;
  status: RunStatus;
  nextStep: StepId | null;
  report: RunReport | null;
  live: Partial<Record<StepId, LiveStep>>;
  transcript: TranscriptEvent[];
  error: IpcError | null;
}

function emptySnapshot(): RunSnapshot {
  return { runId: null, status: 'idle', nextStep: null, report: null, live: {}, transcript: [], error: null };
}

const stepIndex = (id: StepId): number => STEP_IDS.indexOf(id);

/**
 * The report a state from main carries, checked against the report schema before the UI trusts it:
 * one that does not fit is shown as an error, not half-rendered.
 */
function checkedReport(state: RunState): ReportCheck | undefined {
  return state.report === undefined ? undefined : parseRunReport(state.report);
}

/** Nothing runs once a run pauses or ends: a step still marked running was cut short. */
function endRunningSteps(live: Partial<Record<StepId, LiveStep>>): void {
  for (const step of Object.values(live)) if (step.phase === 'running') step.phase = 'ended';
}

export const useRunStore = defineStore('run', () => {
  const profileId = ref<string | null>(null);
  const runId = ref<string | null>(null);
  const status = ref<RunStatus>('idle');
  /** Set while paused: the step Run step / Continue would run next. */
  const pausedBefore = ref<StepId | null>(null);
  const report = shallowRef<RunReport | null>(null);
  const live = ref<Partial<Record<StepId, LiveStep>>>({});
  const transcript = shallowRef<TranscriptEvent[]>([]);
  const error = ref<IpcError | null>(null);
  /** Runs of the profiles not shown right now, by profile id. */
  const stash = new Map<string, RunSnapshot>();

  const busy = computed(() => status.value === 'running');

  /** The step "Run next step" (Ctrl+Enter) runs: the first one, the paused one, none when running or done. */
  const nextStep = computed<StepId | null>(() => {
    if (status.value === 'idle') return STEP_IDS[0];
    if (status.value === 'paused') return pausedBefore.value;
    return null;
  });

  const steps = computed<StepView[]>(() =>
    STEP_IDS.map((id) => {
      const result = report.value?.steps.find((s) => s.id === id);
      const findings = report.value?.findings.filter((f) => f.step === id) ?? [];
      const progress = live.value[id];
      const view: StepView = { id, status: 'pending', findings };
      if (progress?.phase === 'running') {
        view.status = 'running';
        view.startedAt = progress.startedAt;
      } else if (status.value === 'paused' && pausedBefore.value !== null && stepIndex(id) >= stepIndex(pausedBefore.value)) {
        // A paused run's report (if any) marks steps not reached yet as skipped: they are only pending.
        view.status = 'pending';
      } else if (result) {
        view.status = result.status;
        view.result = result;
        view.elapsedMs = result.durationMs;
        return view;
      } else if (progress?.phase === 'ended') {
        view.status = 'ran';
      } else if (status.value === 'paused' && pausedBefore.value !== null && stepIndex(id) < stepIndex(pausedBefore.value)) {
        // The run went past this step without starting it (no MX lookup when a server is given).
        view.status = 'skipped';
      }
      if (progress?.elapsedMs !== undefined) view.elapsedMs = progress.elapsedMs;
      return view;
    }),
  );

  const findings = computed<Finding[]>(() => report.value?.findings ?? []);

  function snapshot(): RunSnapshot {
    return {
      runId: runId.value,
      status: status.value,
      nextStep: pausedBefore.value,
      report: report.value,
      live: live.value,
      transcript: transcript.value,
      error: error.value,
    };
  }

  function restore(s: RunSnapshot): void {
    runId.value = s.runId;
    status.value = s.status;
    pausedBefore.value = s.nextStep;
    report.value = s.report;
    live.value = s.live;
    transcript.value = s.transcript;
    error.value = s.error;
  }

  /** Shows the run of this profile (stashing the one shown until now). */
  function select(id: string): void {
    if (profileId.value === id) return;
    if (profileId.value !== null) stash.set(profileId.value, snapshot());
    profileId.value = id;
    restore(stash.get(id) ?? emptySnapshot());
    stash.delete(id);
  }

  /** The stashed run a runId belongs to, when it is not the shown one. */
  function stashedRun(id: string): RunSnapshot | undefined {
    for (const s of stash.values()) if (s.runId === id) return s;
    return undefined;
  }

  function applyStateTo(s: RunSnapshot, state: RunState): void {
    s.status = state.status;
    s.nextStep = state.status === 'paused' ? (state.nextStep ?? null) : null;
    const received = checkedReport(state);
    if (received?.ok) s.report = received.report;
    else if (received) s.error = { code: 'EINTERNAL', message: received.message };
    if (state.status !== 'running') endRunningSteps(s.live);
  }

  function applyState(state: RunState): void {
    if (state.runId === runId.value) {
      status.value = state.status;
      pausedBefore.value = state.status === 'paused' ? (state.nextStep ?? null) : null;
      const received = checkedReport(state);
      if (received?.ok) {
        report.value = received.report;
        // Reopened or joined late: the report carries the whole transcript.
        if (transcript.value.length === 0) {
          transcript.value = [];
          appendLines(transcript.value, received.report.transcript);
        }
      } else if (received) {
        error.value = { code: 'EINTERNAL', message: received.message };
      }
      if (state.status !== 'running') endRunningSteps(live.value);
      return;
    }
    const other = stashedRun(state.runId);
    if (other) applyStateTo(other, state);
  }

  // Lines are pushed in place at once; telling Vue about them is throttled to once a frame.
  const announceTranscript = frameThrottle(() => triggerRef(transcript));

  function onTranscript(payload: EventPayloads['run/transcript']): void {
    if (payload.runId === runId.value) {
      appendLines(transcript.value, payload.events);
      announceTranscript();
      return;
    }
    const other = stashedRun(payload.runId);
    if (other) appendLines(other.transcript, payload.events);
  }

  function onStep(payload: { runId: string; step: StepId; phase: 'start' | 'end' }): void {
    const target = payload.runId === runId.value ? live.value : stashedRun(payload.runId)?.live;
    if (!target) return;
    const now = Date.now();
    if (payload.phase === 'start') {
      target[payload.step] = { phase: 'running', startedAt: now };
    } else {
      const started = target[payload.step]?.startedAt ?? now;
      target[payload.step] = { phase: 'ended', startedAt: started, elapsedMs: now - started };
    }
  }

  // The store lives as long as the window: these subscriptions are never dropped.
  api.on('run/transcript', onTranscript);
  api.on('run/step', onStep);
  api.on('run/state', applyState);

  function failWith(e: IpcError): void {
    error.value = e;
    // A refused start leaves nothing running; a refused continue/cancel leaves the run as it was.
    if (status.value === 'running') status.value = report.value ? 'done' : 'idle';
  }

  /**
   * Run all (no `until`), or run up to and including `until` and pause there. `fast`: Run all
   * (fast), which never pauses, so the engine pipelines the envelope (RFC 2920, BDAT: RFC 3030).
   */
  async function start(forProfile: string, until?: StepId, fast = false): Promise<void> {
    select(forProfile);
    if (status.value === 'running') return;
    // One run at a time per profile: a paused run holds its connection until it is closed.
    if (status.value === 'paused') await cancel();
    const id = crypto.randomUUID();
    runId.value = id;
    status.value = 'running';
    pausedBefore.value = null;
    report.value = null;
    live.value = {};
    transcript.value = [];
    error.value = null;
    const input = fast ? { runId: id, profileId: forProfile, fast } : until === undefined ? { runId: id, profileId: forProfile } : { runId: id, profileId: forProfile, until };
    const result = await api.invoke('run/start', input);
    if (runId.value !== id) return; // another run replaced this one meanwhile
    if (result.ok) applyState(result.value);
    else failWith(result.error);
  }

  /** Continues a paused run up to `until` (or to the end). */
  async function continueTo(until?: StepId): Promise<void> {
    const id = runId.value;
    if (id === null || status.value !== 'paused') return;
    status.value = 'running';
    pausedBefore.value = null;
    error.value = null;
    const result = await api.invoke('run/continue', until === undefined ? { runId: id } : { runId: id, until });
    if (runId.value !== id) return;
    if (result.ok) applyState(result.value);
    else failWith(result.error);
  }

  /** Stop: cancels the run at once; the engine still produces a report. */
  async function cancel(): Promise<void> {
    const id = runId.value;
    if (id === null || (status.value !== 'running' && status.value !== 'paused')) return;
    const result = await api.invoke('run/cancel', { runId: id });
    if (runId.value !== id) return;
    if (result.ok) applyState(result.value);
    else error.value = result.error;
  }

  /**
   * Run step / Run to here / Ctrl+Enter: starts a new run when none is open, continues a paused one.
   * `until` before the paused step (already run) starts over.
   */
  async function runTo(forProfile: string, until?: StepId): Promise<void> {
    select(forProfile);
    if (status.value === 'paused' && (until === undefined || pausedBefore.value === null || stepIndex(until) >= stepIndex(pausedBefore.value))) {
      await continueTo(until);
    } else {
      await start(forProfile, until);
    }
  }

  /** Shows a saved run (Recent runs): no events belong to it. */
  function loadReport(saved: RunReport, savedRunId: string | null = null): void {
    runId.value = savedRunId;
    status.value = 'done';
    pausedBefore.value = null;
    report.value = saved;
    live.value = {};
    transcript.value = [];
    appendLines(transcript.value, saved.transcript);
    error.value = null;
  }

  return {
    profileId,
    runId,
    status,
    report,
    live,
    transcript,
    error,
    busy,
    nextStep,
    steps,
    findings,
    select,
    start,
    continueTo,
    cancel,
    runTo,
    loadReport,
  };
});
