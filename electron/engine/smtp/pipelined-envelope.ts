/**
 * Fast mode's one pipelined group (RFC 2920): MAIL FROM, every RCPT TO and DATA go out in one
 * write, and their replies are read in order, as ONE operation (oneAtATime). The replies are kept
 * as answers; the stages then call mailFrom/rcptTo/data/quit as in step mode and get the answer of
 * the command already sent instead of sending it again (Postfix smtp_xfer: a send state and a
 * receive state over the same stages). Records, transcript lines and state changes are made the
 * same way as in step mode, so the evidence has the same shape.
 */
import type { CommandRecord } from '../../../shared/evidence.ts';
import type { SmtpCommand } from '../../../shared/session.ts';
import type { StepId } from '../../../shared/steps.ts';
import { payloadTranscript, type DataOutcome, type Exchanged } from './client-outcomes.ts';
import { CommandExchange } from './command-exchange.ts';
import { SmtpEngineError, engineError } from './errors.ts';
import { isPositive } from './reply-class.ts';
import { allowedCommands } from './session-state.ts';

/** The lines of the group, already built, and the message (CRLF-normalised, dot-stuffed, terminated). */
export interface EnvelopeGroup {
  mail: string;
  rcpts: readonly string[];
  payload: Buffer;
}

type Answer = { name: SmtpCommand; line: string } & ({ value: Exchanged | DataOutcome } | { error: SmtpEngineError });

const GROUP_STEP: Partial<Record<SmtpCommand, StepId>> = { MAIL: 'mail', RCPT: 'rcpt', DATA: 'data' };

export class PipeliningExchange extends CommandExchange {
  /** Replies read for commands of the group that the stages have not taken yet, in order. */
  private answers: Answer[] = [];

  /**
   * RFC 2920 §3.1: MAIL, the RCPTs and DATA (which ends a group) in one write, then every reply in
   * order. After 354 the message follows, with QUIT right behind the final dot when nothing is
   * left for another transaction (no 452); when no recipient was accepted the final dot goes alone
   * (§3.1: the client cannot assume DATA is refused). Throws only when nothing was sent.
   */
  protected sendEnvelopeGroup(g: EnvelopeGroup): Promise<void> {
    return this.oneAtATime('MAIL', 'mail', async () => {
      this.checkBeforeSend('mail', g.mail);
      if (!allowedCommands(this.state).includes('MAIL')) throw engineError('EPOLICY', 'mail', `MAIL is not allowed in state "${this.state.state}"`, { command: 'MAIL' });
      const lines: Array<[SmtpCommand, string]> = [['MAIL', g.mail], ...g.rcpts.map((l): [SmtpCommand, string] => ['RCPT', l]), ['DATA', 'DATA']];
      const conn = this.requireConn();
      const sentAt = this.transcript.now();
      conn.writeLines(lines.map(([, line]) => line));
      const answers: Answer[] = [];
      for (const [name, line] of lines) {
        if (!this.readable()) break;
        this.pendingStart = sentAt;
        const phase = name === 'MAIL' ? 'mail' : name === 'RCPT' ? 'rcpt' : 'data';
        const timeoutMs = name === 'DATA' ? this.timeouts.dataStart : this.timeouts.command;
        const got = await this.caught(() => this.answer(GROUP_STEP[name] as StepId, name, line, phase, timeoutMs));
        answers.push({ name, line, ...got });
        if ('error' in got) break;
      }
      const last = answers.at(-1);
      if (last?.name === 'DATA' && 'value' in last) await this.messageAfterGroup(last, answers, g.payload);
      // Kept only once the operation is over: no call can take a reply while the group is on the wire.
      this.answers = answers;
    });
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
    const end = await this.caught(async () => {
      this.checkBeforeSend('data-end', '.');
      if (accepted) for (const [dir, text] of payloadTranscript(body)) this.transcript.add(dir, text);
      this.pendingStart = this.transcript.now();
      const conn = this.requireConn();
      if (quitBehind) conn.expectClose();
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
    this.pendingStart = this.transcript.now();
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
    return this.conn !== undefined && !this.state.closing && (!this.conn.failed || this.conn.hasBufferedInput());
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
