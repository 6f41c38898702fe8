/**
 * What SmtpClient's methods return, and the small pure helpers it uses: kept apart so the
 * client file holds only the session logic.
 */
import type { CommandRecord, EhloCapabilities, Phase, SmtpEvidence, SmtpReply, TlsReport } from '../../../shared/evidence.ts';
import type { AuthDecision, AuthOutcome } from './auth.ts';
import { EngineInputError } from './command-line.ts';
import { SmtpEngineError, engineError } from './errors.ts';
import type { SmtpRunOptions } from './run-options.ts';

export type Violation = SmtpEvidence['violations'][number];

/** The connection as specified once (connection-spec.ts), the run's signal and its transcript. */
export type SmtpClientOptions = Pick<SmtpRunOptions, 'connection' | 'signal' | 'transcript' | 'timeline' | 'early'>;

/** What every command returns: the reply, and the record that went into the transcript of commands. */
export interface Exchanged {
  reply: SmtpReply;
  record: CommandRecord;
}

/**
 * DATA's two exchanges: DATA itself, and the final dot when DATA was answered with 354. In fast
 * mode with CHUNKING (RFC 3030) the message goes as one `BDAT <n> LAST` instead: `end` is that
 * exchange (its reply comes after the message), there is no `start`, and `chunk` is n.
 */
export type DataOutcome = { start: Exchanged; end?: Exchanged; chunk?: undefined } | { start?: undefined; end: Exchanged; chunk: number };

/** The exchange that ends DATA: the final dot's, or DATA's own when it was not answered 354, or BDAT's. */
export function lastExchange(d: DataOutcome): Exchanged {
  return d.chunk === undefined ? (d.end ?? d.start) : d.end;
}

export interface EhloOutcome {
  reply: SmtpReply;
  heloFallback: boolean;
  heloReply?: SmtpReply;
  /** Only when EHLO succeeded (HELO has no extensions). */
  capabilities?: EhloCapabilities;
}

export interface StarttlsOutcome {
  reply: SmtpReply;
  /** The upgrade completed (TLS up and allowed to go on). */
  ok: boolean;
  tls?: TlsReport;
}

export type AuthResult = { attempted: false; decision: Extract<AuthDecision, { ok: false }> } | ({ attempted: true } & AuthOutcome);

/** Per-phase timings (ms) of connect(), read by the runner after success or failure. */
export interface ConnectTimings {
  connectMs?: number;
  /** The connection was dialled before the run was ready (early-dial.ts): connectMs is from that dial until its connect was seen. */
  dialledEarly?: true;
  tlsMs?: number;
  bannerMs?: number;
}

export const round = (ms: number) => Math.round(ms * 10) / 10;

/** Input errors of the line builders become EINVALID engine errors: nothing was sent. */
export function built(make: () => string, phase: Phase): string {
  try {
    return make();
  } catch (err) {
    if (err instanceof EngineInputError) throw engineError('EINVALID', phase, err.message);
    throw err;
  }
}

/**
 * MAIL FROM and RCPT TO put their mailbox on the command's record, answered or failed, so the
 * diagnosis reads it from the evidence instead of parsing it back out of the command line.
 */
export async function addressed(exchange: Promise<Exchanged>, address: string): Promise<Exchanged> {
  try {
    const done = await exchange;
    done.record.address = address;
    return done;
  } catch (err) {
    const record = err instanceof SmtpEngineError ? err.records.at(-1) : undefined;
    if (record) record.address = address;
    throw err;
  }
}

/** Protocol oddities of one reply, for evidence.violations. */
export function replyViolations(reply: SmtpReply): Violation[] {
  const text = reply.raw.join(' / ').slice(0, 200);
  const out: Violation[] = [];
  if (reply.bareLf) out.push({ kind: 'bare-lf', text: `reply ended with a bare LF instead of CRLF: ${text}` });
  if (reply.codeMismatch) out.push({ kind: 'code-mismatch', text: `lines of one reply carry different codes: ${text}` });
  if (reply.enhancedMismatch) out.push({ kind: 'enhanced-mismatch', text: `enhanced status ${reply.enhanced} disagrees with ${reply.code}: ${text}` });
  return out;
}

/** Lines shown for the message sent after 354 (the payload without its terminator), capped at 200. */
export function payloadTranscript(payload: Buffer, maxLines = 200): Array<['C' | 'info', string]> {
  return messageTranscript(payload.subarray(0, Math.max(0, payload.length - 5)), payload.length, maxLines);
}

/** Lines shown for a `BDAT <n> LAST` chunk (CRLF-normalised, ending with CRLF, not dot-stuffed), as for DATA's payload. */
export function chunkTranscript(chunk: Buffer, maxLines = 200): Array<['C' | 'info', string]> {
  return messageTranscript(chunk.subarray(0, Math.max(0, chunk.length - 2)), chunk.length, maxLines);
}

function messageTranscript(shown: Buffer, octets: number, maxLines: number): Array<['C' | 'info', string]> {
  const lines = shown.toString('utf8').split('\r\n');
  const out: Array<['C' | 'info', string]> = lines.slice(0, maxLines).map((l) => ['C', l]);
  if (lines.length > maxLines) out.push(['info', `… ${lines.length - maxLines} more message lines not shown (${octets} octets sent)`]);
  return out;
}
