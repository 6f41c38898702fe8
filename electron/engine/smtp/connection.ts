/**
 * One SMTP connection: the socket (plain, then maybe TLS), the reply parser, the deadlines and
 * the transcript lines of what crosses the wire. No SMTP logic beyond framing lives here; the
 * client (smtp-client.ts) decides what to send.
 *
 * Rules kept here:
 * - every wait (connect, handshake, a complete reply) has an absolute deadline (timeouts.ts);
 * - only CRLF-terminated single lines are ever written (RFC 5321 §2.3.8);
 * - a STARTTLS upgrade starts from an empty parser and refuses to run when any byte is
 *   buffered (RFC 3207 §4.2, CVE-2011-0411) — the caller checks `hasBufferedInput()` first;
 *   plaintext arriving later, into the handshake, is the same injection (EINJECTION);
 * - replies nobody reads yet are capped (unread-replies.ts): past the cap the connection is closed
 *   (EFLOOD) and the transcript keeps only what came before;
 * - once something fails (close, reset, protocol error, timeout, abort) the connection stays
 *   failed and the socket is destroyed: nothing more is sent.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Phase, SmtpReply, TlsReport } from '../../../shared/evidence.ts';
import type { TranscriptSink } from '../transcript.ts';
import { ReplyParser, SmtpProtocolError } from './reply-parser.ts';
import { SmtpEngineError, abortError, bindError, engineError, fromSocketError, nodeErrorCode } from './errors.ts';
import type { SmtpTimeouts } from './timeouts.ts';
import { authorizationMessage, buildTlsReport, tlsTranscriptLines } from './tls-report.ts';
import { isIpLiteral } from '../dns/names.ts';
import { UnreadReplies } from './unread-replies.ts';
import { secureContextWith } from './secure-context.ts';
import { ticketWaitMs, watchTicket } from './tls-ticket.ts';
import type { ClaimedDial, EarlyDial } from './early-dial.ts';

export interface TlsPolicy {
  /** Verify chain and host name (default). false = "inspect anyway": go on, but report every problem. */
  verify: boolean;
  /** Extra trusted CA certificates (PEM), added to Node's bundled roots. */
  ca?: string[];
  /** Name for SNI and the host name check; defaults to the host when it is not an IP literal. */
  servername?: string;
  /** With verify false: this is opportunistic STARTTLS to an MX (reported as such, not as "inspect anyway"). */
  opportunistic?: boolean;
  /**
   * A certificate pin (shared/tls-pin.ts): the leaf's SHA-256 fingerprint must equal it. A match
   * is verified by the pin (a self-signed certificate included); any other certificate is not.
   */
  pin?: string;
}

export interface ConnectOptions {
  host: string;
  port: number;
  family?: 0 | 4 | 6;
  /** The local address to bind before connecting; one not on this machine fails with ESOURCE and nothing is sent. */
  localAddress?: string;
  timeouts: SmtpTimeouts;
  transcript: TranscriptSink;
  signal?: AbortSignal;
  /** Plain connection whose first bytes are checked for a TLS record (TLS on a plaintext port). */
  expectPlaintextGreeting?: boolean;
  /** Told once, when the connection first fails or closes (it happens between commands too): the session's state follows. */
  onFailure?: (failure: SmtpEngineError) => void;
  /** A connection dialled before the run was ready (early-dial.ts), taken over when it is to this target. */
  early?: EarlyDial;
}

interface Waiter {
  resolve: (reply: SmtpReply) => void;
  reject: (err: SmtpEngineError) => void;
}

/** OpenSSL's words for "the peer did not answer in TLS" (plaintext 220 to our ClientHello). */
const PLAINTEXT_ON_TLS_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_UNKNOWN_PROTOCOL']);

export class SmtpConnection {
  private socket: net.Socket;
  private readonly parser = new ReplyParser();
  private readonly replies = new UnreadReplies();
  private waiter: Waiter | undefined;
  private failure: SmtpEngineError | undefined;
  private readonly onFailure: ((failure: SmtpEngineError) => void) | undefined;
  /** Bytes seen so far on a plain connection expecting a greeting (TLS-record sniffing). */
  private sniff: number[] | undefined;
  private lastSendAt: number;
  /** The quickest answer to something we sent (a round trip, at most): tls-ticket.ts weighs waiting by it. */
  private fastestReplyMs: number | undefined;
  private phase: Phase = 'connect';
  private quitting = false;
  private readonly onAbort = () => this.fail(abortError(this.signal, this.phase));
  private readonly onData = (chunk: Buffer) => this.receive(chunk);
  private readonly onEnd = () => this.peerClosed();
  private readonly onClose = () => this.peerClosed();
  private readonly onError = (err: Error) => this.fail(fromSocketError(err, this.phase));
  /** An early dial's greeting may have waited in the socket: its time is no round trip (tls-ticket.ts). */
  private greetingReadLate: boolean;

  readonly transcript: TranscriptSink;
  readonly timeouts: SmtpTimeouts;
  readonly signal: AbortSignal | undefined;
  readonly host: string;
  /** Set when TLS is up (implicit or STARTTLS). */
  tlsReport: TlsReport | undefined;
  /** The server closed the connection while we did not expect it (not after QUIT). */
  closedByServer = false;
  /**
   * Both ends of the TCP connection, read once it is up: a destroyed socket forgets them, and the
   * report's "Source" needs them after the session closed.
   */
  private readonly ends: { remoteAddress?: string; localAddress?: string; localPort?: number; remoteFamily?: string };

  /** For a connection dialled early: from the dial until its connect was seen, on performance.now()'s clock. */
  readonly earlyConnectMs: number | undefined;

  private constructor(socket: net.Socket, options: ConnectOptions, claimed?: ClaimedDial) {
    this.socket = socket;
    this.greetingReadLate = claimed !== undefined;
    const connectedAt = claimed?.connectedAt();
    this.earlyConnectMs = claimed && connectedAt !== undefined ? Math.round((connectedAt - claimed.dialedAt) * 10) / 10 : undefined;
    this.ends = { remoteAddress: socket.remoteAddress, localAddress: socket.localAddress, localPort: socket.localPort, remoteFamily: socket.remoteFamily };
    this.transcript = options.transcript;
    this.timeouts = options.timeouts;
    this.signal = options.signal;
    this.onFailure = options.onFailure;
    this.host = options.host;
    this.lastSendAt = options.transcript.now();
    if (options.expectPlaintextGreeting) this.sniff = [];
    this.attach(socket);
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** TCP connect within the connect deadline. Errors: ECONNREFUSED, EHOSTUNREACH, ETIMEDOUT, EDNS, EABORTED (phase 'connect'). */
  static connect(options: ConnectOptions): Promise<SmtpConnection> {
    const { host, port, family = 0, localAddress, timeouts, signal, transcript } = options;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal, 'connect', 'before connecting'));
      // A source address fixes the IP version by itself: the line names the address instead.
      const how = localAddress !== undefined ? ` from ${localAddress}` : family ? ` (IPv${family} only)` : '';
      const bare = host.replace(/^\[|\]$/g, '');
      const claimed = options.early?.claim({ host: bare, port, family, ...(localAddress !== undefined ? { localAddress } : {}) });
      const early = claimed ? ` (dialled ${Math.round(performance.now() - claimed.dialedAt)} ms ago with --fast, while the check got ready)` : '';
      transcript.add('info', `connecting to ${host} port ${port}${how}${early}`);
      const socket = claimed?.socket ?? net.connect({ host: bare, port, family, autoSelectFamily: family === 0, ...(localAddress !== undefined ? { localAddress } : {}) });
      // Every write is a whole command or group: Nagle's wait for an ACK would only delay it.
      socket.setNoDelay(true);
      let settled = false;
      const finish = (err: SmtpEngineError | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
        socket.removeListener('connect', onConnect);
        if (err) {
          // onError stays attached: a late error of the destroyed socket must not go uncaught.
          socket.destroy();
          transcript.add('error', err.message);
          return reject(err);
        }
        socket.removeListener('error', onError);
        transcript.add('info', `connected to ${socket.remoteAddress} port ${socket.remotePort} from ${socket.localAddress} port ${socket.localPort}`);
        resolve(new SmtpConnection(socket, options, claimed));
      };
      const onError = (err: Error) => finish((localAddress !== undefined ? bindError(err, localAddress) : undefined) ?? fromSocketError(err, 'connect'));
      const onConnect = () => finish(undefined);
      const abort = () => finish(abortError(signal, 'connect', 'while connecting'));
      // The deadline counts from the dial, an early one included.
      const left = claimed ? Math.max(0, timeouts.connect - (performance.now() - claimed.dialedAt)) : timeouts.connect;
      const timer = setTimeout(() => finish(engineError('ETIMEDOUT', 'connect', `no TCP connection within ${timeouts.connect} ms`, { cause: 'ETIMEDOUT' })), left);
      socket.once('error', onError);
      // An early dial may be connected already: its 'connect' event is past.
      if (claimed && !socket.connecting) queueMicrotask(onConnect);
      else socket.once('connect', onConnect);
      signal?.addEventListener('abort', abort, { once: true });
    });
  }

  get remoteAddress(): string | undefined {
    return this.ends.remoteAddress;
  }

  get localAddress(): string | undefined {
    return this.ends.localAddress;
  }

  get localPort(): number | undefined {
    return this.ends.localPort;
  }

  get remoteFamily(): 4 | 6 | undefined {
    const f = this.ends.remoteFamily;
    return f === 'IPv6' ? 6 : f === 'IPv4' ? 4 : undefined;
  }

  get secure(): boolean {
    return this.tlsReport !== undefined;
  }

  get failed(): SmtpEngineError | undefined {
    return this.failure;
  }

  /**
   * The failure as seen by a command about to run in `phase`. A flood is noticed by the next command
   * (it happens between commands, often while the run is paused), so it is filed under that one.
   */
  failedAt(phase: Phase): SmtpEngineError | undefined {
    const f = this.failure;
    if (f?.code !== 'EFLOOD' || f.phase === phase) return f;
    return engineError('EFLOOD', phase, f.message);
  }

  /** Switches the parser's RFC 3463 parsing (after EHLO advertised ENHANCEDSTATUSCODES). */
  setEnhancedStatusCodes(on: boolean): void {
    this.parser.setEnhancedStatusCodes(on);
  }

  /** Any byte received that no command has consumed yet: queued replies or a partial reply. */
  hasBufferedInput(): boolean {
    return this.replies.length > 0 || this.parser.bufferedBytes > 0;
  }

  /** Replies that arrived with nobody waiting (taken out of the queue). */
  takeUnsolicited(): SmtpReply[] {
    return this.replies.takeAll();
  }

  /**
   * Writes one command line plus CRLF. `display` is what the transcript shows (redacted for AUTH).
   * Throws when the line holds CR, LF or NUL (only CRLF is ever sent) or the connection failed.
   */
  sendLine(line: string, display: string = line): void {
    if (/[\r\n\0]/.test(line)) throw engineError('EINVALID', this.phase, 'a command line must not contain CR, LF or NUL', { command: display });
    this.write(Buffer.from(`${line}\r\n`, 'utf8'));
    this.transcript.add('C', display);
  }

  /**
   * Several command lines in one write (an RFC 2920 group); each is checked like sendLine's and
   * shown. `tail` (a BDAT chunk and what follows it) goes out in the same write; the caller shows it.
   */
  writeLines(lines: readonly string[], tail?: Buffer): void {
    const bad = lines.find((l) => /[\r\n\0]/.test(l));
    if (bad !== undefined) throw engineError('EINVALID', this.phase, 'a command line must not contain CR, LF or NUL', { command: bad });
    const head = Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'utf8');
    this.write(tail ? Buffer.concat([head, tail]) : head);
    for (const l of lines) this.transcript.add('C', l);
  }

  /** Writes bytes as they are (the DATA payload, already CRLF-normalised and dot-stuffed). */
  write(bytes: Buffer): void {
    if (this.failure) throw this.failure;
    this.lastSendAt = this.transcript.now();
    this.socket.write(bytes);
  }

  /** We are about to send QUIT: the close that follows is expected. */
  expectClose(): void {
    this.quitting = true;
  }

  /** The next complete reply, within `timeoutMs` measured from now (the whole reply, not idle time). */
  readReply(phase: Phase, timeoutMs: number, command?: string): Promise<SmtpReply> {
    this.phase = phase;
    const queued = this.replies.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failedAt(phase));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const why = phase === 'data-end'
          ? `no reply after the end of the message within ${timeoutMs} ms: the message may have been delivered (RFC 5321 §4.5.3.2.6)`
          : phase === 'greeting'
            ? `no greeting within ${timeoutMs} ms`
            : `no complete reply within ${timeoutMs} ms`;
        this.fail(engineError('ETIMEDOUT', phase, why, command === undefined ? {} : { command }));
      }, timeoutMs);
      this.waiter = {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
    });
  }

  /**
   * TLS over the current TCP socket: implicit TLS right after connect, or after STARTTLS's 220.
   * The parser is reset first so nothing received in plaintext can leak into the TLS session.
   * With `policy.verify`, a certificate problem ends the connection (ETLS, cause = the OpenSSL
   * code, or PIN_MISMATCH when a pin was given and the certificate is another) before any byte of
   * application data is sent; the report is kept either way.
   */
  async upgradeToTls(policy: TlsPolicy, phase: Phase): Promise<TlsReport> {
    if (this.failure) throw this.failure;
    if (this.hasBufferedInput()) {
      // Callers check first; this is the last line of defence (RFC 3207 §4.2).
      throw this.fail(engineError('EINJECTION', phase, 'bytes were buffered before the TLS upgrade'));
    }
    this.phase = phase;
    this.parser.reset();
    this.sniff = undefined;
    const plain = this.socket;
    this.detach(plain);
    const servername = policy.servername ?? (isIpLiteral(this.host) ? undefined : this.host);
    const options: tls.ConnectionOptions = {
      socket: plain,
      // Verification is done below from `authorized`, so a failing certificate can still be reported.
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    };
    if (servername !== undefined && !isIpLiteral(servername)) options.servername = servername;
    else options.host = this.host.replace(/^\[|\]$/g, '');
    if (policy.ca && policy.ca.length > 0) options.secureContext = secureContextWith(policy.ca);
    const secure = tls.connect(options);
    const ticket = watchTicket(secure);
    this.socket = secure;
    try {
      await this.handshake(secure, plain, phase);
    } catch (err) {
      const e = err instanceof SmtpEngineError ? err : fromSocketError(err, phase);
      throw this.fail(e);
    }
    const report = buildTlsReport(secure, options.servername ?? null, policy);
    this.tlsReport = report;
    for (const line of tlsTranscriptLines(report)) this.transcript.add('tls', line);
    if (!report.authorized && policy.verify) {
      const cause = report.authorizationError ?? 'UNKNOWN';
      throw this.fail(engineError('ETLS', phase, `certificate not trusted: ${authorizationMessage(cause)}`, { cause }));
    }
    this.attach(secure);
    // After the handshake an error of the plain socket underneath is an error of the connection.
    plain.on('error', this.onError);
    // After STARTTLS our EHLO comes next; with implicit TLS the server speaks first anyway.
    if (phase === 'starttls') await ticket.wait(ticketWaitMs(secure.getProtocol(), this.fastestReplyMs));
    return report;
  }

  private handshake(secure: tls.TLSSocket, plain: net.Socket, phase: Phase): Promise<void> {
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (err?: SmtpEngineError) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        secure.removeListener('secureConnect', onSecure);
        secure.removeListener('close', onClose);
        if (!err) {
          // On failure the listeners stay: a late second error must not become an uncaught exception.
          secure.removeListener('error', onError);
          plain.removeListener('error', onError);
        }
        this.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      };
      const onSecure = () => finish();
      const onError = (err: Error) => finish(tlsHandshakeError(err, phase));
      const onClose = () => finish(engineError('ETLS', phase, 'the server closed the connection during the TLS handshake', { cause: 'ECONNRESET' }));
      const onAbort = () => finish(abortError(this.signal, phase, 'during the TLS handshake'));
      const timer = setTimeout(
        () => finish(engineError('ETIMEDOUT', 'tls-handshake', `TLS handshake not finished within ${this.timeouts.tlsHandshake} ms`)),
        this.timeouts.tlsHandshake,
      );
      secure.once('secureConnect', onSecure);
      secure.on('error', onError);
      plain.on('error', onError);
      secure.once('close', onClose);
      if (this.signal?.aborted) onAbort();
      else this.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Ends the connection now (after QUIT's reply, on failure, on cancel). Idempotent. */
  close(): void {
    this.quitting = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    if (!this.failure) this.setFailure(engineError('ECLOSED', this.phase, 'the connection was closed by the client'));
    this.socket.destroy();
  }

  private attach(socket: net.Socket): void {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onClose);
    socket.on('error', this.onError);
  }

  private detach(socket: net.Socket): void {
    socket.removeListener('data', this.onData);
    socket.removeListener('end', this.onEnd);
    socket.removeListener('close', this.onClose);
    socket.removeListener('error', this.onError);
  }

  private receive(chunk: Buffer): void {
    if (this.failure) return;
    if (this.sniff !== undefined && this.sniffTls(chunk)) return;
    let replies: SmtpReply[];
    try {
      replies = this.parser.push(chunk);
    } catch (err) {
      if (err instanceof SmtpProtocolError) {
        if (err.partial) this.transcript.add('S', err.partial.slice(0, 4096));
        this.fail(engineError('EPROTO', this.phase, err.message));
        return;
      }
      throw err;
    }
    for (const reply of replies) {
      const limit = this.replies.overflow(reply);
      if (limit !== undefined) return this.flooded(limit);
      const elapsedMs = Math.round((this.transcript.now() - this.lastSendAt) * 10) / 10;
      if (!this.greetingReadLate) this.fastestReplyMs = Math.min(this.fastestReplyMs ?? elapsedMs, elapsedMs);
      this.greetingReadLate = false;
      reply.raw.forEach((line, i) => this.transcript.add('S', line, i === reply.raw.length - 1 ? { elapsedMs } : undefined));
      this.replies.push(reply);
    }
    const waiter = this.waiter;
    const next = waiter ? this.replies.shift() : undefined;
    if (waiter && next) {
      this.waiter = undefined;
      waiter.resolve(next);
    }
  }

  /** Past the cap on unread replies: the queue is dropped and the connection closed; the rest is never read. */
  private flooded(limit: string): void {
    this.replies.takeAll();
    this.fail(engineError('EFLOOD', this.phase, `the server kept sending without being asked (more than ${limit} unread); the connection was closed`));
  }

  /** A TLS record (handshake 0x16 or alert 0x15, version 0x03 xx) where a "220" was expected. */
  private sniffTls(chunk: Buffer): boolean {
    const seen = this.sniff as number[];
    for (let i = 0; i < chunk.length && seen.length < 2; i++) seen.push(chunk[i] as number);
    if (seen.length < 2) return false;
    this.sniff = undefined;
    if ((seen[0] === 0x16 || seen[0] === 0x15) && seen[1] === 0x03) {
      this.transcript.add('S', `[${chunk.length} bytes of TLS: ${chunk.subarray(0, 16).toString('hex')}…]`);
      this.fail(
        engineError('EPROTO', this.phase, 'the server answered with TLS on a plaintext connection: this port expects implicit TLS', { cause: 'TLS_ON_PLAINTEXT_PORT' }),
      );
      return true;
    }
    return false;
  }

  private peerClosed(): void {
    if (this.failure) return;
    if (this.quitting) {
      this.setFailure(engineError('ECLOSED', this.phase, 'the connection was closed after QUIT'));
      return;
    }
    this.closedByServer = true;
    const partial = this.parser.pendingText();
    if (partial) for (const line of partial.split('\n')) this.transcript.add('S', line);
    const mid = partial ? ' in the middle of a reply' : '';
    // RFC 5321 §3.8: a lost connection after the final dot leaves the message's fate unknown.
    const fate = this.phase === 'data-end' ? ': the message may or may not have been delivered' : '';
    this.fail(engineError('ECLOSED', this.phase, `the server closed the connection${mid}${fate}`));
  }

  private setFailure(err: SmtpEngineError): void {
    this.failure = err;
    this.onFailure?.(err);
  }

  /** Records the first failure, destroys the socket, rejects the waiter; returns the failure. */
  private fail(err: SmtpEngineError): SmtpEngineError {
    if (this.failure) return this.failure;
    this.setFailure(err);
    this.transcript.add('error', `${err.code}${err.detail.cause ? ` (${err.detail.cause})` : ''}: ${err.message}`);
    this.signal?.removeEventListener('abort', this.onAbort);
    this.socket.destroy();
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(err);
    return err;
  }
}

/** Handshake failures keep the OpenSSL/Node code as `cause`; a plaintext answer gets its own cause. */
function tlsHandshakeError(err: unknown, phase: Phase): SmtpEngineError {
  const code = nodeErrorCode(err);
  const text = err instanceof Error ? err.message : String(err);
  if (code && PLAINTEXT_ON_TLS_CODES.has(code) && phase === 'starttls') {
    // Plaintext that came after the 220 (even a few ms later, so not buffered with it) reaches
    // OpenSSL as a non-TLS record: the same injection as bytes sent with the 220 (RFC 3207 §4.2).
    return engineError('EINJECTION', phase, `plain text arrived after the 220 to STARTTLS where the TLS handshake should be (${code}): possible response injection (RFC 3207 §4.2); the session was stopped and nothing was sent over TLS`, {
      cause: 'PLAINTEXT_AFTER_STARTTLS',
    });
  }
  if (code && PLAINTEXT_ON_TLS_CODES.has(code)) {
    return engineError('ETLS', phase, `the server did not answer in TLS (${code}): this port probably expects plaintext or STARTTLS`, {
      cause: 'PLAINTEXT_ON_TLS_PORT',
    });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return engineError('ETLS', phase, `the server closed the connection during the TLS handshake (${text})`, { cause: code });
  }
  return engineError('ETLS', phase, `TLS handshake failed (${text})`, code === undefined ? {} : { cause: code });
}
