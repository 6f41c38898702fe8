/**
 * The SMTP session's states and the commands a user can send, declared once. The engine's state
 * machine (electron/engine/smtp/session-state.ts) moves between these states; the desktop app's
 * buttons show the commands `allowedCommands` returns.
 */

export const SESSION_STATES = [
  'idle', // nothing connected yet
  'connecting', // TCP (and for implicit TLS, the handshake) under way
  'greeting', // connected, waiting for the server's banner
  'connected', // banner received (or TLS just started): EHLO/HELO next
  'ready', // EHLO/HELO accepted, no mail transaction open
  'mail', // MAIL FROM accepted
  'rcpt', // at least one RCPT TO accepted
  'data', // 354 received: the message is being sent, then the final reply
  'closed', // connection closed (QUIT, 421 or the peer went away)
] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** BDAT (RFC 3030) is sent only as fast mode's `BDAT <n> LAST`; allowedCommands never offers it. */
export const SMTP_COMMANDS = ['EHLO', 'HELO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'RSET', 'NOOP', 'VRFY', 'EXPN', 'HELP', 'QUIT', 'RAW'] as const;
export type SmtpCommand = (typeof SMTP_COMMANDS)[number];
