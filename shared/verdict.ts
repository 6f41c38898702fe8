/**
 * The one-line verdict of a finished run, in words: which step failed and what to do, or that every
 * step passed, or that the run was stopped. The wizard shows it without an exit code (the step it
 * names is the card the line links to); the exports open with it and add the exit code.
 */
import { hintFor } from './finding-hint.ts';
import type { RunReport } from './report.ts';
import { STEP_IDS, STEP_LABELS } from './steps.ts';
import type { StepId } from './steps.ts';
import { visibleText } from './visible-text.ts';

export interface Verdict {
  tone: 'success' | 'warn' | 'error' | 'info';
  text: string;
  /** The step the line is about (the card it links to), if any. */
  step?: StepId;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The first step with this status, in wizard order. */
function firstStep(report: RunReport, status: 'fail' | 'warn'): StepId | undefined {
  return STEP_IDS.find((id) => report.steps.some((s) => s.id === id && s.status === status));
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?:]$/.test(t) ? t : `${t}.`;
}

export function verdictOf(report: RunReport): Verdict {
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  const counts = `${plural(errors, 'problem')}, ${plural(warnings, 'warning')}`;
  if (report.interrupted?.reason === 'cancelled') {
    const step = report.interrupted.step;
    return { tone: 'info', text: `Stopped by you at ${STEP_LABELS[step]}. The steps before it show what they found; run again to finish.`, step };
  }
  const failed = firstStep(report, 'fail');
  if (failed !== undefined) {
    const summary = report.steps.find((s) => s.id === failed)?.summary ?? '';
    const finding = report.findings.find((f) => f.step === failed && f.severity === 'error') ?? report.findings.find((f) => f.severity === 'error');
    const todo = finding ? ` What to do: ${sentence(visibleText(hintFor(finding, 'app')))}` : '';
    const what = summary === '' ? '' : ` ${sentence(visibleText(summary))}`;
    return { tone: 'error', text: `Finished: failed at ${STEP_LABELS[failed]}.${what}${todo} (${counts})`, step: failed };
  }
  const warned = firstStep(report, 'warn');
  if (warned !== undefined) {
    return { tone: 'warn', text: `Finished: no step failed, with ${plural(warnings, 'warning')}, the first at ${STEP_LABELS[warned]} (${counts}).`, step: warned };
  }
  return { tone: 'success', text: `Finished: every step passed or was not needed (${counts}).` };
}

/** The exports' first line: the wizard's verdict, then the exit code the CLI returns for this run. */
export function exportVerdictLine(report: RunReport): string {
  return `${verdictOf(report).text} Exit code ${report.exitCode}.`;
}
