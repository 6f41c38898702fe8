/**
 * Shared shapes and small helpers of the diagnosis. Everything here is pure.
 */
import type { EngineError, Phase, RunEvidence, SmtpEvidence, SmtpReply } from '../../../shared/evidence.ts';
import type { Finding } from '../../../shared/finding-codes.ts';
import type { StepId, StepResult } from '../../../shared/steps.ts';
import { isIpLiteral } from '../dns/names.ts';

export interface DiagnoseOptions {
  /** A 220 greeting slower than this is reported as banner.slow. Default 5000 ms. */
  slowBannerMs?: number;
}

export interface DiagnoseContext {
  evidence: RunEvidence;
  smtp: SmtpEvidence | undefined;
  slowBannerMs: number;
}

/** What an area module knows about one step before findings are folded in (its status may still worsen). */
export type StepDraft = StepResult;

export interface AreaResult {
  steps: StepDraft[];
  findings: Finding[];
}

export const DEFAULT_SLOW_BANNER_MS = 5000;

/** The wizard step an engine phase belongs to. */
export const PHASE_STEP: Record<Phase, StepId> = {
  dns: 'connect',
  connect: 'connect',
  'tls-handshake': 'starttls',
  greeting: 'banner',
  ehlo: 'ehlo',
  starttls: 'starttls',
  auth: 'auth',
  mail: 'mail',
  rcpt: 'rcpt',
  data: 'data',
  'data-end': 'data',
  rset: 'quit',
  quit: 'quit',
  command: 'quit',
};

/** Words for a phase in a sentence: "No complete reply during the RCPT TO command". */
export const PHASE_WORDS: Record<Phase, string> = {
  dns: 'the DNS lookup of the server',
  connect: 'the connection attempt',
  'tls-handshake': 'the TLS handshake',
  greeting: 'the wait for the 220 greeting',
  ehlo: 'the EHLO command',
  starttls: 'the STARTTLS command',
  auth: 'authentication',
  mail: 'the MAIL FROM command',
  rcpt: 'the RCPT TO command',
  data: 'the DATA command',
  'data-end': 'the wait for the reply after the end of the message',
  rset: 'the RSET command',
  quit: 'the QUIT command',
  command: 'a manual command',
};

/** The reply as the server sent it (all lines, verbatim), for `evidence`. */
export function replyRaw(reply: SmtpReply): string {
  return reply.raw.join('\n');
}

/** One line for messages: "550 5.7.1 Relaying denied" (multi-line replies joined with " / "). */
export function replyLine(reply: SmtpReply): string {
  const text = reply.lines.filter((l) => l.length > 0).join(' / ');
  const enhanced = reply.enhanced && !text.startsWith(reply.enhanced) ? `${reply.enhanced} ` : '';
  return `${reply.code} ${enhanced}${text}`.trim();
}

/** Text of the reply after the code and the enhanced code. */
export function replyText(reply: SmtpReply): string {
  const text = reply.lines.join(' ');
  if (reply.enhanced && text.startsWith(reply.enhanced)) return text.slice(reply.enhanced.length).trim();
  return text.trim();
}

export { isPositive } from '../smtp/reply-class.ts';

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The server's name for messages. The engine may connect to the resolved address, so
 * `target.host` can be an IP: then the TLS name, the MX host with that address, or the
 * server the user gave tell the admin more.
 */
export function serverName(ctx: DiagnoseContext): string {
  const given = ctx.evidence.request.server?.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  const host = ctx.smtp?.target.host;
  if (host === undefined) return given ?? '(unknown host)';
  if (!isIpLiteral(host)) return host;
  const mxHost = ctx.evidence.dns.mx?.hosts.find((h) => h.addresses.includes(host))?.exchange;
  return ctx.smtp?.tls?.servername ?? mxHost ?? given ?? host;
}

/** Identity of an error, to avoid reporting the same error from its record and as the session error. */
export function errorKey(error: EngineError): string {
  return `${error.code}|${error.phase}|${error.message}`;
}

/** Lower-case, no trailing dot: DNS names compare this way. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** Every error recorded on a step record (not the session-level `smtp.error`). */
export function recordErrors(smtp: SmtpEvidence): EngineError[] {
  const errors: (EngineError | undefined)[] = [
    smtp.connect?.error,
    smtp.implicitTls?.error,
    smtp.banner?.error,
    smtp.ehlo?.error,
    smtp.starttls?.error,
    smtp.ehloAfterTls?.error,
    smtp.auth?.error,
    smtp.mail?.error,
    ...(smtp.rcpt ?? []).map((r) => r.error),
    smtp.data?.start?.error,
    smtp.data?.end?.error,
    smtp.quit?.error,
  ];
  return errors.filter((e): e is EngineError => e !== undefined);
}
