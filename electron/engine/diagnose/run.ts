/**
 * The run as a whole: when its time budget ran out, one finding says so, at the step that was
 * running, whether that was a DNS question or an SMTP reply. (Stop is the user's own doing and
 * needs no finding; the steps it cut short say "cancelled".)
 */
import { makeFinding } from '../../../shared/findings.ts';
import type { StepId } from '../../../shared/steps.ts';
import { PHASE_WORDS, formatMs, type AreaResult, type DiagnoseContext } from './context.ts';

/** The steps that are not one SMTP command, in a sentence. */
const STEP_WORDS: Partial<Record<StepId, string>> = {
  mx: 'the MX lookup',
  ptr: 'the reverse DNS (PTR) checks',
  connect: 'the connection attempt',
};

export function diagnoseRun(ctx: DiagnoseContext): AreaResult {
  const interrupted = ctx.evidence.interrupted;
  if (interrupted?.reason !== 'deadline') return { steps: [], findings: [] };
  const error = ctx.smtp?.error?.code === 'EDEADLINE' ? ctx.smtp.error : undefined;
  const step = error ? PHASE_WORDS[error.phase] : (STEP_WORDS[interrupted.step] ?? `the ${interrupted.step.toUpperCase()} step`);
  const budget = formatMs(interrupted.deadlineMs);
  const variant = error?.phase === 'data-end' ? { variant: 'afterDot' } : {};
  return { steps: [], findings: [makeFinding('run.deadline', { budget, step }, { step: interrupted.step, ...variant, ...(error ? { evidence: error.message } : {}) })] };
}
