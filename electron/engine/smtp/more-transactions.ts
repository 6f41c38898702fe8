/**
 * RFC 5321 §4.5.3.1.10: a 452 to RCPT TO after some recipients were accepted means "too many
 * recipients for this transaction"; the client delivers to the ones accepted, then sends the rest in
 * new transactions (MAIL FROM, RCPT TO..., DATA again). Every transaction must take at least one
 * recipient, so a server that keeps answering 452 cannot keep us looping. The RCPT loop and DATA
 * are shared by the first transaction and the later ones.
 */
import type { CommandRecord, EngineError, SmtpEvidence, SmtpReply } from '../../../shared/evidence.ts';
import type { TranscriptSink } from '../transcript.ts';
import type { MailFromParams, RcptToParams } from './command-line.ts';
import { lastExchange } from './client-outcomes.ts';
import { isPositive } from './reply-class.ts';
import { attempt, recordOf, type Next, type StageClient } from './stage-context.ts';

export type MoreTransaction = NonNullable<SmtpEvidence['moreTransactions']>[number];

/** How the extra transactions ended: all sent, stopped by a refusal (QUIT may follow), a 421, or an engine error. */
export type MoreOutcome = 'done' | 'refused' | 'closing' | { error: EngineError };

type Recipients = { accepted: number; deferred: string[]; closing: boolean; error?: EngineError };

/**
 * Queue id from the final reply: Postfix "Ok: queued as 4BXYZ", Exim "OK id=1abc-000123-AB",
 * Exchange "[InternalId=123...]", Sendmail "Message accepted for delivery" has none.
 * Only the first 512 characters are looked at (bounded input for the regexes).
 */
export function parseQueueId(reply: SmtpReply): string | undefined {
  const text = reply.lines.join(' ').slice(0, 512);
  const m = /queued as ([A-Za-z0-9][A-Za-z0-9._-]{0,63})/i.exec(text) ?? /\bid=([A-Za-z0-9][A-Za-z0-9._-]{0,63})/i.exec(text) ?? /InternalId=([0-9]{1,40})/.exec(text);
  return m?.[1];
}

/** DATA and the message as evidence: the records written, the queue id, and what happens next (an engine error ends the session). */
export async function sendData(
  client: Pick<StageClient, 'data'>,
  payload: Buffer,
): Promise<{ next: Next; start?: CommandRecord; end?: CommandRecord; queueId?: string; chunked?: boolean; error?: EngineError }> {
  const r = await attempt(() => client.data(payload), 'command');
  if (!r.ok) {
    // BDAT LAST's record is the reply after the message (`end`), as the final dot's is.
    const chunked = r.records[0] !== undefined && isChunk(r.records[0]);
    const [start, end] = chunked ? [undefined, r.records[0]] : r.records;
    return { next: 'drop', error: r.error, ...(start ? { start } : {}), ...(end ? { end } : {}), ...(chunked ? { chunked } : {}) };
  }
  const { start, end, chunk } = r.value;
  const queueId = end && parseQueueId(end.reply);
  const records = { ...(queueId ? { queueId } : {}), ...(start ? { start: start.record } : {}), ...(end ? { end: end.record } : {}), ...(chunk !== undefined ? { chunked: true } : {}) };
  const last = lastExchange(r.value).reply;
  // 421 closes (RFC 5321 §3.8); DATA not answered with 354, or a refused message, QUITs.
  if (last.code === 421) return { next: 'drop', ...records };
  return { next: isPositive(end?.reply) ? 'next' : 'quit', ...records };
}

/** The record of fast mode's `BDAT <n> LAST` (RFC 3030). */
function isChunk(record: CommandRecord): boolean {
  return record.command.startsWith('BDAT ');
}

/**
 * The RCPT loop shared by the first and later transactions: what was accepted and what is left;
 * each record goes into `records`. `allAnswered`: every RCPT already went out in a pipelined group
 * (fast mode), so each has its own answer and only those answered 452 are left for later.
 */
export async function sendRecipients(client: Pick<StageClient, 'rcptTo'>, to: readonly string[], params: RcptToParams, records: CommandRecord[], allAnswered = false): Promise<Recipients> {
  let accepted = 0;
  const deferred: string[] = [];
  for (let i = 0; i < to.length; i++) {
    const r = await attempt(() => client.rcptTo(to[i] as string, params), 'command');
    const record = recordOf(r);
    if (record) records.push(record);
    if (!r.ok) return { accepted, deferred: [], closing: false, error: r.error };
    const { reply } = r.value;
    if (reply.code === 421) return { accepted, deferred: [], closing: true };
    if (isPositive(reply)) accepted++;
    // A 452 before anything was accepted is a refusal of this recipient, not a transaction limit.
    if (reply.code === 452 && accepted > 0) {
      if (!allAnswered) return { accepted, deferred: to.slice(i), closing: false };
      deferred.push(to[i] as string);
    }
  }
  return { accepted, deferred, closing: false };
}

type MoreOptions = {
  client: Pick<StageClient, 'rcptTo' | 'mailFrom' | 'data' | 'canSend'>;
  transcript: TranscriptSink;
  from: string;
  deferred: string[];
  payload: Buffer;
  mailParams: MailFromParams;
  rcptParams: RcptToParams;
  /** Where each new transaction is recorded as it starts (the evidence keeps what happened). */
  record: (tx: MoreTransaction) => void;
};

/** Sends the deferred recipients in as many further transactions as needed. */
export async function sendMoreTransactions(o: MoreOptions): Promise<MoreOutcome> {
  let rest = o.deferred;
  while (rest.length > 0) {
    if (!o.client.canSend()) return 'refused';
    o.transcript.add('info', `the server limits recipients per message: sending to the ${rest.length} remaining in a new transaction (RFC 5321 §4.5.3.1.10)`);
    const tx: MoreTransaction = { rcpt: [] };
    o.record(tx);
    const sent = await oneTransaction(o, rest, tx);
    if (typeof sent !== 'object' || 'error' in sent) return sent;
    rest = sent.deferred;
  }
  return 'done';
}

/** MAIL, RCPT..., DATA for `to`; the recipients a new 452 left, or how it ended. */
async function oneTransaction(o: MoreOptions, to: string[], tx: MoreTransaction): Promise<MoreOutcome | { deferred: string[] }> {
  const { client } = o;
  const mail = await attempt(() => client.mailFrom(o.from, o.mailParams), 'command');
  const mailRecord = recordOf(mail);
  if (mailRecord) tx.mail = mailRecord;
  if (!mail.ok) return { error: mail.error };
  if (mail.value.reply.code === 421) return 'closing';
  if (!isPositive(mail.value.reply)) return 'refused';

  const sent = await sendRecipients(client, to, o.rcptParams, tx.rcpt);
  if (sent.error) return { error: sent.error };
  if (sent.closing) return 'closing';
  if (sent.accepted === 0) return 'refused';

  const d = await sendData(client, o.payload);
  if (d.queueId) tx.queueId = d.queueId;
  if (d.start) tx.dataStart = d.start;
  if (d.end) tx.dataEnd = d.end;
  if (d.error) return { error: d.error };
  if (d.next !== 'next') return d.next === 'drop' ? 'closing' : 'refused';
  return { deferred: sent.deferred };
}
