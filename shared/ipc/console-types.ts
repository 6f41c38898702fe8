/** The manual console: a telnet-like session over the same engine. */
import type { SmtpReply } from '../evidence.ts';
import type { SmtpCommand } from '../session.ts';
import type { SecurityMode } from '../steps.ts';

export interface ConsoleOpened {
  consoleId: string;
  /** The greeting (or the error that ended the connection). */
  greeting?: SmtpReply;
  error?: { code: string; message: string };
  /** The buttons to enable now (from the session state machine). */
  allowed: SmtpCommand[];
  /** Where the console connected (the built-in server's live port, or the profile's MX host). */
  target?: { host: string; port: number; security: SecurityMode };
}

export interface ConsoleCommandResult {
  reply?: SmtpReply;
  error?: { code: string; message: string };
  allowed: SmtpCommand[];
  closed: boolean;
}
