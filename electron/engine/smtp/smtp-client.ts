/**
 * SmtpClient: one explicit SMTP session over an SmtpConnection, used by the runner
 * (run-smtp.ts) and later by the desktop app's manual console.
 *
 * Every command's reply is an OUTCOME returned to the caller (4xx/5xx are not thrown).
 * Only transport, timeout, TLS and framing problems throw, as SmtpEngineError.
 * One operation at a time per client (reliability B.32): a second caller while a reply is awaited
 * is refused (EPOLICY) with nothing sent (oneAtATime). The one pipelined operation is fast mode's
 * envelope group (pipelineEnvelope, RFC 2920); the calls that follow take its replies in order.
 */
import type { EhloCapabilities, SmtpReply, TlsReport } from '../../../shared/evidence.ts';
import { authenticate, chooseAuthMechanism } from './auth.ts';
import { addressed, built, payloadTranscript, round, type AuthResult, type ConnectTimings, type DataOutcome, type EhloOutcome, type Exchanged, type SmtpClientOptions, type StarttlsOutcome } from './client-outcomes.ts';
import { PipeliningExchange } from './pipelined-envelope.ts';
import type { AuthMechanism } from '../../../shared/steps.ts';
import { timeOn } from '../timeline.ts';
import type { AuthWithheld } from '../../../shared/check-request.ts';
import { reboundMessage } from '../../../shared/secret-binding.ts';
import { authMechanisms, hasCapability } from './capabilities.ts';
import { hostNote } from './address.ts';
import { buildEhlo, buildExpn, buildHelo, buildHelp, buildMailFrom, buildRcptTo, buildVrfy, checkRawCommand, ehloNote, envelopeAddress, envelopeNote, type MailFromParams, type RcptToParams } from './command-line.ts';
import { SmtpConnection } from './connection.ts';
import { SmtpEngineError, engineError } from './errors.ts';
import { refuseRawLine } from './raw-line-policy.ts';
import { resolveTimeouts } from './timeouts.ts';
import type { SmtpCommand } from '../../../shared/session.ts';
import { isPositive } from './reply-class.ts';
import { allowedCommands, applyAuthStarted, applyClosed, applyConnected, applyConnecting, applyGreeting, applyQuitting, applyReply, applyTransportFailure } from './session-state.ts';

export type { AuthResult, ConnectTimings, DataOutcome, EhloOutcome, Exchanged, SmtpClientOptions, StarttlsOutcome, Violation } from './client-outcomes.ts';

type ConnectionEnds = { remoteAddress?: string; localAddress?: string; localPort?: number; family?: 4 | 6 };

type AuthCredentials = { user: string; password: string; mechanism?: AuthMechanism; withheld?: AuthWithheld };

export class SmtpClient extends PipeliningExchange {
  readonly options: SmtpClientOptions;
  readonly timings: ConnectTimings = {};

  constructor(options: SmtpClientOptions) {
    super(options.transcript, resolveTimeouts(options.connection.timeouts));
    this.options = options;
  }

  /** What the latest successful EHLO advertised (no extensions after HELO; forgotten on STARTTLS, RFC 3207 §4.2). */
  get capabilities(): EhloCapabilities | undefined {
    return this.state.capabilities;
  }

  get tlsReport(): TlsReport | undefined {
    return this.conn?.tlsReport;
  }

  get secure(): boolean {
    return this.conn?.secure ?? false;
  }

  /** Both ends of the connection, once it is up (the report's target and "Source"). */
  get remote(): ConnectionEnds {
    const c = this.conn;
    if (!c) return {};
    const out: ConnectionEnds = {};
    if (c.remoteAddress) out.remoteAddress = c.remoteAddress;
    if (c.localAddress) out.localAddress = c.localAddress;
    if (c.localPort) out.localPort = c.localPort;
    if (c.remoteFamily) out.family = c.remoteFamily;
    return out;
  }

  /** The commands the session's state allows next (what the manual console offers). */
  allowedCommands(): SmtpCommand[] {
    if (!this.canSend()) return [];
    return allowedCommands(this.state);
  }

  /** Connected, not failed, not closed (a 421 closes): a command may still be sent. */
  canSend(): boolean {
    return this.conn !== undefined && this.state.state !== 'closed';
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
    const o = this.options.connection;
    const t0 = this.transcript.now();
    // RFC 6066 §3: the spec dials and sends SNI as the A-label; the transcript says so.
    this.note(hostNote(o.host));
    const opts = {
      host: o.dial,
      port: o.port,
      family: o.family,
      ...(o.source !== undefined ? { localAddress: o.source } : {}),
      timeouts: this.timeouts,
      transcript: this.transcript,
      expectPlaintextGreeting: o.security !== 'implicit',
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      onFailure: (failure: SmtpEngineError) => (this.state = applyTransportFailure(this.state, failure.detail)),
      ...(this.options.early ? { early: this.options.early } : {}),
    };
    const conn = await timeOn(this.options.timeline, 'connect', `TCP connect to ${o.dial} port ${o.port}`, () => SmtpConnection.connect(opts))
      .catch((err: unknown) => {
        this.state = applyClosed(this.state);
        throw err;
      })
      .finally(() => (this.timings.connectMs = round(this.transcript.now() - t0)));
    // An early dial connected before this step: its own connect time, not this step's wait.
    if (conn.earlyConnectMs !== undefined) Object.assign(this.timings, { connectMs: conn.earlyConnectMs, dialledEarly: true });
    this.conn = conn;
    if (o.security === 'implicit') {
      const t1 = this.transcript.now();
      try {
        await timeOn(this.options.timeline, 'tls', 'TLS handshake', () => conn.upgradeToTls(o.tls, 'tls-handshake'));
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
      const banner = await timeOn(this.options.timeline, 'banner', 'Banner (greeting)', () => conn.readReply('greeting', this.timeouts.greeting), (r) => r.code !== 220);
      this.noteReply(banner);
      this.state = applyGreeting(this.state, banner);
      if (banner.code === 421) this.serverClosing('greeting', banner);
      return banner;
    } catch (err) {
      this.lost('greeting');
      throw err;
    } finally {
      this.timings.bannerMs = round(this.transcript.now() - t2);
    }
  }

  /** EHLO, and HELO when EHLO gets 5xx (RFC 5321 §4.1.4). ENHANCEDSTATUSCODES switches the parser's RFC 3463 parsing on. */
  ehlo(name: string): Promise<EhloOutcome> {
    return this.oneAtATime('EHLO', 'ehlo', () => this.ehloNow(name));
  }

  private async ehloNow(name: string): Promise<EhloOutcome> {
    const line = built(() => buildEhlo(name), 'ehlo');
    this.note(ehloNote(name));
    const { reply } = await this.commandNow('ehlo', 'EHLO', line, 'ehlo');
    // The state machine parsed the 250 into the snapshot's capabilities.
    const capabilities = this.state.capabilities;
    if (isPositive(reply) && capabilities) {
      this.requireConn().setEnhancedStatusCodes(hasCapability(capabilities, 'ENHANCEDSTATUSCODES'));
      return { reply, heloFallback: false, capabilities };
    }
    if (reply.code >= 500 && reply.code < 600) {
      const { reply: heloReply } = await this.commandNow('ehlo', 'HELO', built(() => buildHelo(name), 'ehlo'), 'ehlo');
      return { reply, heloFallback: true, heloReply };
    }
    return { reply, heloFallback: false };
  }

  /**
   * STARTTLS (RFC 3207). Nothing is pipelined with it. If ANY byte is buffered when the 220
   * arrives, the session stops with EINJECTION and nothing more is sent (§4.2, CVE-2011-0411).
   * After the upgrade everything learned before is forgotten; the caller sends EHLO again.
   */
  starttls(): Promise<StarttlsOutcome> {
    return this.oneAtATime('STARTTLS', 'starttls', () => this.starttlsNow());
  }

  private async starttlsNow(): Promise<StarttlsOutcome> {
    const conn = this.requireConn();
    if (conn.secure) throw engineError('EPOLICY', 'starttls', 'TLS is already active', { command: 'STARTTLS' });
    const { reply } = await this.commandNow('starttls', 'STARTTLS', 'STARTTLS', 'starttls');
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
    conn.setEnhancedStatusCodes(false);
    try {
      const tls = await timeOn(this.options.timeline, 'tls', 'TLS handshake', () => conn.upgradeToTls(this.options.connection.tls, 'starttls'));
      return { reply, ok: true, tls };
    } catch (err) {
      // A failed handshake still followed a 220: the STARTTLS record goes with the error, so it is shown.
      if (err instanceof SmtpEngineError && err.records.length === 0) err.records = this.commands.slice(-1);
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
   * AUTH with the policy of auth.ts (advertised mechanisms only, no mechanism at all without TLS
   * or over an unverified certificate unless allowed). At most one attempt per session.
   */
  auth(credentials: AuthCredentials): Promise<AuthResult> {
    return this.oneAtATime('AUTH', 'auth', () => this.authNow(credentials));
  }

  private async authNow(credentials: AuthCredentials): Promise<AuthResult> {
    const conn = this.requireConn();
    if (this.state.authTried) throw engineError('EPOLICY', 'auth', 'AUTH was already tried in this session (one attempt per run avoids account lockout)');
    if (credentials.withheld) {
      // The saved password was entered for another target: it never reached this run.
      const message = reboundMessage(credentials.withheld);
      this.transcript.add('info', `AUTH not attempted: ${message}`);
      return { attempted: false, decision: { ok: false, reason: credentials.withheld.reason, message } };
    }
    const offered = authMechanisms(this.state.capabilities);
    const decision = chooseAuthMechanism({
      offered,
      secure: conn.secure,
      tlsVerified: conn.tlsReport?.authorized === true,
      ...(credentials.mechanism ? { requested: credentials.mechanism } : {}),
      ...(this.options.connection.auth.allowPlaintext ? { allowPlaintext: true } : {}),
      // A certificate other than the pinned one is the interception a pin exists to catch: no choice lets AUTH through.
      ...(this.options.connection.auth.allowUnverifiedTls && conn.tlsReport?.pin?.matched !== false ? { allowUnverifiedTls: true } : {}),
    });
    if (!decision.ok) {
      this.transcript.add('info', `AUTH not attempted: ${decision.message}`);
      return { attempted: false, decision };
    }
    this.state = applyAuthStarted(this.state);
    let last: SmtpReply | undefined;
    const outcome = await authenticate(
      {
        send: (line, display) => this.send(line, display),
        note: (text) => this.note(text),
        read: async (display) => {
          last = (await this.receive('auth', 'auth', 'AUTH', display, this.timeouts.command)).reply;
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

  /**
   * Fast mode (RFC 2920, only when the server advertised PIPELINING): MAIL, the RCPTs and DATA in
   * one write and their replies read in order; mailFrom/rcptTo/data/quit then return those replies.
   * `chunking` (CHUNKING advertised, RFC 3030): `BDAT <n> LAST` with the message instead of DATA.
   */
  pipelineEnvelope(from: string, mailParams: MailFromParams, to: readonly string[], rcptParams: RcptToParams, payload: Buffer, chunking = false): Promise<void> {
    const mail = built(() => buildMailFrom(from, mailParams), 'mail');
    const rcpts = to.map((a) => built(() => buildRcptTo(a, rcptParams), 'rcpt'));
    this.note(envelopeNote(from, 'from'));
    for (const a of to) this.note(envelopeNote(a, 'to'));
    return this.sendEnvelopeGroup({ mail, rcpts, payload, chunking });
  }

  mailFrom(address: string, params: MailFromParams = {}): Promise<Exchanged> {
    const line = built(() => buildMailFrom(address, params), 'mail');
    return addressed(this.envelopeCommand('MAIL', line, address), envelopeAddress(address, 'from', params.smtputf8));
  }

  rcptTo(address: string, params: RcptToParams = {}): Promise<Exchanged> {
    const line = built(() => buildRcptTo(address, params), 'rcpt');
    return addressed(this.envelopeCommand('RCPT', line, address), envelopeAddress(address, 'to', params.smtputf8));
  }

  /** MAIL or RCPT: the answer fast mode's group already has for `line`, or the command sent now. */
  private envelopeCommand(name: 'MAIL' | 'RCPT', line: string, address: string): Promise<Exchanged> {
    const kept = this.takeAnswer<Exchanged>(name, line);
    if (kept) return kept;
    const step = name === 'MAIL' ? 'mail' : 'rcpt';
    return this.oneAtATime(name, step, () => {
      this.note(envelopeNote(address, name === 'MAIL' ? 'from' : 'to'));
      return this.commandNow(step, name, line, step);
    });
  }

  /** A name sent other than typed (an IDN as its A-label) is said so in the transcript, before the command. */
  private note(text: string | undefined): void {
    if (text !== undefined) this.transcript.add('info', text);
  }

  /**
   * DATA, then the payload (already CRLF-normalised, dot-stuffed and terminated: encodeDataPayload).
   * `end` is absent when DATA was not answered with 354. A missing reply after the final dot
   * is ETIMEDOUT in phase 'data-end': the message may have been delivered (RFC 5321 §4.5.3.2.6).
   */
  data(payload: Buffer): Promise<DataOutcome> {
    const kept = this.takeAnswer<DataOutcome>('DATA', 'DATA');
    if (kept) return kept;
    return this.oneAtATime('DATA', 'data', () => this.dataNow(payload));
  }

  private async dataNow(payload: Buffer): Promise<DataOutcome> {
    if (!payload.subarray(-5).equals(Buffer.from('\r\n.\r\n'))) {
      throw engineError('EINVALID', 'data', 'the DATA payload must end with CRLF.CRLF (use encodeDataPayload)');
    }
    const start = await this.commandNow('data', 'DATA', 'DATA', 'data', this.timeouts.dataStart);
    if (start.reply.code !== 354) return { start };
    this.logPayload(payload);
    const end = await this.exchange('data', 'DATA', '.', 'data-end', this.timeouts.dataEnd, () => this.requireConn().write(payload));
    return { start, end };
  }

  rset(): Promise<Exchanged> {
    return this.command('mail', 'RSET', 'RSET', 'rset');
  }

  noop(): Promise<Exchanged> {
    return this.command('quit', 'NOOP', 'NOOP', 'command');
  }

  vrfy(address: string): Promise<Exchanged> {
    return this.command('rcpt', 'VRFY', built(() => buildVrfy(address), 'command'), 'command');
  }

  expn(list: string): Promise<Exchanged> {
    return this.command('rcpt', 'EXPN', built(() => buildExpn(list), 'command'), 'command');
  }

  help(topic?: string): Promise<Exchanged> {
    return this.command('quit', 'HELP', built(() => buildHelp(topic), 'command'), 'command');
  }

  /**
   * A raw line typed by the user (CR, LF and NUL refused). STARTTLS, AUTH, DATA and BDAT in any
   * spelling are refused with nothing sent (raw-line-policy.ts): credentials go only through auth().
   */
  async raw(line: string): Promise<Exchanged> {
    const checked = built(() => checkRawCommand(line), 'command');
    const refused = refuseRawLine(checked);
    if (refused) {
      this.transcript.add('info', `not sent: ${refused.shown}`);
      throw engineError('EPOLICY', 'command', refused.message, { command: refused.needs });
    }
    return this.command('quit', 'RAW', checked, 'command');
  }

  /** QUIT, then close. The close that follows is expected (not "closed by server"). */
  quit(): Promise<Exchanged> {
    const kept = this.takeAnswer<Exchanged>('QUIT', 'QUIT');
    if (kept) return kept.finally(() => this.close());
    return this.oneAtATime('QUIT', 'quit', async () => {
      const conn = this.requireConn();
      this.state = applyQuitting(this.state);
      conn.expectClose();
      try {
        return await this.commandNow('quit', 'QUIT', 'QUIT', 'quit');
      } finally {
        conn.close();
      }
    });
  }

  /** Drops the connection now without QUIT (cancel, errors, after 421). */
  close(): void {
    this.conn?.close();
  }

  private logPayload(payload: Buffer): void {
    for (const [dir, text] of payloadTranscript(payload)) this.transcript.add(dir, text);
  }
}
