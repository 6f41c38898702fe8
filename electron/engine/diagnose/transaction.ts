/**
 * The mail transaction: MAIL FROM, RCPT TO, DATA, and QUIT. Replies are classified by code first
 * and enhanced code second; the text is only consulted where servers agree on words
 * ("relay", "user unknown", "greylist"), as the RFCs leave the text free.
 */
import type { CommandRecord, SmtpReply } from '../../../shared/evidence.ts';
import type { Finding } from '../../../shared/finding-codes.ts';
import { makeFinding } from '../../../shared/findings.ts';
import type { RecordDetails } from '../../../shared/step-result.ts';
import { isPositive, replyLine, replyRaw, replyText, type AreaResult, type DiagnoseContext, type StepDraft } from './context.ts';
import { findingsForError } from './errors.ts';
import { knownReplyOf, replyEvidence, textFinding } from './known-reply.ts';

const AUTH_WORDS = /authenticat|auth first|must log ?in/i;
const RELAY_WORDS = /relay/i;
// "mailbox unavailable" is left out on purpose: 550's standard text says it for policy refusals too.
const UNKNOWN_USER_WORDS = /user unknown|unknown user|no such (user|mailbox|recipient)|mailbox not found|recipient not found|does not exist|unknown recipient|invalid recipient/i;
const GREYLIST_WORDS = /grey ?list|gray ?list|try again later|temporarily deferred|please retry/i;

/**
 * 530 (RFC 4954 §6), 5.7.0, or 5.7.1 with words about authentication, while we are not logged in.
 * Once authenticated, the same reply means a policy refusal and is judged as such.
 */
export function isAuthRequired(reply: SmtpReply, authenticated: boolean): boolean {
  if (authenticated || reply.code < 500) return false;
  if (reply.code === 530) return true;
  if (reply.enhanced === '5.7.0') return true;
  return (reply.enhanced === '5.7.1' || reply.enhanced === undefined) && AUTH_WORDS.test(replyText(reply));
}

/** 552 (RFC 5321 §4.2.3) or the size detail codes 5.3.4 / 5.2.3 (RFC 3463). */
export function isTooLarge(reply: SmtpReply): boolean {
  return reply.code === 552 || reply.enhanced === '5.3.4' || reply.enhanced === '5.2.3' || reply.enhanced === '4.3.4';
}

const RCPT_VERDICTS = ['rcpt.unknown-user', 'rcpt.relay-denied', 'rcpt.greylisted', 'rcpt.rejected', 'auth.required'] as const;
export type RcptVerdict = (typeof RCPT_VERDICTS)[number];

/** A receiver's wording that names one of the verdicts (Exchange Online's DBEB 5.4.1 is an unknown user). */
function knownRcptVerdict(reply: SmtpReply): RcptVerdict | undefined {
  const code = knownReplyOf(reply)?.entry.finding;
  return RCPT_VERDICTS.find((verdict) => verdict === code);
}

export function classifyRcptReply(reply: SmtpReply, authenticated: boolean): RcptVerdict {
  const text = replyText(reply);
  if (isAuthRequired(reply, authenticated)) return 'auth.required';
  const known = knownRcptVerdict(reply);
  if (known) return known;
  if (reply.code >= 500 && reply.enhanced === '5.1.1') return 'rcpt.unknown-user';
  if ((reply.code === 550 || reply.code === 551 || reply.code === 554) && RELAY_WORDS.test(text)) return 'rcpt.relay-denied';
  if (reply.code >= 500 && UNKNOWN_USER_WORDS.test(text)) return 'rcpt.unknown-user';
  if ((reply.code === 450 || reply.code === 451) && (reply.enhanced === '4.7.1' || reply.enhanced === '4.2.0' || GREYLIST_WORDS.test(text))) return 'rcpt.greylisted';
  return 'rcpt.rejected';
}

function authenticated(ctx: DiagnoseContext): boolean {
  return ctx.smtp?.auth?.ok === true;
}

function recordDetails(record: CommandRecord): RecordDetails {
  return { command: record.command, reply: record.reply ? record.reply.raw : null, elapsedMs: record.elapsedMs };
}

export function diagnoseMail(ctx: DiagnoseContext): AreaResult {
  const mail = ctx.smtp?.mail;
  if (!mail) return { steps: [], findings: [] };
  const findings: Finding[] = [];
  if (mail.error) findings.push(...findingsForError(mail.error, ctx, mail.elapsedMs));
  const reply = mail.reply;
  const ok = !mail.error && isPositive(reply);
  if (reply && !isPositive(reply)) {
    const evidence = replyEvidence(reply);
    const from = mail.address ?? ctx.evidence.request.from ?? '(sender)';
    const named = textFinding(reply, 'mail');
    if (named) findings.push(named);
    else if (isAuthRequired(reply, authenticated(ctx))) findings.push(makeFinding('auth.required', { command: 'MAIL FROM', reply: replyLine(reply) }, { step: 'mail', ...evidence }));
    else if (isTooLarge(reply)) findings.push(makeFinding('message.too-large', { reply: replyLine(reply) }, { step: 'mail', ...evidence }));
    else findings.push(makeFinding('mail.rejected', { from: `<${from}>`, reply: replyLine(reply) }, evidence));
  }
  const summary = reply ? replyLine(reply) : (mail.error?.message ?? 'No reply');
  return { steps: [{ id: 'mail', status: ok ? 'pass' : 'fail', durationMs: mail.elapsedMs, summary, details: recordDetails(mail) }], findings };
}

/** RCPT records of the first transaction and of the ones that carried the rest after a 452. */
function allRcptRecords(ctx: DiagnoseContext): CommandRecord[][] {
  const first = ctx.smtp?.rcpt ?? [];
  return [first, ...(ctx.smtp?.moreTransactions ?? []).map((tx) => tx.rcpt)];
}

const TOO_MANY = 452;

export function diagnoseRcpt(ctx: DiagnoseContext): AreaResult {
  const transactions = allRcptRecords(ctx);
  const records = transactions.flat();
  if (records.length === 0) return { steps: [], findings: [] };
  const findings: Finding[] = [];
  const recipientOf = (record: CommandRecord, index: number): string => record.address ?? ctx.evidence.request.to[index] ?? 'recipient';
  // A recipient first deferred with 452 and accepted in a later transaction was not refused.
  const recipients = records.map(recipientOf);
  const acceptedSet = new Set(recipients.filter((_, i) => !records[i]!.error && isPositive(records[i]!.reply)));
  let split: { limit: number; reply: SmtpReply } | undefined;
  records.forEach((record, index) => {
    if (record.error) findings.push(...findingsForError(record.error, ctx, record.elapsedMs));
    const reply = record.reply;
    if (!reply || isPositive(reply)) return;
    const address = recipients[index]!;
    if (reply.code === TOO_MANY && acceptedSet.has(address)) {
      split ??= { limit: (transactions[0] ?? []).filter((r) => isPositive(r.reply)).length, reply };
      return;
    }
    const to = `<${address}>`;
    const named = textFinding(reply, 'rcpt', { to });
    if (named) {
      findings.push(named);
      return;
    }
    const verdict = classifyRcptReply(reply, authenticated(ctx));
    const evidence = replyEvidence(reply);
    if (verdict === 'auth.required') findings.push(makeFinding('auth.required', { command: `RCPT TO:${to}`, reply: replyLine(reply) }, { step: 'rcpt', ...evidence }));
    else findings.push(makeFinding(verdict, { to, reply: replyLine(reply) }, evidence));
  });
  const total = new Set(recipients).size;
  const accepted = acceptedSet.size;
  if (split) {
    const more = transactions.length - 1;
    findings.push(makeFinding('rcpt.too-many', { limit: split.limit, reply: replyLine(split.reply), rest: total - split.limit, count: more }, replyEvidence(split.reply)));
  }
  const first = records[0];
  const summary =
    records.length === 1 && first
      ? first.reply
        ? replyLine(first.reply)
        : (first.error?.message ?? 'No reply')
      : `${accepted} of ${total} recipients accepted${transactions.length > 1 ? ` in ${transactions.length} transactions` : ''}`;
  const rows = records.map((r, i) => ({ recipient: recipientOf(r, i), accepted: !r.error && isPositive(r.reply), ...recordDetails(r) }));
  // Refused recipients fail or warn through their findings (a greylisted one only warns: retrying
  // works). A recipient that got no reply at all fails here, whatever the error was.
  const unanswered = records.some((r) => r.reply === undefined);
  const step: StepDraft = {
    id: 'rcpt',
    status: unanswered ? 'fail' : 'pass',
    durationMs: records.reduce((sum, r) => sum + r.elapsedMs, 0),
    summary,
    details: { accepted, total, transactions: transactions.length, rows },
  };
  return { steps: [step], findings };
}

/** SIZE limit the server announced (RFC 1870), 0 or absent meaning "no fixed limit". */
function sizeLimit(ctx: DiagnoseContext): number | undefined {
  const caps = ctx.smtp?.ehloAfterTls?.capabilities ?? ctx.smtp?.ehlo?.capabilities;
  const limit = Number(caps?.keywords.SIZE?.[0]);
  return Number.isFinite(limit) && limit > 0 ? limit : undefined;
}

function rejectionFinding(reply: SmtpReply, when: string): Finding {
  const named = textFinding(reply, 'data');
  if (named) return named;
  const evidence = replyEvidence(reply);
  if (isTooLarge(reply)) return makeFinding('message.too-large', { reply: replyLine(reply) }, evidence);
  return makeFinding('data.rejected', { when, reply: replyLine(reply) }, evidence);
}

export function diagnoseData(ctx: DiagnoseContext): AreaResult {
  const data = ctx.smtp?.data;
  if (!data || (!data.start && !data.end)) return { steps: [], findings: [] };
  const findings: Finding[] = [];
  const { start, end } = data;
  if (start?.error) findings.push(...findingsForError(start.error, ctx, start.elapsedMs));
  if (start?.reply && start.reply.code !== 354) findings.push(rejectionFinding(start.reply, 'at the DATA command'));
  if (end?.error) findings.push(...findingsForError(end.error, ctx, end.elapsedMs));
  const accepted = end !== undefined && !end.error && isPositive(end.reply);
  // Fast mode's BDAT LAST (RFC 3030) carries the message itself: its reply is the one after it.
  if (end?.reply && !isPositive(end.reply)) findings.push(rejectionFinding(end.reply, data.chunked ? 'at BDAT LAST (the message sent as one chunk)' : 'after the end of the message'));

  const limit = sizeLimit(ctx);
  if (limit !== undefined && data.sizeOctets !== undefined && data.sizeOctets > limit && !findings.some((f) => f.code === 'message.too-large')) {
    findings.push(makeFinding('message.too-large', { size: data.sizeOctets, limit }, { variant: 'size', severity: accepted ? 'warning' : 'error', evidence: `SIZE ${limit}` }));
  }
  // Transactions that carried the recipients a 452 deferred: each one's DATA counts as well.
  const more = (ctx.smtp?.moreTransactions ?? []).filter((tx) => tx.dataStart || tx.dataEnd);
  let moreAccepted = true;
  for (const tx of more) {
    if (tx.dataStart?.error) findings.push(...findingsForError(tx.dataStart.error, ctx, tx.dataStart.elapsedMs));
    if (tx.dataStart?.reply && tx.dataStart.reply.code !== 354) findings.push(rejectionFinding(tx.dataStart.reply, 'at the DATA command of a later transaction'));
    if (tx.dataEnd?.error) findings.push(...findingsForError(tx.dataEnd.error, ctx, tx.dataEnd.elapsedMs));
    if (tx.dataEnd?.reply && !isPositive(tx.dataEnd.reply)) findings.push(rejectionFinding(tx.dataEnd.reply, 'after the end of the message, in a later transaction'));
    if (!tx.dataEnd || tx.dataEnd.error || !isPositive(tx.dataEnd.reply)) moreAccepted = false;
  }
  let queueId: string | undefined;
  if (accepted && end.reply) {
    // The engine parses the queue id (smtp/run-smtp.ts); the diagnosis only reports it.
    queueId = data.queueId;
    const ids = [queueId, ...more.map((tx) => tx.queueId)].filter((id): id is string => id !== undefined);
    const queue = ids.length === 0 ? '' : ids.length === 1 ? ` (queue id ${ids[0]})` : ` (queue ids ${ids.join(', ')})`;
    findings.push(makeFinding('message.accepted', { queue }, { evidence: replyRaw(end.reply) }));
  }
  const last = end ?? start;
  const summary = last?.reply ? replyLine(last.reply) : (last?.error?.message ?? 'No reply');
  const step: StepDraft = {
    id: 'data',
    status: accepted && moreAccepted ? 'pass' : 'fail',
    durationMs: [start, end, ...more.flatMap((tx) => [tx.dataStart, tx.dataEnd])].reduce((sum, r) => sum + (r?.elapsedMs ?? 0), 0),
    summary,
    details: {
      queueId: queueId ?? null,
      moreQueueIds: more.map((tx) => tx.queueId ?? null),
      sizeOctets: data.sizeOctets ?? null,
      sizeLimit: limit ?? null,
      command: data.chunked ? 'BDAT' : 'DATA',
      start: start ? recordDetails(start) : null,
      end: end ? recordDetails(end) : null,
    },
  };
  return { steps: [step], findings };
}

export function diagnoseQuit(ctx: DiagnoseContext): AreaResult {
  const quit = ctx.smtp?.quit;
  if (!quit) return { steps: [], findings: [] };
  const details = recordDetails(quit);
  if (quit.error) {
    // Closing before the 221 after our QUIT is harmless: the session was over anyway.
    if (quit.error.code === 'ECLOSED' || quit.error.code === 'ECONNRESET') {
      return { steps: [{ id: 'quit', status: 'warn', durationMs: quit.elapsedMs, summary: 'Connection closed without a 221 reply', details }], findings: [] };
    }
    return { steps: [{ id: 'quit', status: 'fail', durationMs: quit.elapsedMs, summary: quit.error.message, details }], findings: findingsForError(quit.error, ctx, quit.elapsedMs) };
  }
  const reply = quit.reply;
  const status = isPositive(reply) ? 'pass' : 'warn';
  return { steps: [{ id: 'quit', status, durationMs: quit.elapsedMs, summary: reply ? replyLine(reply) : 'No reply', details }], findings: [] };
}
