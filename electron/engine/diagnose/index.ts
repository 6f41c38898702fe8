/**
 * Diagnosis: evidence in, steps and plain-language findings out. Pure: no I/O, no clock, so every
 * finding can be unit-tested from recorded evidence.
 */
import type { RunEvidence } from '../../../shared/evidence.ts';
import type { Finding } from '../../../shared/finding-codes.ts';
import { STEP_IDS, type StepResult } from '../../../shared/steps.ts';
import { diagnoseAuth } from './auth.ts';
import { diagnosePtr } from './client-side.ts';
import { diagnoseBanner, diagnoseConnect } from './connection.ts';
import { DEFAULT_SLOW_BANNER_MS, type DiagnoseContext, type DiagnoseOptions } from './context.ts';
import { diagnoseMx } from './dns.ts';
import { diagnoseEhlo, diagnoseStarttls } from './ehlo-starttls.ts';
import { diagnoseRun } from './run.ts';
import { diagnoseSession } from './session.ts';
import { assembleSteps } from './steps.ts';
import { diagnoseData, diagnoseMail, diagnoseQuit, diagnoseRcpt } from './transaction.ts';

export { exitCodeFor } from './steps.ts';
export type { DiagnoseOptions } from './context.ts';

export interface Diagnosis {
  steps: StepResult[];
  findings: Finding[];
}

const AREAS = [diagnoseMx, diagnosePtr, diagnoseConnect, diagnoseBanner, diagnoseEhlo, diagnoseStarttls, diagnoseAuth, diagnoseMail, diagnoseRcpt, diagnoseData, diagnoseQuit, diagnoseSession, diagnoseRun];

/** The same finding reached through two pieces of evidence (a record error and a flag) is shown once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  let closed = false;
  return findings.filter((f) => {
    // One hang-up is one finding, whichever evidence reported it first.
    if (f.code === 'session.closed') {
      if (closed) return false;
      closed = true;
    }
    const key = `${f.code}|${f.step}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function diagnose(evidence: RunEvidence, options: DiagnoseOptions = {}): Diagnosis {
  const ctx: DiagnoseContext = { evidence, smtp: evidence.smtp, slowBannerMs: options.slowBannerMs ?? DEFAULT_SLOW_BANNER_MS };
  const results = AREAS.map((area) => area(ctx));
  const findings = dedupe(results.flatMap((r) => r.findings));
  // Findings in wizard order, stable within a step, so reports read top to bottom.
  const order = (f: Finding): number => STEP_IDS.indexOf(f.step);
  const sorted = findings.map((f, i) => ({ f, i })).sort((a, b) => order(a.f) - order(b.f) || a.i - b.i).map(({ f }) => f);
  const steps = assembleSteps(results.flatMap((r) => r.steps), sorted, evidence);
  return { steps, findings: sorted };
}
