/**
 * What the runner's stages share: the context they read and fill, what a stage says happens next,
 * and `attempt`, which turns the client's thrown engine errors into results at the call.
 */
import type { CommandRecord, EngineError, Phase, SmtpEvidence, SmtpReply } from '../../../shared/evidence.ts';
import type { TranscriptSink } from '../transcript.ts';
import { round } from './client-outcomes.ts';
import type { MailFromParams, RcptToParams } from './command-line.ts';
import { SmtpEngineError, engineError } from './errors.ts';
import type { SmtpRunOptions } from './run-options.ts';
import type { SmtpClient } from './smtp-client.ts';
import { isPositive } from './reply-class.ts';

/** After a stage: the following stage, a clean QUIT, or closing without QUIT (after a 421 or a transport failure). */
export type Next = 'next' | 'quit' | 'drop';

/** The client methods the stages call (a fake client in the unit tests). */
export type StageClient = Pick<
  SmtpClient,
  'open' | 'greeting' | 'ehlo' | 'ehloAfterTls' | 'starttls' | 'auth' | 'mailFrom' | 'rcptTo' | 'data' | 'quit' | 'canSend' | 'capabilities' | 'timings' | 'pipelineEnvelope' | 'quitAnswered'
>;

export interface StageContext {
  readonly o: SmtpRunOptions;
  readonly client: StageClient;
  readonly ev: SmtpEvidence;
  readonly transcript: TranscriptSink;
  /** The message, composed and encoded (before connecting, or in fast mode before the envelope); absent without sender and recipients. */
  payload?: Buffer;
  /** Fast mode: the message being composed aside (session-stages.ts composeAside), until `composed` takes it. */
  composing?: Promise<Attempt<Buffer> | undefined>;
  /** When the current wizard step and the current stage started (transcript clock), set by the runner. */
  stepStartedAt: number;
  stageStartedAt: number;
  mailParams: MailFromParams;
  rcptParams: RcptToParams;
  /** Recipients a 452 left for further transactions (RFC 5321 §4.5.3.1.10). */
  deferred: string[];
  /** Fast mode (RFC 2920 pipelining of the envelope): asked for, and no stop after a step (see SmtpRunOptions.fast). */
  fast: boolean;
  /** The envelope went out as one pipelined group: every RCPT has its own answer. */
  grouped: boolean;
  /** The message as the group's `BDAT <n> LAST` chunk (RFC 3030): CRLF-normalised, not dot-stuffed. */
  chunk?: Buffer;
}

export function createStageContext(o: SmtpRunOptions, client: StageClient, ev: SmtpEvidence): StageContext {
  return { o, client, ev, transcript: o.transcript, stepStartedAt: 0, stageStartedAt: 0, mailParams: {}, rcptParams: {}, deferred: [], fast: o.fast === true && o.stopAfter === undefined, grouped: false };
}

/** Milliseconds since `t` on the transcript's clock, to 0.1 ms. */
export function since(ctx: StageContext, t: number): number {
  return round(ctx.transcript.now() - t);
}

/**
 * The error that ends the run goes into the evidence (the first one stays). Only an input error
 * found once the server knows us (after EHLO or HELO: capabilities known) still gets its QUIT;
 * anything else closes.
 */
export function fail(ctx: StageContext, error: EngineError): Next {
  ctx.ev.error ??= error;
  return error.code === 'EINVALID' && ctx.client.capabilities ? 'quit' : 'drop';
}

/** What a reply ending a stage means: 421 closes (RFC 5321 §3.8), 2yz goes on, anything else QUITs. */
export function afterReply(reply: SmtpReply | undefined): Next {
  if (reply?.code === 421) return 'drop';
  return isPositive(reply) ? 'next' : 'quit';
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: EngineError; records: readonly CommandRecord[] };

/** A client call as a result: its engine error and the command records it wrote, or its value. */
export async function attempt<T>(call: () => Promise<T>, fallbackPhase: Phase): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    return { ok: false, error: errorDetail(err, fallbackPhase), records: err instanceof SmtpEngineError ? err.records : [] };
  }
}

/** The command record of a one-command call, whether it succeeded or failed (none when nothing was sent). */
export function recordOf(r: Attempt<{ record: CommandRecord }>): CommandRecord | undefined {
  return r.ok ? r.value.record : r.records.at(-1);
}

/** Any thrown value as the engine's error shape (EPROTO when it is not an engine error). */
export function errorDetail(err: unknown, fallbackPhase: Phase): EngineError {
  if (err instanceof SmtpEngineError) return err.detail;
  return engineError('EPROTO', fallbackPhase, err instanceof Error ? err.message : String(err)).detail;
}
