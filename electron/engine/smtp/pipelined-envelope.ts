/**
 * Fast mode's one pipelined group (RFC 2920): MAIL FROM, every RCPT TO and DATA go out in one
 * write, and their replies are read in order, as ONE operation (oneAtATime). With CHUNKING
 * (RFC 3030) the group ends with `BDAT <n> LAST` and the message itself instead of DATA, and QUIT
 * rides in the same write. The replies are kept as answers; the stages then call
 * mailFrom/rcptTo/data/quit as in step mode and get the answer of the command already sent
 * instead of sending it again (Postfix smtp_xfer: a send state and a receive state over the same
 * stages). Records, transcript lines and state changes are made the same way as in step mode, so
 * the evidence has the same shape.
 */
import type { CommandRecord, Phase } from '../../../shared/evidence.ts';
import type { SmtpCommand } from '../../../shared/session.ts';
import type { StepId } from '../../../shared/steps.ts';
import { chunkTranscript, payloadTranscript, type DataOutcome, type Exchanged } from './client-outcomes.ts';
import { CommandExchange } from './command-exchange.ts';
import { decodeDataPayload } from './data-encoding.ts';
import { SmtpEngineError, engineError } from './errors.ts';
import { isPositive } from './reply-class.ts';
import { allowedCommands, applyQuitting } from './session-state.ts';
import type { SmtpTimeouts } from './timeouts.ts';

/** The lines of the group, already built, and the message (CRLF-normalised, dot-stuffed, terminated). */
export interface EnvelopeGroup {
  mail: string;
  rcpts: readonly string[];
  payload: Buffer;
  /** RFC 3030: the server offers CHUNKING, so the message goes as one `BDAT <n> LAST` in the group. */
  chunking: boolean;
}

type Answer = { name: SmtpCommand; line: string } & ({ value: Exchanged | DataOutcome } | { error: SmtpEngineError });
type GroupCommand = 'MAIL' | 'RCPT' | 'DATA' | 'BDAT' | 'QUIT';

/** How each command of a group is read. BDAT's reply comes after the message, as the final dot's does. */
const GROUP_READ: Record<GroupCommand, { step: StepId; phase: Phase; timeout: keyof SmtpTimeouts }> = {
  MAIL: { step: 'mail', phase: 'mail', timeout: 'command' },
  RCPT: { step: 'rcpt', phase: 'rcpt', timeout: 'command' },
  DATA: { step: 'data', phase: 'data', timeout: 'dataStart' },
  BDAT: { step: 'data', phase: 'data-end', timeout: 'dataEnd' },
  QUIT: { step: 'quit', phase: 'quit', timeout: 'command' },
};

export class PipeliningExchange extends CommandExchange {
  /** Replies read for commands of the group that the stages have not taken yet, in order. */
  private answers: Answer[] = [];
  /** The size of the BDAT chunk the group sent. */
  private chunkOctets = 0;

  /**
   * RFC 2920 §3.1: MAIL, the RCPTs and DATA (which ends a group) in one write, then every reply in
   * order. After 354 the message follows, with QUIT right behind the final dot when nothing is
   * left for another transaction (no 452); when no recipient was accepted the final dot goes alone
   * (§3.1: the client cannot assume DATA is refused). With CHUNKING the whole transaction and QUIT
   * go in the one write (chunkGroup). Throws only when nothing was sent.
   */
  protected sendEnvelopeGroup(g: EnvelopeGroup): Promise<void> {
    return this.oneAtATime('MAIL', 'mail', async () => {
      this.checkBeforeSend('mail', g.mail);
      if (!allowedCommands(this.state).includes('MAIL')) throw engineError('EPOLICY', 'mail', `MAIL is not allowed in state "${this.state.state}"`, { command: 'MAIL' });
      const envelope: Array<[GroupCommand, string]> = [['MAIL', g.mail], ...g.rcpts.map((l): [GroupCommand, string] => ['RCPT', l])];
      if (g.chunking) {
        this.answers = await this.readGroup(this.chunkGroup(envelope, g), this.transcript.now());
        return;
      }
      const lines: Array<[GroupCommand, string]> = [...envelope, ['DATA', 'DATA']];
      const sentAt = this.transcript.now();
      this.requireConn().writeLines(lines.map(([, line]) => line));
      const answers = await this.readGroup(lines, sentAt);
      const last = answers.at(-1);
      if (last?.name === 'DATA' && 'value' in last) await this.messageAfterGroup(last, answers, g.payload);
      // Kept only once the operation is over: no call can take a reply while the group is on the wire.
      this.answers = answers;
    });
  }

  /**
   * RFC 3030 §2 and §4.2: MAIL, the RCPTs, `BDAT <n> LAST` with the message (CRLF-normalised, not
   * dot-stuffed, no terminating dot) and QUIT in one write; BDAT LAST ends a group and QUIT may
   * follow it (RFC 2920 §3.1). A server answers BDAT even when every RCPT was refused (with 554 or
   * 503), so the replies stay in step. A run has at most 100 recipients, which every server must
   * take in one transaction (RFC 5321 §4.5.3.1.8), so no 452 split should need the session after.
   */
  private chunkGroup(envelope: Array<[GroupCommand, string]>, g: EnvelopeGroup): Array<[GroupCommand, string]> {
    const chunk = decodeDataPayload(g.payload);
    const bdat = `BDAT ${chunk.length} LAST`;
    const conn = this.requireConn();
    conn.writeLines([...envelope.map(([, line]) => line), bdat], Buffer.concat([chunk, Buffer.from('QUIT\r\n')]));
    // After the write: a line refused by writeLines sends nothing, and the session is not ending.
    this.state = applyQuitting(this.state);
    conn.expectClose();
    for (const [dir, text] of chunkTranscript(chunk)) this.transcript.add(dir, text);
    this.transcript.add('C', 'QUIT');
    this.chunkOctets = chunk.length;
    return [...envelope, ['BDAT', bdat], ['QUIT', 'QUIT']];
  }

  /** The replies to the commands of a group written at `sentAt`, in order, until one fails or the server closes. */
  private async readGroup(lines: ReadonlyArray<[GroupCommand, string]>, sentAt: number): Promise<Answer[]> {
    const answers: Answer[] = [];
    for (const [name, line] of lines) {
      if (!this.readable()) break;
      this.pendingStart = sentAt;
      const { step, phase, timeout } = GROUP_READ[name];
      const got = await this.caught(() => this.answer(step, name, line, phase, this.timeouts[timeout]));
      // The DATA stage takes BDAT's reply as the message's outcome.
      if (name === 'BDAT') answers.push({ name: 'DATA', line: 'DATA', ...('value' in got ? { value: { end: got.value, chunk: this.chunkOctets } } : got) });
      else answers.push({ name, line, ...got });
      if ('error' in got) break;
    }
    return answers;
  }

  /** After 354 to the grouped DATA: the message (or the dot alone), QUIT behind it when it ends the session, and their replies. */
  private async messageAfterGroup(data: Answer & { value: Exchanged | DataOutcome }, answers: Answer[], payload: Buffer): Promise<void> {
    const start = data.value as Exchanged;
    if (start.reply.code !== 354) {
      data.value = { start };
      return;
    }
    const ok = (name: SmtpCommand) => answers.some((a) => a.name === name && 'value' in a && isPositive((a.value as Exchanged).reply));
    const accepted = ok('MAIL') && ok('RCPT');
    const quitBehind = !answers.some((a) => a.name === 'RCPT' && 'value' in a && (a.value as Exchanged).reply.code === 452);
    if (!accepted) this.transcript.add('info', 'DATA was answered 354 although no recipient was accepted: sending the final dot alone (RFC 2920 §3.1)');
    const body = accepted ? payload : Buffer.from('.\r\n');
    let sentAt = 0;
    const end = await this.caught(async () => {
      this.checkBeforeSend('data-end', '.');
      if (accepted) for (const [dir, text] of payloadTranscript(body)) this.transcript.add(dir, text);
      this.pendingStart = sentAt = this.transcript.now();
      const conn = this.requireConn();
      if (quitBehind) {
        this.state = applyQuitting(this.state);
        conn.expectClose();
      }
      conn.write(quitBehind ? Buffer.concat([body, Buffer.from('QUIT\r\n')]) : body);
      this.transcript.add('C', '.');
      if (quitBehind) this.transcript.add('C', 'QUIT');
      return this.answer('data', 'DATA', '.', 'data-end', this.timeouts.dataEnd);
    });
    if ('error' in end) {
      end.error.records = [start.record, ...end.error.records];
      answers[answers.indexOf(data)] = { name: 'DATA', line: 'DATA', error: end.error };
      return;
    }
    data.value = { start, end: end.value };
    if (!quitBehind || end.value.reply.code === 421 || !this.readable()) return;
    // QUIT left in the same write as the final dot: its record starts there, as the group's do.
    this.pendingStart = sentAt;
    const quit = await this.caught(() => this.answer('quit', 'QUIT', 'QUIT', 'quit', this.timeouts.command));
    answers.push({ name: 'QUIT', line: 'QUIT', ...quit });
  }

  /** An engine error as a value, carrying the record it wrote (as a failed step-mode command would). */
  private async caught<T>(run: () => Promise<T>): Promise<{ value: T } | { error: SmtpEngineError }> {
    const before = this.commands.length;
    try {
      return { value: await run() };
    } catch (err) {
      if (!(err instanceof SmtpEngineError)) throw err;
      err.records = this.commands.slice(before) as CommandRecord[];
      return { error: err };
    }
  }

  /** A reply can still come: no 421 received, the connection not failed (queued replies are still read). */
  private readable(): boolean {
    return this.conn !== undefined && !this.state.closing && (!this.state.failure || this.conn.hasBufferedInput());
  }

  /**
   * The answer kept for `name` `line`, if the group sent it; the answers before it are dropped (a
   * stage stopped early). A command the group did not send drops them all: it goes out as usual.
   */
  protected takeAnswer<T extends Exchanged | DataOutcome>(name: SmtpCommand, line: string): Promise<T> | undefined {
    const at = this.answers.findIndex((a) => a.name === name && a.line === line);
    const found = this.answers[at];
    this.answers = found ? this.answers.slice(at + 1) : [];
    if (!found) return undefined;
    return 'value' in found ? Promise.resolve(found.value as T) : Promise.reject(found.error);
  }

  /** QUIT was sent behind the final dot and its reply is kept: the QUIT stage still runs to take it. */
  quitAnswered(): boolean {
    return this.answers.some((a) => a.name === 'QUIT');
  }
}
