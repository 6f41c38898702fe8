/**
 * Human output of `smtp-probe check`: the transcript as it happens, color-coded like the classic
 * telnet guides (what you send in blue, what the server answers in red), then steps and findings.
 * Server text always goes through visibleText: a banner cannot move the cursor or clear the screen.
 */
import pc from 'picocolors';
import type { Finding } from '../../shared/finding-codes.ts';
import type { RunReport } from '../../shared/report.ts';
import { knownReplyUrl } from '../../shared/known-replies/pages.ts';
import { targetLine, tlsLine } from '../../shared/report-format.ts';
import { transcriptLine } from '../../shared/transcript-line.ts';
import type { StepResult } from '../../shared/steps.ts';
import type { TranscriptEvent } from '../../shared/transcript.ts';
import { visibleText } from '../../shared/visible-text.ts';

export interface Painter {
  sent: (s: string) => string;
  received: (s: string) => string;
  info: (s: string) => string;
  tls: (s: string) => string;
  error: (s: string) => string;
  bold: (s: string) => string;
  pass: (s: string) => string;
  warn: (s: string) => string;
  fail: (s: string) => string;
  dim: (s: string) => string;
}

export function makePainter(color: boolean): Painter {
  const c = pc.createColors(color);
  return {
    sent: c.blue,
    received: c.red,
    info: c.dim,
    tls: c.cyan,
    error: (s) => c.bold(c.red(s)),
    bold: c.bold,
    pass: c.green,
    warn: c.yellow,
    fail: (s) => c.bold(c.red(s)),
    dim: c.dim,
  };
}

export function paintTranscript(event: TranscriptEvent, p: Painter): string {
  const line = transcriptLine(event);
  switch (event.dir) {
    case 'C':
      return p.sent(line);
    case 'S':
      return p.received(line);
    case 'tls':
      return p.tls(line);
    case 'error':
      return p.error(line);
    case 'info':
      return p.info(line);
  }
}

export function paintStatus(step: StepResult, p: Painter): string {
  const label = step.status.toUpperCase().padEnd(7);
  if (step.status === 'pass') return p.pass(label);
  if (step.status === 'warn') return p.warn(label);
  if (step.status === 'fail') return p.fail(label);
  return p.dim(label);
}

export function paintFinding(f: Finding, p: Painter): string[] {
  const sev = f.severity === 'error' ? p.fail('ERROR  ') : f.severity === 'warning' ? p.warn('WARNING') : p.dim('INFO   ');
  const lines = [`  ${sev} ${p.bold(f.code)} (${f.step}): ${visibleText(f.message)}`, `          ${p.dim('What to do:')} ${visibleText(f.hint)}`];
  const url = f.link ? knownReplyUrl(f.link.id) : undefined;
  if (url !== undefined) lines.push(`          ${p.dim('More:')} ${url}`);
  return lines;
}

/** Everything after the live transcript: target, TLS, steps, findings. */
export function summaryLines(report: RunReport, p: Painter): string[] {
  const out = ['', p.bold(`Target: ${visibleText(targetLine(report))}`), `TLS:    ${visibleText(tlsLine(report))}`, '', p.bold('Steps')];
  for (const s of report.steps) out.push(`  ${paintStatus(s, p)} ${s.id.padEnd(9)} ${String(Math.round(s.durationMs)).padStart(6)} ms  ${visibleText(s.summary)}`);
  out.push('', p.bold('Findings'));
  if (report.findings.length === 0) out.push('  none');
  for (const f of report.findings) out.push(...paintFinding(f, p));
  out.push('', report.exitCode === 0 ? p.pass('Result: every step passed or only warned (exit 0).') : p.fail(`Result: a step failed (exit ${report.exitCode}).`));
  return out;
}
