/**
 * Folds the area drafts and the findings into exactly one StepResult per step, in STEP_IDS order,
 * and maps failed steps to exit codes.
 */
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import type { RunEvidence } from '../../../shared/evidence.ts';
import type { Finding, Severity } from '../../../shared/finding-codes.ts';
import { findingTitle } from '../../../shared/findings.ts';
import { STEP_IDS, STOP_STAGES, type StepId, type StepResult, type StepStatus } from '../../../shared/steps.ts';
import type { StepDraft } from './context.ts';

const RANK: Record<StepStatus, number> = { skipped: 0, pass: 1, warn: 2, fail: 3 };
const FROM_SEVERITY: Record<Severity, StepStatus> = { info: 'pass', warning: 'warn', error: 'fail' };

function worse(a: StepStatus, b: StepStatus): StepStatus {
  return RANK[b] > RANK[a] ? b : a;
}

function skippedSummary(id: StepId, evidence: RunEvidence, earlierFailed: boolean): string {
  const stop = evidence.request.stopAfter ?? evidence.smtp?.stopAfter;
  if (stop !== undefined && id !== 'quit') {
    const stopIndex = STEP_IDS.indexOf(stop);
    if (STEP_IDS.indexOf(id) > stopIndex && (STOP_STAGES as readonly string[]).includes(stop)) return `Not run: stopped after ${stop} as asked`;
  }
  if (earlierFailed) return 'Not run: an earlier step failed';
  return 'Not run';
}

/**
 * A step's status is the worse of what its area decided and its findings' severities (an info
 * finding neither lowers nor raises one). A step no area produced but with warnings or errors
 * (e.g. a timeout during RSET) takes its status and summary from them.
 */
export function assembleSteps(drafts: StepDraft[], findings: Finding[], evidence: RunEvidence): StepResult[] {
  const byId = new Map<StepId, StepDraft>();
  for (const draft of drafts) if (!byId.has(draft.id)) byId.set(draft.id, draft);
  const results: StepResult[] = [];
  let earlierFailed = false;
  for (const id of STEP_IDS) {
    const own = findings.filter((f) => f.step === id);
    const fromFindings = own.reduce<StepStatus>((status, f) => worse(status, FROM_SEVERITY[f.severity]), 'skipped');
    const draft = byId.get(id);
    let result: StepResult;
    if (draft) {
      let status = draft.status;
      if (status === 'skipped') {
        if (fromFindings === 'fail' || fromFindings === 'warn') status = fromFindings;
      } else {
        status = worse(status, fromFindings);
      }
      result = { ...draft, status };
    } else if (fromFindings === 'fail' || fromFindings === 'warn') {
      const lead = own.find((f) => FROM_SEVERITY[f.severity] === fromFindings) ?? own[0];
      result = { id, status: fromFindings, durationMs: 0, summary: lead ? findingTitle(lead.code) : '' };
    } else {
      result = { id, status: 'skipped', durationMs: 0, summary: skippedSummary(id, evidence, earlierFailed) };
    }
    if (result.status === 'fail') earlierFailed = true;
    results.push(result);
  }
  return results;
}

/** 0 when every step passed, warned or was skipped; otherwise the code of the first failed step. */
export function exitCodeFor(steps: readonly StepResult[]): number {
  for (const id of STEP_IDS) {
    if (steps.some((s) => s.id === id && s.status === 'fail')) return EXIT_CODES[id];
  }
  return EXIT_CODES.ok;
}
