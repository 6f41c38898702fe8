/**
 * The engine's one error shape. Transport, timeout, TLS and framing problems become an
 * `SmtpEngineError` carrying the plain-JSON `EngineError` from shared/evidence.ts. A 4xx/5xx
 * reply to a command is returned as an outcome; one ends up here (as `reply`) only when it ends
 * the session: a 421 once anything more would be sent (ECLOSED), a reply nobody asked for found
 * before the next command (EPROTO), the runner's stop after a required STARTTLS was refused, e.g.
 * with 454 (EPOLICY).
 */
import type { CommandRecord, EngineError, EngineErrorCode, Phase, SmtpReply } from '../../../shared/evidence.ts';
import { abortMessage, isDeadlineAbort } from '../run-budget.ts';

export class SmtpEngineError extends Error {
  /** The JSON form that goes into evidence and across IPC. */
  readonly detail: EngineError;
  /**
   * The command records written by the client operation that failed, in order (the last one
   * carries the error); empty when nothing was sent. Set by the client (CommandExchange.oneAtATime).
   */
  records: readonly CommandRecord[] = [];

  constructor(detail: EngineError) {
    super(detail.message);
    this.name = 'SmtpEngineError';
    this.detail = detail;
  }

  get code(): EngineErrorCode {
    return this.detail.code;
  }

  get phase(): Phase {
    return this.detail.phase;
  }

  toJSON(): EngineError {
    return this.detail;
  }
}

export function engineError(
  code: EngineErrorCode,
  phase: Phase,
  message: string,
  extra: { cause?: string; reply?: SmtpReply; command?: string } = {},
): SmtpEngineError {
  const detail: EngineError = { code, phase, message };
  if (extra.cause !== undefined) detail.cause = extra.cause;
  if (extra.reply !== undefined) detail.reply = extra.reply;
  if (extra.command !== undefined) detail.command = extra.command;
  return new SmtpEngineError(detail);
}

/**
 * The error for a wait ended by the run's signal: EDEADLINE when the run's time budget ran out,
 * EABORTED when the user stopped it. `when` completes "cancelled ..." ("while connecting").
 */
export function abortError(signal: AbortSignal | undefined, phase: Phase, when = ''): SmtpEngineError {
  const tail = when ? ` ${when}` : '';
  return engineError(isDeadlineAbort(signal) ? 'EDEADLINE' : 'EABORTED', phase, `${abortMessage(signal)}${tail}`);
}

/** The `code` Node puts on system errors (errno name) or OpenSSL errors, when there is one. */
export function nodeErrorCode(err: unknown): string | undefined {
  if (err && typeof err === 'object') {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    // net.connect with autoSelectFamily reports every attempt in an AggregateError.
    const inner = (err as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.length > 0) return nodeErrorCode(inner[inner.length - 1]);
  }
  return undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The failed call behind a Node error (or the last attempt of an AggregateError): "bind", "connect". */
function syscallOf(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const inner = (err as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.length > 0) return syscallOf(inner[inner.length - 1]);
  const call = (err as { syscall?: unknown }).syscall;
  return typeof call === 'string' ? call : undefined;
}

/**
 * The socket could not bind the source address: not on this machine (EADDRNOTAVAIL), or not usable
 * for this connection (EINVAL). ESOURCE, nothing sent. Undefined for an error of any other call.
 */
export function bindError(err: unknown, source: string): SmtpEngineError | undefined {
  if (syscallOf(err) !== 'bind') return undefined;
  const cause = nodeErrorCode(err);
  const why = cause === 'EADDRNOTAVAIL' ? 'is not on this machine' : `cannot be used for this connection (${messageOf(err)})`;
  return engineError('ESOURCE', 'connect', `the source address ${source} ${why}`, cause === undefined ? {} : { cause });
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA']);

/** Maps a socket-level Node error to the engine's table, keeping the Node code as `cause`. */
export function fromSocketError(err: unknown, phase: Phase): SmtpEngineError {
  if (err instanceof SmtpEngineError) return err;
  const cause = nodeErrorCode(err);
  const text = messageOf(err);
  switch (cause) {
    case 'ECONNREFUSED':
      return engineError('ECONNREFUSED', phase, `connection refused (${text})`, { cause });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return engineError('EHOSTUNREACH', phase, `no route to the server (${text})`, { cause });
    case 'ETIMEDOUT':
      return engineError('ETIMEDOUT', phase, `timed out (${text})`, { cause });
    case 'ECONNRESET':
    case 'EPIPE':
      return engineError('ECONNRESET', phase, `connection reset by the server (${text})`, { cause });
    default:
      if (cause && DNS_CODES.has(cause)) return engineError('EDNS', 'dns', `could not resolve the server name (${text})`, { cause });
      if (cause && (cause.startsWith('ERR_SSL_') || cause.startsWith('ERR_TLS_') || /CERT|TLS|SSL/.test(cause))) {
        return engineError('ETLS', phase, `TLS failure (${text})`, { cause });
      }
      return engineError('EPROTO', phase, `socket error (${text})`, cause === undefined ? {} : { cause });
  }
}
