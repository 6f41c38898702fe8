/**
 * Session-wide evidence: protocol violations, the server hanging up, and the error that ended
 * the session when no step record carries it.
 */
import type { Finding } from '../../../shared/finding-codes.ts';
import { makeFinding } from '../../../shared/findings.ts';
import { PHASE_STEP, PHASE_WORDS, errorKey, recordErrors, replyLine, replyRaw, type AreaResult, type DiagnoseContext, type StepDraft } from './context.ts';
import { silentTlsPort } from './connection.ts';
import { findingsForError } from './errors.ts';

const VIOLATION_WORDS: Record<string, string> = {
  'code-mismatch': 'lines of one reply carried different codes',
  'enhanced-mismatch': 'the enhanced status code disagrees with the reply code',
  'starttls-after-tls': 'the server still offers STARTTLS inside TLS',
  'unsolicited-reply': 'the server sent a reply nobody asked for',
};

export function diagnoseSession(ctx: DiagnoseContext): AreaResult {
  const smtp = ctx.smtp;
  if (!smtp) return { steps: [], findings: [] };
  const findings: Finding[] = [];
  const steps: StepDraft[] = [];

  const bareLf = smtp.violations.filter((v) => v.kind === 'bare-lf');
  const first = bareLf[0];
  if (first) {
    const more = bareLf.length > 1 ? ` (and ${bareLf.length - 1} more)` : '';
    findings.push(makeFinding('protocol.bare-lf', { reason: `${first.text}${more}` }, { evidence: first.text }));
  }
  for (const v of smtp.violations) {
    if (v.kind === 'bare-lf') continue;
    // The session went on, so these warn rather than fail (reliability B.17: the reply code wins).
    findings.push(makeFinding('protocol.error', { reason: `${VIOLATION_WORDS[v.kind] ?? v.kind}: ${v.text}` }, { variant: 'violation', severity: 'warning', evidence: v.text }));
  }

  const closed = smtp.closedByServer;
  // A hang-up while waiting for the greeting on 465 is the wrong TLS mode, reported by the banner step.
  if (closed && !(closed.phase === 'greeting' && silentTlsPort(ctx))) {
    const reply = closed.afterReply ? ` after "${replyLine(closed.afterReply)}"` : ' without a reply';
    const variant = closed.phase === 'data-end' ? { variant: 'duringData' } : {};
    findings.push(
      makeFinding('session.closed', { phase: PHASE_WORDS[closed.phase], reply }, { step: PHASE_STEP[closed.phase], ...variant, ...(closed.afterReply ? { evidence: replyRaw(closed.afterReply) } : {}) }),
    );
  }

  const error = smtp.error;
  if (error && !recordErrors(smtp).some((e) => errorKey(e) === errorKey(error)) && !(error.phase === 'greeting' && silentTlsPort(ctx))) {
    findings.push(...findingsForError(error, ctx));
    const step = PHASE_STEP[error.phase];
    const summary = error.code === 'EABORTED' ? 'Cancelled by the user' : error.code === 'EDEADLINE' ? 'Stopped: the run took longer than its time budget' : error.message;
    steps.push({ id: step, status: 'fail', durationMs: 0, summary });
  }
  return { steps, findings };
}
