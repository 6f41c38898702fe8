/**
 * What each step of a run shows, from its record: the report's verdict where the report has one
 * (at the end, or step by step for the steps already run), else live progress from the events.
 */
import { STEP_IDS } from '../../shared/steps.ts';
import type { StepId, StepResult, StepStatus } from '../../shared/steps.ts';
import type { Finding } from '../../shared/finding-codes.ts';
import type { RunRecord } from './run-record.ts';

/** What a step shows: the report's verdict, or live progress before the report has one. */
export type StepViewStatus = StepStatus | 'pending' | 'running' | 'ran';

export interface StepView {
  id: StepId;
  status: StepViewStatus;
  elapsedMs?: number;
  /** While running: Date.now() when the step started, for a ticking elapsed time. */
  startedAt?: number;
  result?: StepResult;
  findings: Finding[];
}

export const stepIndex = (id: StepId): number => STEP_IDS.indexOf(id);

const before = (id: StepId, limit: StepId | null): boolean => limit === null || stepIndex(id) < stepIndex(limit);

/** The step "Run next step" (Ctrl+Enter) runs: the first one, the paused one, none when running or done. */
export function nextStepOf(record: RunRecord): StepId | null {
  if (record.status === 'idle') return STEP_IDS[0];
  if (record.status === 'paused') return record.pausedBefore;
  return null;
}

function stepView(record: RunRecord, id: StepId): StepView {
  const { report, status, pausedBefore } = record;
  // A report made at a pause has no verdict for the steps from its pause on: they run later.
  const known = report !== null && before(id, record.reportBefore);
  const result = known ? report.steps.find((s) => s.id === id) : undefined;
  const findings = known ? report.findings.filter((f) => f.step === id) : [];
  const progress = record.live[id];
  const view: StepView = { id, status: 'pending', findings };
  const paused = status === 'paused' && pausedBefore !== null;
  if (progress?.phase === 'running') {
    view.status = 'running';
    view.startedAt = progress.startedAt;
  } else if (paused && !before(id, pausedBefore)) {
    view.status = 'pending';
  } else if (result) {
    return { ...view, status: result.status, result, elapsedMs: result.durationMs };
  } else if (progress?.phase === 'ended') {
    view.status = 'ran';
  } else if (paused) {
    // The run went past this step without starting it (no MX lookup when a server is given).
    view.status = 'skipped';
  }
  if (progress?.elapsedMs !== undefined) view.elapsedMs = progress.elapsedMs;
  return view;
}

export function stepViews(record: RunRecord): StepView[] {
  return STEP_IDS.map((id) => stepView(record, id));
}
