/**
 * The wizard's run of the shown profile: start / continue / cancel over the shared contract, the
 * live step progress and transcript from the 'run/*' events (filtered by runId), and the report.
 *
 * Each profile keeps its own run record (run-record.ts): switching profile (select) shows another
 * record, and a run going on in the background keeps collecting its events in its own. Every event
 * goes to the record its runId belongs to, through the same functions, shown or not.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ShallowRef, WritableComputedRef } from 'vue';
import type { IpcError, Result } from '../../shared/ipc/result.ts';
import type { EventPayloads, RunState } from '../../shared/ipc/contract.ts';
import type { RunReport } from '../../shared/report.ts';
import type { StepId } from '../../shared/steps.ts';
import type { Finding } from '../../shared/finding-codes.ts';
import { api } from '../services/api.ts';
import { appendTranscript, applyRunState, applyStepEvent, createRunRecord, resetRecord, setReport } from './run-record.ts';
import type { RunRecord } from './run-record.ts';
import { nextStepOf, stepIndex, stepViews } from './run-steps.ts';

export type { LiveStep, RunStatus } from './run-record.ts';

/** How a new run goes: Run all (fast), and/or inspect anyway (past a certificate that does not verify), and/or over one IP version, for this run only. */
export interface RunMode {
  fast?: boolean;
  inspectAnyway?: boolean;
  family?: 4 | 6;
  /** Both IP versions: the second run, linked with the first (`runId`) as the pair `pairId` once it ends. */
  pairWith?: { pairId: string; runId: string };
}
export type { StepView, StepViewStatus } from './run-steps.ts';

/** The records of every profile, and the one shown; each event finds its record by runId. */
function useRunRecords() {
  const profileId = ref<string | null>(null);
  const records = new Map<string, RunRecord>();
  const shown = shallowRef<RunRecord>(createRunRecord());
  /** A report opened from a file: shown read-only in place of any profile's run; no event belongs to it. */
  const openedRecord = shallowRef<RunRecord | null>(null);
  const opened = computed(() => openedRecord.value !== null && shown.value === openedRecord.value);

  function recordFor(id: string): RunRecord {
    let record = records.get(id);
    if (!record) records.set(id, (record = createRunRecord()));
    return record;
  }

  /** Shows the run of this profile (the one shown until now keeps going in its record). */
  function select(id: string): void {
    if (profileId.value === id && !opened.value) return;
    profileId.value = id;
    shown.value = recordFor(id);
  }

  function showOpened(report: RunReport): void {
    const record = createRunRecord();
    resetRecord(record, null, 'done');
    setReport(record, report, null);
    appendTranscript(record, report.transcript);
    openedRecord.value = record;
    shown.value = record;
  }

  /** Back to the profile's own run (its record kept collecting while the report was shown). */
  function closeOpened(): void {
    openedRecord.value = null;
    shown.value = profileId.value !== null ? recordFor(profileId.value) : createRunRecord();
  }

  function recordOf(runId: string): RunRecord | undefined {
    if (shown.value.runId === runId) return shown.value;
    for (const record of records.values()) if (record.runId === runId) return record;
    return undefined;
  }

  /** A field of the shown record as a ref (the wizard and tests read and set it like state). */
  function field<K extends keyof RunRecord>(key: K): WritableComputedRef<RunRecord[K]> {
    return computed({ get: () => shown.value[key], set: (v) => (shown.value[key] = v) });
  }

  // The store lives as long as the window: these subscriptions are never dropped.
  api.on('run/transcript', (p: EventPayloads['run/transcript']) => {
    const record = recordOf(p.runId);
    if (record) appendTranscript(record, p.events);
  });
  api.on('run/step', (p: EventPayloads['run/step']) => {
    const record = recordOf(p.runId);
    if (record) applyStepEvent(record, p, Date.now());
  });
  api.on('run/state', (state: RunState) => {
    const record = recordOf(state.runId);
    if (record) applyRunState(record, state);
  });

  return { profileId, shown, opened, select, showOpened, closeOpened, field };
}

/** run/start's input: fast runs every step, so it never carries `until`; inspect anyway goes with either. */
function startInput(runId: string, profileId: string, until: StepId | undefined, mode: RunMode) {
  return {
    runId,
    profileId,
    ...(until !== undefined && !mode.fast ? { until } : {}),
    ...(mode.fast ? { fast: true } : {}),
    ...(mode.inspectAnyway ? { inspectAnyway: true as const } : {}),
    ...(mode.family !== undefined ? { family: mode.family } : {}),
    ...(mode.pairWith !== undefined ? { pairWith: mode.pairWith } : {}),
  };
}

/** Start / continue / Stop / Run to here of the shown run, each answer applied to the run it was for. */
function useRunActions(shown: ShallowRef<RunRecord>, select: (id: string) => void) {
  /** The answer to start/continue/cancel, for the run it was asked for (unless another replaced it). */
  function settle(record: RunRecord, id: string, result: Result<RunState>): void {
    if (record.runId !== id) return;
    if (result.ok) applyRunState(record, result.value);
    else failWith(record, result.error);
  }

  function failWith(record: RunRecord, e: IpcError): void {
    record.error = e;
    // A refused start leaves nothing running; a refused continue/cancel leaves the run as it was.
    if (record.status === 'running') record.status = record.report && record.reportBefore === null ? 'done' : 'idle';
  }

  /**
   * A new run: Run all (no `until`), or up to and including `until` and pause there.
   * `mode.fast` (Run all (fast)): no pauses, so the engine may pipeline the envelope.
   * `mode.inspectAnyway`: this run goes on past a certificate that does not verify (the profile is not changed).
   */
  async function start(forProfile: string, until?: StepId, mode: RunMode = {}): Promise<void> {
    select(forProfile);
    if (shown.value.status === 'running') return;
    // One run at a time per profile: a paused run holds its connection until it is closed.
    if (shown.value.status === 'paused') await cancel();
    const record = shown.value;
    const id = crypto.randomUUID();
    resetRecord(record, id, 'running');
    settle(record, id, await api.invoke('run/start', startInput(id, forProfile, until, mode)));
  }

  /** Continues a paused run up to `until` (or to the end). */
  async function continueTo(until?: StepId): Promise<void> {
    const record = shown.value;
    const id = record.runId;
    if (id === null || record.status !== 'paused') return;
    Object.assign(record, { status: 'running', pausedBefore: null, error: null });
    settle(record, id, await api.invoke('run/continue', until === undefined ? { runId: id } : { runId: id, until }));
  }

  /** Stop: cancels the run at once; the engine still produces a report. */
  async function cancel(): Promise<void> {
    const record = shown.value;
    const id = record.runId;
    if (id === null || (record.status !== 'running' && record.status !== 'paused')) return;
    const result = await api.invoke('run/cancel', { runId: id });
    if (record.runId !== id) return;
    if (result.ok) applyRunState(record, result.value);
    else record.error = result.error;
  }

  /**
   * Run step / Run to here / Ctrl+Enter: starts a new run when none is open, continues a paused one.
   * `until` before the paused step (already run) starts over.
   */
  async function runTo(forProfile: string, until?: StepId): Promise<void> {
    select(forProfile);
    const paused = shown.value.pausedBefore;
    if (shown.value.status === 'paused' && (until === undefined || paused === null || stepIndex(until) >= stepIndex(paused))) {
      await continueTo(until);
    } else {
      await start(forProfile, until);
    }
  }

  /** Shows a saved run (Recent runs): no events belong to it. */
  function loadReport(saved: RunReport, savedRunId: string | null = null): void {
    const record = shown.value;
    resetRecord(record, savedRunId, 'done');
    setReport(record, saved, null);
    appendTranscript(record, saved.transcript);
  }

  return { start, continueTo, cancel, runTo, loadReport };
}

export const useRunStore = defineStore('run', () => {
  const { profileId, shown, opened, select, showOpened, closeOpened, field } = useRunRecords();
  const runId = field('runId');
  const status = field('status');
  const report = field('report');
  const live = field('live');
  const transcript = computed(() => shown.value.transcript.shown.value);
  const error = field('error');

  const busy = computed(() => status.value === 'running');
  const nextStep = computed<StepId | null>(() => nextStepOf(shown.value));
  const steps = computed(() => stepViews(shown.value));
  const findings = computed<Finding[]>(() => report.value?.findings ?? []);

  const views = { opened, showOpened, closeOpened };
  return { profileId, runId, status, report, live, transcript, error, busy, nextStep, steps, findings, select, ...views, ...useRunActions(shown, select) };
});
