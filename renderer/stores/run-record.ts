/**
 * One run as the wizard keeps it, and the one set of rules that moves it on from the 'run/*' events
 * and answers. The shown run and a run going on in the background (another profile shown) are the
 * same kind of record, changed by the same functions.
 *
 * A record is reactive; its transcript is kept apart, raw (transcript-lines.ts).
 */
import { markRaw, reactive } from 'vue';
import type { Raw } from 'vue';
import type { IpcError } from '../../shared/ipc/result.ts';
import type { EventPayloads, RunState } from '../../shared/ipc/contract.ts';
import type { RunReport } from '../../shared/report.ts';
import type { StepId } from '../../shared/steps.ts';
import type { TranscriptEvent } from '../../shared/transcript.ts';
import type { CheckReport } from '../services/report-check.ts';
import { createTranscriptLines } from './transcript-lines.ts';
import type { TranscriptLines } from './transcript-lines.ts';

/** 'idle': nothing run yet; 'paused': stopped before `pausedBefore` with the connection open. */
export type RunStatus = 'idle' | 'running' | 'paused' | 'done';

export interface LiveStep {
  phase: 'running' | 'ended';
  /** Date.now() when the step started (renderer clock, only for the live elapsed time). */
  startedAt: number;
  elapsedMs?: number;
}

export interface RunRecord {
  runId: string | null;
  status: RunStatus;
  /** Set while paused: the step Run step / Continue would run next. */
  pausedBefore: StepId | null;
  /** The final report, or while step by step the report of the steps before `reportBefore`. */
  report: RunReport | null;
  /** Where the report of a paused run ends (its later steps have no verdict yet); null: final. */
  reportBefore: StepId | null;
  live: Partial<Record<StepId, LiveStep>>;
  transcript: Raw<TranscriptLines>;
  error: IpcError | null;
}

export function createRunRecord(): RunRecord {
  return reactive<RunRecord>({ runId: null, status: 'idle', pausedBefore: null, report: null, reportBefore: null, live: {}, transcript: createTranscriptLines(), error: null });
}

/** A new run (start) or a saved one (Recent runs): everything of the record's previous run goes. */
export function resetRecord(record: RunRecord, runId: string | null, status: RunStatus): void {
  Object.assign(record, { runId, status, pausedBefore: null, report: null, reportBefore: null, live: {}, error: null });
  record.transcript.clear();
}

export function appendTranscript(record: RunRecord, lines: readonly TranscriptEvent[]): void {
  record.transcript.append(lines);
}

/** The report as a raw object: a report is read whole, never watched field by field. */
export function setReport(record: RunRecord, report: RunReport, before: StepId | null): void {
  record.report = markRaw(report);
  record.reportBefore = before;
}

/** Nothing runs once a run pauses or ends: a step still marked running was cut short. */
function endRunningSteps(live: Partial<Record<StepId, LiveStep>>): void {
  for (const step of Object.values(live)) if (step.phase === 'running') step.phase = 'ended';
}

/** A state with its report checked by `check` (loaded by the caller: run.ts waits for it). */
export function applyRunState(record: RunRecord, state: RunState, check: CheckReport): void {
  record.status = state.status;
  // The end without its report (the run/state event, Stop's answer while Run's call waits; the
  // waiting call's answer brings it): the steps run so far are no verdict on the whole run.
  if (state.status === 'done' && state.report === undefined && record.reportBefore !== null) Object.assign(record, { report: null, reportBefore: null });
  record.pausedBefore = state.status === 'paused' ? (state.nextStep ?? null) : null;
  // Checked against the report schema before the UI trusts it: one that does not fit is shown as
  // an error, never half-rendered.
  const received = state.report === undefined ? undefined : check(state.report);
  if (received?.ok) {
    setReport(record, received.report, state.status === 'paused' ? (state.nextStep ?? null) : null);
    // Reopened or joined late: the final report carries the whole transcript.
    if (record.transcript.shown.value.length === 0) appendTranscript(record, received.report.transcript);
  } else if (received) {
    record.error = { code: 'EINTERNAL', message: received.message };
  }
  if (state.status !== 'running') endRunningSteps(record.live);
}

export function applyStepEvent(record: RunRecord, payload: EventPayloads['run/step'], now: number): void {
  if (payload.phase === 'start') {
    record.live[payload.step] = { phase: 'running', startedAt: now };
  } else {
    const started = record.live[payload.step]?.startedAt ?? now;
    record.live[payload.step] = { phase: 'ended', startedAt: started, elapsedMs: now - started };
  }
}
