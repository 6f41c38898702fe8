/**
 * The EHLO and STARTTLS steps (implicit TLS on 465 is shown in the STARTTLS step too: it is
 * "the TLS step" of the wizard). Capabilities get a plain-language meaning each.
 */
import { explainCapability } from '../../../shared/capabilities-explained.ts';
import type { EhloCapabilities, SmtpEvidence, SmtpReply } from '../../../shared/evidence.ts';
import type { CapabilityRow, StepDetails } from '../../../shared/step-result.ts';
import type { Finding } from '../../../shared/finding-codes.ts';
import { makeFinding } from '../../../shared/findings.ts';
import { isPositive, replyLine, replyRaw, serverName, type AreaResult, type DiagnoseContext, type StepDraft } from './context.ts';
import { ehloNameFinding } from './client-side.ts';
import { findingsForError, injectionFinding } from './errors.ts';
import { replyEvidence, textFinding } from './known-reply.ts';
import { findingsForTlsReport, tlsDetails, tlsSummary } from './tls.ts';

export function capabilityRows(caps: EhloCapabilities): CapabilityRow[] {
  return Object.entries(caps.keywords).map(([keyword, params]) => ({ keyword, params, meaning: explainCapability(keyword, params) }));
}

function capabilityLine(caps: EhloCapabilities): string {
  return Object.entries(caps.keywords)
    .map(([k, p]) => (p.length > 0 ? `${k} ${p.join(' ')}` : k))
    .join(', ');
}

/** A refused EHLO or HELO: the receiver's own wording first (Postfix's "need fully-qualified hostname"). */
function refusalFinding(reply: SmtpReply | undefined, values: { name?: string }, variant?: 'afterTls'): Finding {
  const named = reply ? textFinding(reply, 'ehlo') : undefined;
  if (named) return named;
  const options = { ...(variant ? { variant } : {}), ...(reply ? replyEvidence(reply) : {}) };
  return makeFinding('ehlo.rejected', { ...values, reply: reply ? replyLine(reply) : 'no reply' }, options);
}

/**
 * EHLO got 5xx and HELO was sent. When both are refused and EHLO's reply names the cause (the
 * name, not the command), that is the one finding: "does not support EHLO" would mislead.
 */
function fallbackFindings(ehlo: NonNullable<SmtpEvidence['ehlo']>): Finding[] {
  const refused = !isPositive(ehlo.heloReply);
  const named = refused && ehlo.reply ? textFinding(ehlo.reply, 'ehlo') : undefined;
  const first = named ?? makeFinding('ehlo.helo-fallback', { reply: ehlo.reply ? replyLine(ehlo.reply) : 'no reply' }, ehlo.reply ? replyEvidence(ehlo.reply) : {});
  if (!refused) return [first];
  const helo = refusalFinding(ehlo.heloReply, { name: ehlo.name });
  return helo.code === named?.code ? [first] : [first, helo];
}

export function diagnoseEhlo(ctx: DiagnoseContext): AreaResult {
  const ehlo = ctx.smtp?.ehlo;
  if (!ehlo) return { steps: [], findings: [] };
  const findings: Finding[] = [];
  const after = ctx.smtp?.ehloAfterTls;
  const caps = after?.capabilities ?? ehlo.capabilities;
  const details: StepDetails<'ehlo'> = {
    name: ehlo.name,
    heloFallback: ehlo.heloFallback,
    greeting: caps?.greeting ?? null,
    capabilities: caps ? capabilityRows(caps) : [],
    ...(after?.capabilities && ehlo.capabilities ? { capabilitiesBeforeTls: capabilityRows(ehlo.capabilities) } : {}),
  };
  const duration = ehlo.elapsedMs + (after?.elapsedMs ?? 0);
  let status: StepDraft['status'] = 'pass';
  let summary: string;

  if (ehlo.error) {
    findings.push(...findingsForError(ehlo.error, ctx, ehlo.elapsedMs));
    return { steps: [{ id: 'ehlo', status: 'fail', durationMs: duration, summary: ehlo.error.message, details }], findings };
  }
  if (ehlo.heloFallback) {
    findings.push(...fallbackFindings(ehlo));
    if (!isPositive(ehlo.heloReply)) status = 'fail';
    summary = `HELO ${ehlo.name}: ${ehlo.heloReply ? replyLine(ehlo.heloReply) : 'no reply'}`;
  } else if (!isPositive(ehlo.reply)) {
    const reply = ehlo.reply;
    findings.push(refusalFinding(reply, { name: ehlo.name }));
    status = 'fail';
    summary = `EHLO ${ehlo.name}: ${reply ? replyLine(reply) : 'no reply'}`;
  } else {
    summary = caps ? `${caps.greeting}; ${capabilityLine(caps)}` : `EHLO ${ehlo.name} accepted`;
  }

  if (after) {
    if (after.error) {
      findings.push(...findingsForError(after.error, ctx, after.elapsedMs));
      status = 'fail';
    } else if (!isPositive(after.reply)) {
      findings.push(refusalFinding(after.reply, {}, 'afterTls'));
      status = 'fail';
    }
  }
  const mismatch = ehloNameFinding(ctx, ehlo.name);
  if (mismatch) findings.push(mismatch);
  return { steps: [{ id: 'ehlo', status, durationMs: duration, summary, details }], findings };
}

function implicitTls(ctx: DiagnoseContext): AreaResult {
  const smtp = ctx.smtp;
  const handshake = smtp?.implicitTls;
  if (!smtp || !handshake) return { steps: [], findings: [] };
  if (!handshake.ok) {
    const findings = handshake.error ? findingsForError(handshake.error, ctx, handshake.elapsedMs) : [];
    const summary = `Implicit TLS failed: ${handshake.error?.message ?? 'handshake failed'}`;
    return { steps: [{ id: 'starttls', status: 'fail', durationMs: handshake.elapsedMs, summary, details: { mode: 'implicit' } }], findings };
  }
  const report = smtp.tls;
  const findings = findingsForTlsReport(ctx, new Set());
  const summary = report ? `Implicit TLS: ${tlsSummary(report)}` : 'Implicit TLS';
  return { steps: [{ id: 'starttls', status: 'pass', durationMs: handshake.elapsedMs, summary, details: { mode: 'implicit', ...(report ? { tls: tlsDetails(report) } : {}) } }], findings };
}

export function diagnoseStarttls(ctx: DiagnoseContext): AreaResult {
  const smtp = ctx.smtp;
  if (!smtp) return { steps: [], findings: [] };
  const security = smtp.target.security;
  if (security === 'implicit') return implicitTls(ctx);
  const st = smtp.starttls;
  const offeredByCaps = smtp.ehlo?.capabilities ? 'STARTTLS' in smtp.ehlo.capabilities.keywords : undefined;
  if (!st) {
    if (security === 'none' && smtp.ehlo?.capabilities) {
      const summary = `Not used (plain text asked); the server ${offeredByCaps ? 'offers' : 'does not offer'} STARTTLS`;
      return { steps: [{ id: 'starttls', status: 'skipped', durationMs: 0, summary, details: { mode: security, offered: offeredByCaps ?? null } }], findings: [] };
    }
    return { steps: [], findings: [] };
  }
  const findings: Finding[] = [];
  const details: StepDetails<'starttls'> = { mode: security, offered: st.offered, attempted: st.attempted };
  if (!st.offered) {
    // STARTTLS required: the engine stopped (EPOLICY) rather than go on in plain text.
    const severity = security === 'starttls' ? 'error' : 'warning';
    findings.push(makeFinding('starttls.not-offered', { host: serverName(ctx) }, { severity }));
    const summary = security === 'starttls' ? 'STARTTLS not offered: stopped (TLS required)' : 'STARTTLS not offered: continued in plain text';
    return { steps: [{ id: 'starttls', status: severity === 'error' ? 'fail' : 'warn', durationMs: st.elapsedMs, summary, details }], findings };
  }
  if (!st.attempted) {
    return { steps: [{ id: 'starttls', status: 'skipped', durationMs: 0, summary: 'Offered, not used (plain text asked)', details }], findings };
  }
  if (st.injection) findings.push(injectionFinding(st.error, st.reply ? replyRaw(st.reply) : undefined));
  if (st.reply && st.reply.code !== 220) {
    // With starttls-optional the session went on in plain text, so it warns; required, it fails.
    const severity = security === 'starttls-optional' ? 'warning' : 'error';
    findings.push(makeFinding('starttls.failed', { reason: `the server answered ${replyLine(st.reply)}` }, { severity, ...replyEvidence(st.reply) }));
  }
  const reported = new Set<string>();
  if (st.error) {
    if (st.error.cause !== undefined) reported.add(st.error.cause);
    findings.push(...findingsForError(st.error, ctx, st.elapsedMs));
  }
  if (st.ok && smtp.tls) findings.push(...findingsForTlsReport(ctx, reported));
  if (smtp.tls) details.tls = tlsDetails(smtp.tls);
  const summary = st.ok && smtp.tls ? tlsSummary(smtp.tls) : (st.error?.message ?? (st.reply ? replyLine(st.reply) : 'STARTTLS failed'));
  const status = st.ok ? 'pass' : security === 'starttls-optional' && !st.error ? 'warn' : 'fail';
  return { steps: [{ id: 'starttls', status, durationMs: st.elapsedMs, summary, details }], findings };
}
