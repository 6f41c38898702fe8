/**
 * Engine errors (transport, timeout, TLS, framing) to findings. One mapping for every step, so a
 * timeout reads the same whether it hit RCPT or DATA. 4xx/5xx replies are not errors: the area
 * modules judge those.
 */
import type { EngineError } from '../../../shared/evidence.ts';
import { OTHER_FAMILY_ONLY } from '../../../shared/ip-versions.ts';
import { ipFamily } from '../../../shared/ip-address.ts';
import type { Finding } from '../../../shared/finding-codes.ts';
import { makeFinding } from '../../../shared/findings.ts';
import { PHASE_STEP, PHASE_WORDS, formatMs, replyLine, replyRaw, serverName, type DiagnoseContext } from './context.ts';
import { findingsForTlsError } from './tls.ts';

/** OS codes that mean "no route" even when the engine filed them under another code. */
const UNREACHABLE_CAUSES: Record<string, string> = {
  ENETUNREACH: 'the network is unreachable (no route from this machine)',
  EHOSTUNREACH: 'the host is unreachable (no route to it)',
  EADDRNOTAVAIL: 'the address is not available from this machine (IPv6 without an IPv6 route?)',
  ENETDOWN: 'the network is down',
};

/**
 * The name has addresses only of the other IP version than the run's: the source address's (said
 * first, as it is what chose the version) or the one -4/-6 or the profile asked for. The manual
 * console says the same words for its connect failure.
 */
export function otherFamilyFinding(request: { family?: 0 | 4 | 6; sourceAddress?: string }, host: string, evidence: string): Finding {
  const { family: asked, sourceAddress: source } = request;
  const family = source !== undefined && ipFamily(source) !== 0 ? ipFamily(source) : asked;
  const other = family === 4 ? 6 : 4;
  if (source !== undefined) return makeFinding('connect.source-family', { source, family, other, host }, { evidence });
  return makeFinding('connect.source-family', { family, other, host }, { variant: 'asked', evidence });
}

/**
 * Findings for one engine error. `elapsedMs` is how long the failing stage waited (for the
 * timeout messages); the session module passes the best number it has.
 */
export function findingsForError(error: EngineError, ctx: DiagnoseContext, elapsedMs?: number): Finding[] {
  const smtp = ctx.smtp;
  const host = serverName(ctx);
  const port = smtp?.target.port ?? ctx.evidence.request.port;
  const step = PHASE_STEP[error.phase];
  const elapsed = elapsedMs !== undefined ? formatMs(elapsedMs) : 'the time limit';
  const evidence = error.reply ? replyRaw(error.reply) : error.message;
  switch (error.code) {
    case 'ECONNREFUSED': {
      const ip = smtp?.target.remoteAddress ?? smtp?.target.host;
      const address = ip !== undefined && ip !== host ? ` (${ip})` : '';
      return [makeFinding('connect.refused', { host, port, address }, { evidence })];
    }
    case 'EHOSTUNREACH':
      return [makeFinding('connect.unreachable', { host, port, reason: UNREACHABLE_CAUSES[error.cause ?? ''] ?? error.message }, { evidence })];
    case 'ESOURCE': {
      const source = smtp?.target.sourceAddress ?? ctx.evidence.request.sourceAddress;
      const variant = error.cause === 'EADDRNOTAVAIL' ? {} : { variant: 'unusable' };
      return [makeFinding('connect.source-unavailable', { source, host, port, reason: error.message }, { evidence, ...variant })];
    }
    case 'EDNS':
      if (error.cause === OTHER_FAMILY_ONLY) return [otherFamilyFinding(ctx.evidence.request, host, evidence)];
      return [makeFinding('connect.unreachable', { host, reason: error.message }, { variant: 'dns', evidence })];
    case 'ETIMEDOUT':
      if (error.phase === 'connect') return [makeFinding('connect.timeout', { host, port, elapsed }, { evidence })];
      if (error.phase === 'greeting') return [makeFinding('banner.timeout', { host, port, elapsed }, { evidence })];
      if (error.phase === 'data-end') return [makeFinding('timeout', { elapsed }, { variant: 'afterDot', step, evidence })];
      return [makeFinding('timeout', { phase: PHASE_WORDS[error.phase], elapsed }, { step, evidence })];
    case 'ECONNRESET':
    case 'ECLOSED': {
      // A FIN or RST is reported once, from `closedByServer` when the engine recorded it.
      if (smtp?.closedByServer) return [];
      if (error.phase === 'connect' && error.cause && UNREACHABLE_CAUSES[error.cause]) {
        return [makeFinding('connect.unreachable', { host, port, reason: UNREACHABLE_CAUSES[error.cause] }, { evidence })];
      }
      const reply = error.reply ? ` after "${replyLine(error.reply)}"` : '';
      const variant = error.phase === 'data-end' ? 'duringData' : undefined;
      return [makeFinding('session.closed', { phase: PHASE_WORDS[error.phase], reply }, { step, evidence, ...(variant ? { variant } : {}) })];
    }
    case 'EPROTO': {
      const tls = findingsForTlsError(error, ctx);
      if (tls.length > 0) return tls;
      return [makeFinding('protocol.error', { phase: PHASE_WORDS[error.phase], reason: error.message }, { step, evidence })];
    }
    case 'ETLS':
      return findingsForTlsError(error, ctx);
    case 'EINJECTION':
      return [injectionFinding(error, evidence)];
    case 'EFLOOD':
      return [makeFinding('session.flood', { phase: PHASE_WORDS[error.phase] }, { step, evidence })];
    // EPOLICY: the area modules explain why we stopped (STARTTLS missing, AUTH without TLS).
    // EABORTED: the user cancelled; EINVALID: bad input, nothing sent. Neither says anything about the server.
    // EDEADLINE: the run's budget ran out; diagnose/run.ts reports it once for DNS and SMTP alike.
    case 'EPOLICY':
    case 'EABORTED':
    case 'EDEADLINE':
    case 'EINVALID':
      return [];
  }
}

/** STARTTLS injection: bytes buffered with the 220, or plaintext that reached the TLS handshake after it. */
export function injectionFinding(error: EngineError | undefined, evidence: string | undefined): Finding {
  const variant = error?.cause === 'PLAINTEXT_AFTER_STARTTLS' ? { variant: 'intoHandshake' } : {};
  return makeFinding('starttls.injection', {}, { ...variant, ...(evidence !== undefined ? { evidence } : {}) });
}
