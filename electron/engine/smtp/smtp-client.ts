/**
 * SmtpClient: one explicit SMTP session over an SmtpConnection, used by the runner
 * (run-smtp.ts) and later by the desktop app's manual console.
 *
 * Every command's reply is an OUTCOME returned to the caller (4xx/5xx are not thrown).
 * Only transport, timeout, TLS and framing problems throw, as SmtpEngineError.
 * Commands are never pipelined (reliability B.32): one command, one complete reply.
 */
import type { CommandRecord, EhloCapabilities, Phase, SmtpReply, TlsReport } from '../../../shared/evidence.ts';
import type { StepId } from '../../../shared/steps.ts';
import type { TranscriptSink } from '../transcript.ts';
import { authenticate, chooseAuthMechanism } from './auth.ts';
import { built, payloadTranscript, replyViolations, round, type AuthResult, type ConnectTimings, type EhloOutcome, type SmtpClientOptions, type StarttlsOutcome, type Violation } from './client-outcomes.ts';
import type { AuthMechanism } from '../../../shared/steps.ts';
import { authMechanisms, hasCapability, parseEhloReply } from './capabilities.ts';
import { buildEhlo, buildExpn, buildHelo, buildHelp, buildMailFrom, buildRcptTo, buildVrfy, checkRawCommand, type MailFromParams, type RcptToParams } from './command-line.ts';
import { SmtpConnection, type TlsPolicy } from './connection.ts';
import { SmtpEngineError, engineError } from './errors.ts';
import { resolveTimeouts, type SmtpTimeouts } from './timeouts.ts';
import type { SmtpCommand } from '../../../shared/session.ts';
import { allowedCommands, applyClosed, applyConnected, applyConnecting, applyGreeting, applyReply, initialSnapshot, rawCommandNeedsEngine, type SessionSnapshot } from './session-state.ts';

export type { AuthResult, ConnectTimings, EhloOutcome, SmtpClientOptions, StarttlsOutcome, Violation } from './client-outcomes.ts';

export class SmtpClient {
  private conn: SmtpConnection | undefined;
  private readonly timeouts: SmtpTimeouts;
  private state: SessionSnapshot = initialSnapshot();
  private closing: SmtpReply | undefined;
  private authTried = false;
  readonly options: SmtpClientOptions;
  readonly transcript: TranscriptSink;
  readonly violations: Violation[] = [];
  readonly commands: CommandRecord[] = [];
  readonly timings: ConnectTimings = {};
  /** What the latest successful EHLO advertised (forgotten on STARTTLS, RFC 3207 §4.2). */
  capabilities: EhloCapabilities | undefined;
  /** The server closed unexpectedly (FIN/RST, or 421). */
  closedByServer: { phase: Phase; afterReply?: SmtpReply } | undefined;

  constructor(options: SmtpClientOptions) {
    this.options = options;
    this.transcript = options.transcript;
    this.timeouts = resolveTimeouts(options.timeouts);
  }

  get tlsReport(): TlsReport | undefined {
    return this.conn?.tlsReport;
  }

  get secure(): boolean {
    return this.conn?.secure ?? false;
  }

  get remote(): { remoteAddress?: string; localAddress?: string; family?: 4 | 6 } {
    const c = this.conn;
    if (!c) return {};
    const out: { remoteAddress?: string; localAddress?: string; family?: 4 | 6 } = {};
    if (c.remoteAddress) out.remoteAddress = c.remoteAddress;
    if (c.localAddress) out.localAddress = c.localAddress;
    if (c.remoteFamily) out.family = c.remoteFamily;
    return out;
  }

  /** The commands the session's state allows next (what the manual console offers). */
  allowedCommands(): SmtpCommand[] {
    if (!this.canSend()) return [];
    return allowedCommands(this.state);
  }

  snapshot(): SessionSnapshot {
    return this.state;
  }

  /** Connected, not failed, no 421 received: a command may still be sent. */
  canSend(): boolean {
    return this.conn !== undefined && !this.conn.failed && !this.closing && this.state.state !== 'closed';
  }

  private tlsPolicy(): TlsPolicy {
    const policy: TlsPolicy = { verify: this.options.tlsVerify !== false };
    if (this.options.ca) policy.ca = this.options.ca;
    if (this.options.servername) policy.servername = this.options.servername;
    return policy;
  }

  /** TCP connect, implicit TLS when the mode says so, then the greeting. Returns the banner reply. */
  async connect(): Promise<SmtpReply> {
    await this.open();
    return this.greeting();
  }

  /** TCP connect, and the TLS handshake for implicit TLS. */
  async open(): Promise<void> {
    if (this.conn) throw engineError('EPOLICY', 'connect', 'already connected');
    this.state = applyConnecting(this.state);
    const o = this.options;
    const t0 = this.transcript.now();
    const opts = {
      host: o.host,
      port: o.port,
      timeouts: this.timeouts,
      transcript: this.transcript,
      expectPlaintextGreeting: o.security !== 'implicit',
      ...(o.family !== undefined ? { family: o.family } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    };
    const conn = await SmtpConnection.connect(opts)
      .catch((err: unknown) => {
        this.state = applyClosed(this.state);
        throw err;
      })
      .finally(() => (this.timings.connectMs = round(this.transcript.now() - t0)));
    this.conn = conn;
    if (o.security === 'implicit') {
      const t1 = this.transcript.now();
      try {
        await conn.upgradeToTls(this.tlsPolicy(), 'tls-handshake');
      } catch (err) {
        this.state = applyClosed(this.state);
        throw err;
      } finally {
        this.timings.tlsMs = round(this.transcript.now() - t1);
      }
    }
    this.state = applyConnected(this.state, { tls: o.security === 'implicit' });
  }

  /** The server's greeting (220 to go on; 554 = QUIT only; 421 = closing). */
  async greeting(): Promise<SmtpReply> {
    const conn = this.requireConn();
    const t2 = this.transcript.now();
    try {
      const banner = await conn.readReply('greeting', this.timeouts.greeting);
      this.noteReply(banner);
      this.state = applyGreeting(this.state, banner);
      if (banner.code === 421) this.serverClosing('greeting', banner);
      return banner;
    } catch (err) {
      this.noteClosed('greeting');
      this.state = applyClosed(this.state);
      throw err;
    } finally {
      this.timings.bannerMs = round(this.transcript.now() - t2);
    }
  }

  /** EHLO, and HELO when EHLO gets 5xx (RFC 5321 §4.1.4). ENHANCEDSTATUSCODES switches the parser's RFC 3463 parsing on. */
  async ehlo(name: string): Promise<EhloOutcome> {
    const reply = await this.command('ehlo', 'EHLO', built(() => buildEhlo(name), 'ehlo'), 'ehlo');
    if (reply.code >= 200 && reply.code < 300) {
      const capabilities = parseEhloReply(reply);
      this.capabilities = capabilities;
      this.requireConn().setEnhancedStatusCodes(hasCapability(capabilities, 'ENHANCEDSTATUSCODES'));
      return { reply, heloFallback: false, capabilities };
    }
    if (reply.code >= 500 && reply.code < 600) {
      const heloReply = await this.command('ehlo', 'HELO', built(() => buildHelo(name), 'ehlo'), 'ehlo');
      this.capabilities = undefined;
      return { reply, heloFallback: true, heloReply };
    }
    return { reply, heloFallback: false };
  }

  /**
   * STARTTLS (RFC 3207). Nothing is pipelined with it. If ANY byte is buffered when the 220
   * arrives, the session stops with EINJECTION and nothing more is sent (§4.2, CVE-2011-0411).
   * After the upgrade everything learned before is forgotten; the caller sends EHLO again.
   */
  async starttls(): Promise<StarttlsOutcome> {
    const conn = this.requireConn();
    if (conn.secure) throw engineError('EPOLICY', 'starttls', 'TLS is already active', { command: 'STARTTLS' });
    const reply = await this.command('starttls', 'STARTTLS', 'STARTTLS', 'starttls');
    if (reply.code !== 220) return { reply, ok: false };
    if (conn.hasBufferedInput()) {
      const err = engineError('EINJECTION', 'starttls', 'bytes arrived together with the 220 to STARTTLS: possible response injection (RFC 3207 §4.2); the session was stopped and nothing was sent over TLS', {
        command: 'STARTTLS',
        reply,
      });
      this.transcript.add('error', err.message);
      conn.close();
      this.state = applyClosed(this.state);
      throw err;
    }
    // RFC 3207 §4.2: forget everything learned before TLS (the state machine did on the 220).
    this.capabilities = undefined;
    conn.setEnhancedStatusCodes(false);
    try {
      const tls = await conn.upgradeToTls(this.tlsPolicy(), 'starttls');
      return { reply, ok: true, tls };
    } catch (err) {
      this.state = applyClosed(this.state);
      throw err;
    }
  }

  /** EHLO after TLS: STARTTLS still advertised is ignored and flagged as a violation. */
  async ehloAfterTls(name: string): Promise<EhloOutcome> {
    const outcome = await this.ehlo(name);
    if (outcome.capabilities && hasCapability(outcome.capabilities, 'STARTTLS')) {
      this.violation('starttls-after-tls', 'the EHLO reply after TLS still offers STARTTLS (ignored)');
    }
    return outcome;
  }

  /**
   * AUTH with the policy of auth.ts (advertised mechanisms only, no PLAIN/LOGIN without TLS,
   * none over an unverified certificate unless allowed). At most one attempt per session.
   */
  async auth(credentials: { user: string; password: string; mechanism?: AuthMechanism }): Promise<AuthResult> {
    const conn = this.requireConn();
    if (this.authTried) throw engineError('EPOLICY', 'auth', 'AUTH was already tried in this session (one attempt per run avoids account lockout)');
    const offered = this.capabilities ? authMechanisms(this.capabilities) : [];
    const decision = chooseAuthMechanism({
      offered,
      secure: conn.secure,
      tlsVerified: conn.tlsReport?.authorized === true,
      ...(credentials.mechanism ? { requested: credentials.mechanism } : {}),
      ...(this.options.allowPlaintextAuth ? { allowPlaintext: true } : {}),
      ...(this.options.allowUnverifiedTls ? { allowUnverifiedTls: true } : {}),
    });
    if (!decision.ok) {
      this.transcript.add('info', `AUTH not attempted: ${decision.message}`);
      return { attempted: false, decision };
    }
    this.authTried = true;
    let last: SmtpReply | undefined;
    const outcome = await authenticate(
      {
        send: (line, display) => this.send(line, display),
        read: async (display) => {
          last = await this.receive('auth', 'auth', 'AUTH', display, this.timeouts.command);
          return last;
        },
      },
      decision.mechanism,
      credentials.user,
      credentials.password,
    );
    this.state = applyReply(this.state, 'AUTH', outcome.reply);
    return { attempted: true, ...outcome };
  }

  mailFrom(address: string, params: MailFromParams = {}): Promise<SmtpReply> {
    return this.command('mail', 'MAIL', built(() => buildMailFrom(address, params), 'mail'), 'mail');
  }

  rcptTo(address: string, params: RcptToParams = {}): Promise<SmtpReply> {
    return this.command('rcpt', 'RCPT', built(() => buildRcptTo(address, params), 'rcpt'), 'rcpt');
  }

  /**
   * DATA, then the payload (already CRLF-normalised, dot-stuffed and terminated: encodeDataPayload).
   * `end` is absent when DATA was not answered with 354. A missing reply after the final dot
   * is ETIMEDOUT in phase 'data-end': the message may have been delivered (RFC 5321 §4.5.3.2.6).
   */
  async data(payload: Buffer): Promise<{ start: SmtpReply; end?: SmtpReply; startRecord: CommandRecord; endRecord?: CommandRecord }> {
    if (!payload.subarray(-5).equals(Buffer.from('\r\n.\r\n'))) {
      throw engineError('EINVALID', 'data', 'the DATA payload must end with CRLF.CRLF (use encodeDataPayload)');
    }
    const start = await this.command('data', 'DATA', 'DATA', 'data', this.timeouts.dataStart);
    const startRecord = this.commands[this.commands.length - 1] as CommandRecord;
    if (start.code !== 354) return { start, startRecord };
    this.logPayload(payload);
    const end = await this.exchange('data', 'DATA', '.', 'data-end', this.timeouts.dataEnd, () => this.requireConn().write(payload));
    return { start, end, startRecord, endRecord: this.commands[this.commands.length - 1] as CommandRecord };
  }

  rset(): Promise<SmtpReply> {
    return this.command('mail', 'RSET', 'RSET', 'rset');
  }

  noop(): Promise<SmtpReply> {
    return this.command('quit', 'NOOP', 'NOOP', 'command');
  }

  vrfy(address: string): Promise<SmtpReply> {
    return this.command('rcpt', 'VRFY', built(() => buildVrfy(address), 'command'), 'command');
  }

  expn(list: string): Promise<SmtpReply> {
    return this.command('rcpt', 'EXPN', built(() => buildExpn(list), 'command'), 'command');
  }

  help(topic?: string): Promise<SmtpReply> {
    return this.command('quit', 'HELP', built(() => buildHelp(topic), 'command'), 'command');
  }

  /** A raw line typed by the user (CR, LF and NUL refused). AUTH lines are redacted like the others. */
  async raw(line: string): Promise<SmtpReply> {
    const checked = built(() => checkRawCommand(line), 'command');
    // STARTTLS, AUTH and DATA change the connection itself: only their own methods may run them
    // (TLS upgrade rules, redaction of credentials at the source, DATA encoding).
    const needs = rawCommandNeedsEngine(checked);
    if (needs) throw engineError('EPOLICY', 'command', `${needs} cannot be sent as a raw line; use the ${needs} command`, { command: needs });
    return this.command('quit', 'RAW', checked, 'command');
  }

  /** QUIT, then close. The close that follows is expected (not "closed by server"). */
  async quit(): Promise<SmtpReply> {
    const conn = this.requireConn();
    conn.expectClose();
    try {
      return await this.command('quit', 'QUIT', 'QUIT', 'quit');
    } finally {
      conn.close();
    }
  }

  /** Drops the connection now without QUIT (cancel, errors, after 421). */
  close(): void {
    this.conn?.close();
  }

  // ------------------------------------------------------------------ internals

  private requireConn(): SmtpConnection {
    if (!this.conn) throw engineError('EPOLICY', 'command', 'not connected');
    return this.conn;
  }

  /** Refuses (EPOLICY, nothing sent) what the session state does not allow, then runs the exchange. */
  private command(step: StepId, name: SmtpCommand, line: string, phase: Phase, timeoutMs = this.timeouts.command): Promise<SmtpReply> {
    this.checkBeforeSend(phase, line);
    if (!allowedCommands(this.state).includes(name)) {
      return Promise.reject(engineError('EPOLICY', phase, `${name} is not allowed in state "${this.state.state}"`, { command: name }));
    }
    return this.exchange(step, name, line, phase, timeoutMs, undefined);
  }

  /** Sends one line (or runs `write` for the DATA payload), reads the reply, records everything. */
  private async exchange(
    step: StepId,
    name: SmtpCommand,
    line: string,
    phase: Phase,
    timeoutMs: number,
    write: (() => void) | undefined,
    display: string = line,
  ): Promise<SmtpReply> {
    if (write) {
      this.checkBeforeSend(phase, display);
      this.pendingStart = this.transcript.now();
      write();
      this.transcript.add('C', '.');
    } else {
      this.send(line, display, phase);
    }
    const reply = await this.receive(step, phase, name, display, timeoutMs);
    // RFC 5321 §4.2.1: 3yz only answers DATA (and AUTH's challenges, handled in auth.ts); elsewhere the dialogue is lost.
    if (reply.code >= 300 && reply.code < 400 && name !== 'DATA' && name !== 'RAW') {
      this.requireConn().close();
      this.state = applyClosed(this.state);
      throw engineError('EPROTO', phase, `unexpected intermediate reply ${reply.code} to ${name}`, { command: display, reply });
    }
    this.state = applyReply(this.state, name, reply, name === 'RAW' ? line : undefined);
    return reply;
  }

  private send(line: string, display: string, phase: Phase = 'auth'): void {
    this.checkBeforeSend(phase, display);
    this.pendingStart = this.transcript.now();
    this.requireConn().sendLine(line, display);
  }

  private pendingStart = 0;

  /** Nothing is sent after a 421, and an unsolicited reply is not taken for the next command's. */
  private checkBeforeSend(phase: Phase, display: string): void {
    const conn = this.requireConn();
    if (this.closing) throw engineError('ECLOSED', phase, `the server announced it is closing (${this.closing.code}); nothing more is sent`, { command: display, reply: this.closing });
    if (conn.failed) throw conn.failed;
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

  private async receive(step: StepId, phase: Phase, _name: SmtpCommand | 'AUTH', display: string, timeoutMs: number): Promise<SmtpReply> {
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
      return reply;
    } catch (err) {
      const e = err instanceof SmtpEngineError ? err : engineError('EPROTO', phase, String(err));
      if (!e.detail.command) e.detail.command = display;
      record.error = e.detail;
      record.elapsedMs = round(this.transcript.now() - startedAt);
      this.pushRecord(record);
      this.noteClosed(phase);
      this.state = applyClosed(this.state);
      throw e;
    }
  }

  private pushRecord(record: CommandRecord): void {
    this.commands.push(record);
    this.options.onCommand?.(record);
  }

  /** RFC 5321 §3.8: 421 = the server is closing; record it and send nothing more. */
  private serverClosing(phase: Phase, reply: SmtpReply): void {
    this.closing = reply;
    this.closedByServer = { phase, afterReply: reply };
    this.transcript.add('info', 'the server is closing the connection (421); nothing more is sent');
    this.state = applyClosed(this.state);
    this.conn?.close();
  }

  private noteClosed(phase: Phase): void {
    if (this.conn?.closedByServer && !this.closedByServer) this.closedByServer = { phase };
  }

  private noteReply(reply: SmtpReply): void {
    this.violations.push(...replyViolations(reply));
  }

  private violation(kind: Violation['kind'], text: string): void {
    this.violations.push({ kind, text });
  }

  private logPayload(payload: Buffer): void {
    for (const [dir, text] of payloadTranscript(payload)) this.transcript.add(dir, text);
  }
}
