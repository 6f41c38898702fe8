/**
 * One command, one complete reply (reliability B.32: one operation at a time; the only pipelining is
 * the RFC 2920 envelope group of fast mode, itself one operation: pipelined-envelope.ts),
 * with the rules that hold for every command: a CommandRecord for each, nothing sent after a 421
 * (RFC 5321 §3.8), 3yz only where it belongs, protocol oddities recorded as violations. An
 * unsolicited reply already received when the next command is due is never taken for its reply
 * (EPROTO "unexpected response"); one that crosses our command on the wire cannot be told apart
 * from the answer and is caught at the command after. SmtpClient adds the SMTP verbs.
 */
import type { CommandRecord, Phase, SmtpReply } from '../../../shared/evidence.ts';
import type { SmtpCommand } from '../../../shared/session.ts';
import type { StepId } from '../../../shared/steps.ts';
import type { TranscriptSink } from '../transcript.ts';
import { replyViolations, round, type Exchanged, type Violation } from './client-outcomes.ts';
import type { SmtpConnection } from './connection.ts';
import { SmtpEngineError, engineError } from './errors.ts';
import { allowedCommands, applyClosed, applyReply, applyServerClosed, initialSnapshot, unexpectedReply, type SessionSnapshot } from './session-state.ts';
import type { SmtpTimeouts } from './timeouts.ts';

export class CommandExchange {
  protected conn: SmtpConnection | undefined;
  /** Everything known of the session (session-state.ts). Only a transport failure, which can come between commands, is read from the connection. */
  protected state: SessionSnapshot = initialSnapshot();
  /** When the command now awaited was written (transcript clock): its record's start. */
  protected pendingStart = 0;
  /** The operation under way, if any (oneAtATime). */
  private inFlight: string | undefined;
  /** The records written by the operation under way (they go onto its error if it fails). */
  private inFlightRecords: CommandRecord[] = [];
  readonly transcript: TranscriptSink;
  readonly timeouts: SmtpTimeouts;
  readonly violations: Violation[] = [];
  readonly commands: CommandRecord[] = [];

  constructor(transcript: TranscriptSink, timeouts: SmtpTimeouts) {
    this.transcript = transcript;
    this.timeouts = timeouts;
  }

  /** The server closed unexpectedly (FIN/RST, or 421). */
  get closedByServer(): SessionSnapshot['closedByServer'] {
    return this.state.closedByServer;
  }

  protected requireConn(): SmtpConnection {
    if (!this.conn) throw engineError('EPOLICY', 'command', 'not connected');
    return this.conn;
  }

  /**
   * Runs one operation (a command and its reply, or the steps of EHLO/HELO, STARTTLS, AUTH, DATA,
   * QUIT, or fast mode's envelope group: one write, its replies read in order) with nothing else
   * on the wire meanwhile. A second caller is refused (EPOLICY) before
   * anything of it is sent, so no reply can be taken for another command's (reliability B.32).
   * An engine error thrown by the operation carries the records it wrote (SmtpEngineError.records).
   */
  protected async oneAtATime<T>(name: string, phase: Phase, run: () => Promise<T>): Promise<T> {
    if (this.inFlight !== undefined) {
      throw engineError('EPOLICY', phase, `a command (${this.inFlight}) is still waiting for its reply: send ${name} after it (commands are never pipelined)`, { command: name });
    }
    this.inFlight = name;
    this.inFlightRecords = [];
    try {
      return await run();
    } catch (err) {
      if (err instanceof SmtpEngineError) err.records = this.inFlightRecords;
      throw err;
    } finally {
      this.inFlight = undefined;
    }
  }

  /** One command on its own (see oneAtATime). */
  protected command(step: StepId, name: SmtpCommand, line: string, phase: Phase, timeoutMs = this.timeouts.command): Promise<Exchanged> {
    return this.oneAtATime(name, phase, () => this.commandNow(step, name, line, phase, timeoutMs));
  }

  /** Inside an operation: refuses (EPOLICY, nothing sent) what the session state does not allow, then runs the exchange. */
  protected async commandNow(step: StepId, name: SmtpCommand, line: string, phase: Phase, timeoutMs = this.timeouts.command): Promise<Exchanged> {
    this.checkBeforeSend(phase, line);
    if (!allowedCommands(this.state).includes(name)) {
      throw engineError('EPOLICY', phase, `${name} is not allowed in state "${this.state.state}"`, { command: name });
    }
    return this.exchange(step, name, line, phase, timeoutMs, undefined);
  }

  /** Sends one line (or runs `write` for the DATA payload), reads the reply, records everything. */
  protected async exchange(
    step: StepId,
    name: SmtpCommand,
    line: string,
    phase: Phase,
    timeoutMs: number,
    write: (() => void) | undefined,
    display: string = line,
  ): Promise<Exchanged> {
    if (write) {
      this.checkBeforeSend(phase, display);
      this.pendingStart = this.transcript.now();
      write();
      this.transcript.add('C', '.');
    } else {
      this.send(line, display, phase);
    }
    return this.answer(step, name, line, phase, timeoutMs, display);
  }

  /** The reply to a command already written (by exchange, or in a group: RFC 2920), with the same checks. */
  protected async answer(step: StepId, name: SmtpCommand, line: string, phase: Phase, timeoutMs: number, display: string = line): Promise<Exchanged> {
    const exchanged = await this.receive(step, phase, name, display, timeoutMs);
    const reply = exchanged.reply;
    // A reply that cannot answer this command (3yz outside DATA; AUTH's challenges are read by auth.ts): the dialogue is lost.
    const unexpected = unexpectedReply(this.state, name, reply);
    if (unexpected !== undefined) {
      this.requireConn().close();
      this.state = applyClosed(this.state);
      throw engineError('EPROTO', phase, `unexpected reply: ${unexpected}`, { command: display, reply });
    }
    this.state = applyReply(this.state, name, reply, name === 'RAW' ? line : undefined);
    return exchanged;
  }

  protected send(line: string, display: string, phase: Phase = 'auth'): void {
    this.checkBeforeSend(phase, display);
    this.pendingStart = this.transcript.now();
    this.requireConn().sendLine(line, display);
  }

  /** Nothing is sent after a 421, and a reply already waiting unasked is not taken for the next command's. */
  protected checkBeforeSend(phase: Phase, display: string): void {
    const conn = this.requireConn();
    const closing = this.state.closing;
    if (closing) throw engineError('ECLOSED', phase, `the server announced it is closing (${closing.code}); nothing more is sent`, { command: display, reply: closing });
    const failed = conn.failedAt(phase);
    if (failed) throw failed;
    const early = conn.takeUnsolicited();
    if (early.length === 0) return;
    const reply = early[early.length - 1] as SmtpReply;
    early.forEach((r) => this.noteReply(r));
    if (early.some((r) => r.code === 421)) {
      const r421 = early.find((r) => r.code === 421) as SmtpReply;
      this.serverClosing(phase, r421);
      throw engineError('ECLOSED', phase, 'the server sent 421 (closing) on its own; nothing more is sent (RFC 5321 §3.8)', { command: display, reply: r421 });
    }
    this.violation('unsolicited-reply', `reply nobody asked for: ${reply.raw.join(' / ')}`);
    conn.close();
    throw engineError('EPROTO', phase, 'unexpected response: the server sent a reply nobody asked for', { command: display, reply });
  }

  protected async receive(step: StepId, phase: Phase, _name: SmtpCommand | 'AUTH', display: string, timeoutMs: number): Promise<Exchanged> {
    const conn = this.requireConn();
    const startedAt = this.pendingStart || this.transcript.now();
    this.pendingStart = 0;
    const record: CommandRecord = { step, command: display, startedAt, elapsedMs: 0 };
    try {
      const reply = await conn.readReply(phase, timeoutMs, display);
      record.reply = reply;
      record.elapsedMs = round(this.transcript.now() - startedAt);
      this.pushRecord(record);
      this.noteReply(reply);
      if (reply.code === 421) this.serverClosing(phase, reply);
      return { reply, record };
    } catch (err) {
      const e = err instanceof SmtpEngineError ? err : engineError('EPROTO', phase, String(err));
      if (!e.detail.command) e.detail.command = display;
      record.error = e.detail;
      record.elapsedMs = round(this.transcript.now() - startedAt);
      this.pushRecord(record);
      this.lost(phase);
      throw e;
    }
  }

  protected pushRecord(record: CommandRecord): void {
    this.commands.push(record);
    this.inFlightRecords.push(record);
  }

  /** RFC 5321 §3.8: 421 = the server is closing; record it and send nothing more. */
  protected serverClosing(phase: Phase, reply: SmtpReply): void {
    this.state = applyServerClosed(this.state, phase, reply);
    this.transcript.add('info', 'the server is closing the connection (421); nothing more is sent');
    this.conn?.close();
  }

  /** A reply could not be read in `phase`: the session is over, and the server's doing if it closed the connection. */
  protected lost(phase: Phase): void {
    this.state = this.conn?.closedByServer ? applyServerClosed(this.state, phase) : applyClosed(this.state);
  }

  protected noteReply(reply: SmtpReply): void {
    this.violations.push(...replyViolations(reply));
  }

  protected violation(kind: Violation['kind'], text: string): void {
    this.violations.push({ kind, text });
  }
}
