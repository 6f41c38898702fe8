/**
 * The SMTP session as an explicit state machine (RFC 5321 §4.1.4 command ordering, §3.8 for 421,
 * RFC 3207 §4.2 for STARTTLS). Pure: replies in, snapshots out. The snapshot is all the client
 * knows of the session (what the server offers, the AUTH attempt, how the session ended);
 * `allowedCommands` is what the desktop app's buttons show and what the runner checks before it
 * sends anything.
 */
import type { EhloCapabilities, EngineError, Phase, SmtpEvidence, SmtpReply } from '../../../shared/evidence.ts';
import { SMTP_COMMANDS, type SessionState, type SmtpCommand } from '../../../shared/session.ts';
import { authMechanisms, hasCapability, parseEhloReply } from './capabilities.ts';
import { isPositive } from './reply-class.ts';

export interface SessionSnapshot {
  state: SessionState;
  tls: boolean;
  authenticated: boolean;
  /** What the latest successful EHLO advertised (no extensions after HELO; forgotten on STARTTLS's 220, RFC 3207 §4.2). */
  capabilities?: EhloCapabilities;
  acceptedRecipients: number;
  /** The banner was not 220 (e.g. 554): RFC 5321 §3.1 says the client should only QUIT. */
  bannerRejected?: boolean;
  /**
   * AUTH was sent in this session. One attempt per session, whatever its outcome: a retry only
   * adds to the failed logins that lock accounts. Our own rule, not knowledge from the server, so
   * STARTTLS's 220 keeps it.
   */
  authTried?: boolean;
  /** The 421 that closed the session (RFC 5321 §3.8): nothing more is sent. */
  closing?: SmtpReply;
  /** The server ended the session unasked: with a 421 (`afterReply`) or by closing the connection (FIN/RST). */
  closedByServer?: SmtpEvidence['closedByServer'];
  /** QUIT was sent: the close that follows is the expected end, not a failure of the server. */
  quitting?: boolean;
  /** The connection failed or was closed (timeout, reset, TLS, cancel, flood, our own close): the first cause. */
  failure?: EngineError;
}

export function initialSnapshot(): SessionSnapshot {
  return { state: 'idle', tls: false, authenticated: false, acceptedRecipients: 0 };
}

/** Commands that can follow in each state, before the capability checks. */
const BY_STATE: Record<SessionState, readonly SmtpCommand[]> = {
  idle: [],
  connecting: [],
  greeting: [],
  connected: ['EHLO', 'HELO', 'RSET', 'NOOP', 'HELP', 'QUIT', 'RAW'],
  ready: ['EHLO', 'HELO', 'STARTTLS', 'AUTH', 'MAIL', 'RSET', 'NOOP', 'VRFY', 'EXPN', 'HELP', 'QUIT', 'RAW'],
  mail: ['RCPT', 'RSET', 'NOOP', 'VRFY', 'EXPN', 'HELP', 'QUIT', 'RAW'],
  rcpt: ['RCPT', 'DATA', 'RSET', 'NOOP', 'VRFY', 'EXPN', 'HELP', 'QUIT', 'RAW'],
  // While the message and its final reply are under way, nothing else may be sent.
  data: [],
  closed: [],
};

export function allowedCommands(s: SessionSnapshot): SmtpCommand[] {
  if (s.state === 'connected' && s.bannerRejected) return ['QUIT', 'RAW'];
  const candidates = BY_STATE[s.state];
  return SMTP_COMMANDS.filter((command) => {
    if (!candidates.includes(command)) return false;
    switch (command) {
      // RFC 3207 §4.2: never STARTTLS twice, and only when advertised.
      case 'STARTTLS':
        return !s.tls && hasCapability(s.capabilities, 'STARTTLS');
      // RFC 4954 §4: one successful AUTH per session, never inside a mail transaction (state 'ready' only); we try once.
      case 'AUTH':
        return !s.authenticated && !s.authTried && authMechanisms(s.capabilities).length > 0;
      // RFC 5321 §3.3: DATA needs at least one accepted recipient.
      case 'DATA':
        return s.acceptedRecipients > 0;
      default:
        return true;
    }
  });
}

/** The connection attempt started. */
export function applyConnecting(_s: SessionSnapshot): SessionSnapshot {
  // A new connection knows nothing from an earlier one.
  return { ...initialSnapshot(), state: 'connecting' };
}

/** TCP (and for implicit TLS, the handshake) succeeded: the banner comes next. */
export function applyConnected(s: SessionSnapshot, options: { tls: boolean }): SessionSnapshot {
  return { ...s, state: 'greeting', tls: options.tls };
}

/** The banner (RFC 5321 §4.2: 220 to go on; 554 means "no service, QUIT"; 421 closes). */
export function applyGreeting(s: SessionSnapshot, reply: SmtpReply): SessionSnapshot {
  if (reply.code === 421) return closedBy421(s, reply);
  if (reply.code === 220) return { ...s, state: 'connected', bannerRejected: false };
  return { ...s, state: 'connected', bannerRejected: true };
}

/** The connection is gone, whoever closed it. */
export function applyClosed(s: SessionSnapshot): SessionSnapshot {
  return { ...s, state: 'closed' };
}

/**
 * The server ended the session in `phase`: with the 421 `reply` (RFC 5321 §3.8, received as an
 * answer or on its own), or, without one, by closing the connection; a close after a 421 keeps it.
 */
export function applyServerClosed(s: SessionSnapshot, phase: Phase, reply?: SmtpReply): SessionSnapshot {
  if (reply) return { ...closedBy421(s, reply), closedByServer: { phase, afterReply: reply } };
  return { ...s, state: 'closed', closedByServer: s.closedByServer ?? { phase } };
}

/** QUIT is about to be sent (see quitting). */
export function applyQuitting(s: SessionSnapshot): SessionSnapshot {
  return { ...s, quitting: true };
}

/** The connection reported its first failure: the session is over and nothing more is sent. */
export function applyTransportFailure(s: SessionSnapshot, failure: EngineError): SessionSnapshot {
  return { ...s, state: 'closed', failure: s.failure ?? failure };
}

/** AUTH is about to be sent: the session's one attempt (see authTried). */
export function applyAuthStarted(s: SessionSnapshot): SessionSnapshot {
  return { ...s, authTried: true };
}

/** RFC 5321 §3.8: 421 may answer any command (or come on its own); the server is closing the channel. */
function closedBy421(s: SessionSnapshot, reply: SmtpReply): SessionSnapshot {
  return { ...s, state: 'closed', closing: reply };
}

/** A new transaction-free snapshot in `state` (RSET, EHLO and the end of DATA all clear the transaction, RFC 5321 §4.1.1.5, §4.1.4). */
function outsideTransaction(s: SessionSnapshot, state: SessionState): SessionSnapshot {
  return { ...s, state, acceptedRecipients: 0 };
}

/**
 * The state after `command` got `reply`. For RAW, pass the line sent so the verb can be followed
 * (see commandOfRawLine); raw STARTTLS, AUTH and DATA are not followed (see rawCommandNeedsEngine).
 */
export function applyReply(s: SessionSnapshot, command: SmtpCommand, reply: SmtpReply, rawLine?: string): SessionSnapshot {
  if (reply.code === 421) return closedBy421(s, reply);
  if (command === 'RAW') {
    const followed = rawLine === undefined ? undefined : commandOfRawLine(rawLine);
    if (followed === undefined || followed === 'RAW' || rawCommandNeedsEngine(rawLine ?? '')) return s;
    return applyReply(s, followed, reply);
  }
  switch (command) {
    case 'EHLO':
      // A second EHLO also resets any transaction (RFC 5321 §4.1.4).
      return isPositive(reply) ? { ...outsideTransaction(s, 'ready'), capabilities: parseEhloReply(reply) } : s;
    case 'HELO':
      // HELO carries no extensions: forget any learned from an earlier EHLO.
      return isPositive(reply) ? { ...outsideTransaction(s, 'ready'), capabilities: { keywords: {}, greeting: reply.lines[0] ?? '' } } : s;
    case 'STARTTLS':
      // RFC 3207 §4.2: after 220 the client MUST discard any knowledge obtained from the server.
      if (reply.code !== 220) return s;
      return { state: 'connected', tls: true, authenticated: false, acceptedRecipients: 0, ...(s.authTried ? { authTried: true } : {}) };
    case 'AUTH':
      // 235 (RFC 4954 §6); 334 challenges leave the state as it is until the final reply.
      return isPositive(reply) ? { ...s, authenticated: true } : s;
    case 'MAIL':
      return isPositive(reply) ? outsideTransaction(s, 'mail') : s;
    case 'RCPT':
      return isPositive(reply) ? { ...s, state: 'rcpt', acceptedRecipients: s.acceptedRecipients + 1 } : s;
    case 'DATA':
      // In 'data' this is the reply after the final dot: the transaction is over, whatever it says.
      if (s.state === 'data') return outsideTransaction(s, 'ready');
      return reply.code === 354 ? { ...s, state: 'data' } : s;
    case 'BDAT':
      // Only `BDAT <n> LAST` is sent: its reply ends the transaction, whatever it says (RFC 3030 §2).
      return outsideTransaction(s, 'ready');
    case 'RSET':
      if (!isPositive(reply)) return s;
      return s.state === 'ready' || s.state === 'mail' || s.state === 'rcpt' || s.state === 'data' ? outsideTransaction(s, 'ready') : s;
    case 'QUIT':
      // We close after QUIT whatever the reply (RFC 5321 §4.1.1.10).
      return { ...s, state: 'closed' };
    case 'NOOP':
    case 'VRFY':
    case 'EXPN':
    case 'HELP':
      return s;
  }
}

/**
 * The first word of a raw line, upper-cased, as a lenient server reads it: leading white space
 * skipped, the word ended by any white space (SP, HTAB, ...) or ":" ("mail from:<a@b>" -> MAIL).
 */
export function verbOfRawLine(line: string): string {
  return (line.trimStart().split(/[\s:]/, 1)[0] ?? '').toUpperCase();
}

/** The command a raw line starts with ("mail from:<a@b>" -> MAIL), or undefined for an unknown verb. */
export function commandOfRawLine(line: string): SmtpCommand | undefined {
  const verb = verbOfRawLine(line);
  return (SMTP_COMMANDS as readonly string[]).includes(verb) && verb !== 'RAW' ? (verb as SmtpCommand) : undefined;
}

/**
 * Raw lines that change the connection itself (TLS upgrade, SASL exchange, message mode) cannot be
 * followed from replies alone; the client refuses them in every spelling and points to the
 * dedicated command. BDAT (RFC 3030) switches to binary message chunks just like DATA.
 */
export function rawCommandNeedsEngine(line: string): 'STARTTLS' | 'AUTH' | 'DATA' | undefined {
  const verb = verbOfRawLine(line);
  if (verb === 'STARTTLS' || verb === 'AUTH' || verb === 'DATA') return verb;
  return verb === 'BDAT' ? 'DATA' : undefined;
}

/**
 * RFC 5321 §4.2.1 and §4.3.2: 3yz is an intermediate reply, valid only for DATA (354) and, by
 * RFC 4954, AUTH (334); DATA's initiation never succeeds with 2yz, since the message must follow.
 * Returns why `reply` cannot be an answer to `command` in state `s` (reliability B.22: "3yz to
 * RCPT -> EPROTO"), or undefined when it can. 4yz and 5yz fit every command. The one place this
 * rule is written: the client checks every reply with it (CommandExchange.answer).
 */
export function unexpectedReply(s: SessionSnapshot, command: SmtpCommand, reply: SmtpReply): string | undefined {
  const kind = Math.floor(reply.code / 100);
  if (command === 'RAW' || kind === 4 || kind === 5) return undefined;
  if (command === 'AUTH') return undefined;
  if (command === 'DATA' && s.state !== 'data') {
    return kind === 3 ? undefined : `a ${reply.code} reply to DATA: the server must answer 354 before the message`;
  }
  if (kind !== 3) return undefined;
  if (command === 'DATA') return `a ${reply.code} (intermediate) reply after the end of the message: the final reply must be 2yz, 4yz or 5yz`;
  return `a ${reply.code} (intermediate) reply to ${command} makes no sense: only DATA and AUTH continue with 3yz`;
}
