/**
 * RFC 5321 §4.5.3.1.10: a 452 to RCPT TO after some recipients were accepted means "too many
 * recipients for this transaction"; the client delivers to the ones accepted, then sends the rest in
 * new transactions (MAIL FROM, RCPT TO..., DATA again). Every transaction must take at least one
 * recipient, so a server that keeps answering 452 cannot keep us looping.
 */
import type { CommandRecord, SmtpEvidence, SmtpReply } from '../../../shared/evidence.ts';
import type { TranscriptSink } from '../transcript.ts';
import type { MailFromParams, RcptToParams } from './command-line.ts';
import type { SmtpClient } from './smtp-client.ts';

export type MoreTransaction = NonNullable<SmtpEvidence['moreTransactions']>[number];

/** How the extra transactions ended: all sent, stopped by a refusal (QUIT may follow), or a 421. */
export type MoreOutcome = 'done' | 'refused' | 'closing';

const is2xx = (r: SmtpReply | undefined) => r !== undefined && r.code >= 200 && r.code < 300;

/** The RCPT loop shared by the first and later transactions: what was accepted and what is left. */
export async function sendRecipients(
  client: SmtpClient,
  to: readonly string[],
  params: RcptToParams,
  record: (r: CommandRecord) => void,
): Promise<{ accepted: number; deferred: string[]; closing: boolean }> {
  let accepted = 0;
  for (let i = 0; i < to.length; i++) {
    const before = client.commands.length;
    let reply: SmtpReply;
    try {
      reply = await client.rcptTo(to[i] as string, params);
    } finally {
      if (client.commands.length > before) record(client.commands[client.commands.length - 1]!);
    }
    if (reply.code === 421) return { accepted, deferred: [], closing: true };
    if (is2xx(reply)) accepted++;
    // A 452 before anything was accepted is a refusal of this recipient, not a transaction limit.
    if (reply.code === 452 && accepted > 0) return { accepted, deferred: to.slice(i), closing: false };
  }
  return { accepted, deferred: [], closing: false };
}

/** Sends the deferred recipients in as many further transactions as needed. */
export async function sendMoreTransactions(o: {
  client: SmtpClient;
  transcript: TranscriptSink;
  from: string;
  deferred: string[];
  payload: Buffer;
  mailParams: MailFromParams;
  rcptParams: RcptToParams;
  /** Where each new transaction is recorded as it starts (the evidence keeps what happened). */
  record: (tx: MoreTransaction) => void;
  parseQueueId: (reply: SmtpReply) => string | undefined;
}): Promise<MoreOutcome> {
  const { client, transcript } = o;
  let rest = o.deferred;
  while (rest.length > 0) {
    if (!client.canSend()) return 'refused';
    transcript.add('info', `the server limits recipients per message: sending to the ${rest.length} remaining in a new transaction (RFC 5321 §4.5.3.1.10)`);
    const tx: MoreTransaction = { rcpt: [] };
    o.record(tx);

    let before = client.commands.length;
    const mail = await client.mailFrom(o.from, o.mailParams).finally(() => {
      if (client.commands.length > before) tx.mail = client.commands[client.commands.length - 1];
    });
    if (mail.code === 421) return 'closing';
    if (!is2xx(mail)) return 'refused';

    const sent = await sendRecipients(client, rest, o.rcptParams, (r) => tx.rcpt.push(r));
    if (sent.closing) return 'closing';
    if (sent.accepted === 0) return 'refused';

    before = client.commands.length;
    try {
      const d = await client.data(o.payload);
      if (d.end) {
        const queueId = o.parseQueueId(d.end);
        if (queueId) tx.queueId = queueId;
      }
      const last = d.end ?? d.start;
      if (last.code === 421) return 'closing';
      if (!is2xx(d.end)) return 'refused';
    } finally {
      const records = client.commands.slice(before);
      if (records[0]) tx.dataStart = records[0];
      if (records[1]) tx.dataEnd = records[1];
    }
    rest = sent.deferred;
  }
  return 'done';
}
