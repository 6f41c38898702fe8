/**
 * The stages of the mail transaction and the end of the session: the envelope check, MAIL, RCPT,
 * DATA, the 452 follow-up transactions and QUIT. Each fills its part of the evidence and says what
 * happens next; none throws for an outcome.
 */
import { checkMailbox } from './address.ts';
import { hasCapability, sizeLimit } from './capabilities.ts';
import type { EngineError } from '../../../shared/evidence.ts';
import type { MailFromParams, RcptToParams } from './command-line.ts';
import { decodeDataPayload } from './data-encoding.ts';
import { engineError } from './errors.ts';
import { sendData, sendMoreTransactions, sendRecipients } from './more-transactions.ts';
import { MAX_RECIPIENTS } from './run-options.ts';
import { afterReply, attempt, fail, recordOf, type Next, type StageContext } from './stage-context.ts';

/** The sender, recipients and message of the transaction, when the run has them. */
function envelopeOf(ctx: StageContext): { from: string; to: string[]; payload: Buffer } | undefined {
  const { from, to } = ctx.o;
  if (ctx.payload === undefined || from === undefined || !to) return undefined;
  return { from, to, payload: ctx.payload };
}

/** Without sender and recipients the session ends here, with QUIT. */
export function envelope(ctx: StageContext): Promise<Next> {
  if (envelopeOf(ctx)) return Promise.resolve('next');
  ctx.transcript.add('info', 'no sender and recipients given: stopping before MAIL FROM');
  return Promise.resolve('quit');
}

function has8bit(bytes: Buffer): boolean {
  for (const b of bytes) if (b > 0x7f) return true;
  return false;
}

type Envelope = NonNullable<ReturnType<typeof envelopeOf>>;

/** MAIL FROM's parameters from what the server offers, or why MAIL cannot be sent (nothing is). */
function mailParamsOf(ctx: StageContext, env: Envelope): { params: MailFromParams } | { error: EngineError } {
  const caps = ctx.client.capabilities;
  const utf8Needed = [env.from, ...env.to].some((a) => {
    const c = checkMailbox(a, a === env.from ? 'from' : 'to');
    return c.ok && c.needsSmtpUtf8;
  });
  // RFC 6531: a non-ASCII local part needs SMTPUTF8; never downgrade silently, and fail before MAIL is sent.
  if (utf8Needed && !hasCapability(caps, 'SMTPUTF8')) {
    return { error: engineError('EINVALID', 'mail', 'an address has a non-ASCII local part, and the server does not offer SMTPUTF8 (RFC 6531); nothing was sent for it').detail };
  }
  return {
    params: {
      ...(hasCapability(caps, 'SIZE') ? { size: ctx.chunk?.length ?? env.payload.length } : {}),
      ...(hasCapability(caps, '8BITMIME') && has8bit(env.payload) ? { body8bitmime: true } : {}),
      ...(hasCapability(caps, 'SMTPUTF8') && utf8Needed ? { smtputf8: true } : {}),
    },
  };
}

/** RCPT TO's parameters: DSN NOTIFY when offered, SMTPUTF8 when MAIL carried it. */
function rcptParamsOf(ctx: StageContext, mailParams: MailFromParams): RcptToParams {
  const { dsnNotify } = ctx.o;
  const notify = dsnNotify && dsnNotify.length > 0 && hasCapability(ctx.client.capabilities, 'DSN') ? { notify: dsnNotify } : {};
  return { ...notify, ...(mailParams.smtputf8 ? { smtputf8: true } : {}) };
}

/**
 * Fast mode's send state (RFC 2920): with PIPELINING offered, MAIL, every RCPT and DATA go out
 * as one group; the MAIL, RCPT and DATA stages then take their replies, in order, as in step mode.
 * With CHUNKING offered too (RFC 3030), `BDAT <n> LAST` and the message take DATA's place.
 */
export async function pipeline(ctx: StageContext): Promise<Next> {
  const env = envelopeOf(ctx);
  if (!env) return 'next';
  if (!hasCapability(ctx.client.capabilities, 'PIPELINING')) {
    ctx.transcript.add('info', 'fast mode: the server does not offer PIPELINING (RFC 2920), so commands go one at a time');
    return 'next';
  }
  const chunking = hasCapability(ctx.client.capabilities, 'CHUNKING');
  // SIZE (RFC 1870) declares the octets that will be sent: the chunk when it replaces DATA.
  if (chunking) ctx.chunk = decodeDataPayload(env.payload);
  const made = mailParamsOf(ctx, env);
  const r = 'error' in made ? undefined : await attempt(() => ctx.client.pipelineEnvelope(env.from, made.params, env.to, rcptParamsOf(ctx, made.params), env.payload, chunking), 'mail');
  ctx.grouped = r?.ok === true;
  if (!ctx.grouped) delete ctx.chunk;
  // Nothing was sent. MAIL's own stage reports what cannot be sent; a line that cannot be built
  // is refused by its own stage too, as in step mode.
  if (r && !r.ok && r.error.code !== 'EINVALID') return fail(ctx, r.error);
  return 'next';
}

export async function mail(ctx: StageContext): Promise<Next> {
  const env = envelopeOf(ctx);
  if (!env) return 'quit';
  const { client, transcript } = ctx;
  const made = mailParamsOf(ctx, env);
  if ('error' in made) return fail(ctx, made.error);
  const { params } = made;
  const limit = sizeLimit(client.capabilities);
  if (limit !== undefined && limit > 0 && env.payload.length > limit) {
    transcript.add('info', `the message (${env.payload.length} octets) is larger than the server's SIZE limit (${limit}); sending MAIL FROM anyway to see its answer`);
  }
  ctx.mailParams = params;
  const r = await attempt(() => client.mailFrom(env.from, params), 'command');
  const record = recordOf(r);
  if (record) ctx.ev.mail = record;
  return r.ok ? afterReply(r.value.reply) : fail(ctx, r.error);
}

export async function rcpt(ctx: StageContext): Promise<Next> {
  const env = envelopeOf(ctx);
  if (!env) return 'quit';
  const { client } = ctx;
  const rcpts = (ctx.ev.rcpt = []);
  ctx.rcptParams = rcptParamsOf(ctx, ctx.mailParams);
  const sent = await sendRecipients(client, env.to, ctx.rcptParams, rcpts, ctx.grouped);
  if (sent.error) return fail(ctx, sent.error);
  if (sent.closing) return 'drop';
  ctx.deferred = sent.deferred;
  if (sent.deferred.length > 0 && client.quitAnswered()) {
    // QUIT already followed BDAT LAST: no transaction can follow in this session.
    ctx.transcript.add('info', `the server answered 452 (too many recipients) to ${sent.deferred.length} of them, below the ${MAX_RECIPIENTS} per message every server must take (RFC 5321 §4.5.3.1.8); QUIT had already followed BDAT LAST, so they were not sent: send to them again`);
    ctx.deferred = [];
  } else if (sent.deferred.length > 0) {
    ctx.transcript.add('info', `the server took ${sent.accepted} recipients and answered 452 (too many recipients); the other ${sent.deferred.length} follow in a new transaction once this message is sent`);
  }
  return sent.accepted === 0 ? 'quit' : 'next';
}

export async function data(ctx: StageContext): Promise<Next> {
  const env = envelopeOf(ctx);
  if (!env) return 'quit';
  const { next, error, ...records } = await sendData(ctx.client, env.payload);
  ctx.ev.data = { sizeOctets: records.chunked && ctx.chunk ? ctx.chunk.length : env.payload.length, ...records };
  return error ? fail(ctx, error) : next;
}

/** RFC 5321 §4.5.3.1.10: the recipients a 452 deferred, in as many new transactions as needed. */
export async function moreTransactions(ctx: StageContext): Promise<Next> {
  const env = envelopeOf(ctx);
  if (!env) return 'quit';
  const more: NonNullable<typeof ctx.ev.moreTransactions> = (ctx.ev.moreTransactions = []);
  const { client, transcript, deferred, mailParams, rcptParams } = ctx;
  const outcome = await sendMoreTransactions({ client, transcript, deferred, mailParams, rcptParams, from: env.from, payload: env.payload, record: (tx) => more.push(tx) });
  if (typeof outcome === 'object') return fail(ctx, outcome.error);
  // The session ends after this stage: QUIT unless the server is closing.
  return outcome === 'closing' ? 'drop' : 'next';
}

/** A clean QUIT; its failure is recorded but does not replace an earlier error. */
export async function quit(ctx: StageContext): Promise<Next> {
  const { client, ev } = ctx;
  // The gate may have waited: the server can have closed the connection meanwhile.
  // In fast mode QUIT may already be answered (sent behind the final dot).
  if (!client.canSend() && !client.quitAnswered()) return 'next';
  const r = await attempt(() => client.quit(), 'quit');
  const record = recordOf(r);
  if (record?.command === 'QUIT') ev.quit = record;
  if (!r.ok) ev.error ??= r.error;
  return 'next';
}
