/**
 * Process exit codes of `smtp-probe check`, one per failed stage, so scripts can tell
 * "port 25 is blocked" from "the recipient does not exist" without parsing output.
 * Declared once here: the CLI, the diagnosis (`exitCodeFor`) and the docs read this table.
 */
import type { StepId } from './steps.ts';

export const EXIT_CODES = {
  ok: 0,
  /** Unexpected internal error of the tool itself. */
  internal: 1,
  /** Bad command line or bad input; nothing was sent. */
  usage: 2,
  mx: 10,
  ptr: 11,
  connect: 12,
  banner: 13,
  ehlo: 14,
  starttls: 15,
  auth: 16,
  mail: 17,
  rcpt: 18,
  data: 19,
  quit: 20,
} as const satisfies Record<'ok' | 'internal' | 'usage' | StepId, number>;

export type ExitCodeName = keyof typeof EXIT_CODES;
export type ExitCode = (typeof EXIT_CODES)[ExitCodeName];

/** One line per exit code, for `--help` and the user guide. */
export const EXIT_CODE_DESCRIPTIONS: Record<ExitCodeName, string> = {
  ok: 'Every step passed or only warned.',
  internal: 'The tool itself failed unexpectedly (a bug: please report it with the transcript).',
  usage: 'Bad command line or input; nothing was sent.',
  mx: 'The MX lookup failed: the domain does not exist, has no usable mail server, or DNS did not answer.',
  ptr: 'The reverse DNS (PTR) check failed.',
  connect: 'Could not open a connection to the mail server (refused, timed out, unreachable, or wrong TLS mode).',
  banner: 'The server did not greet us with 220 (no greeting, or it refused the connection).',
  ehlo: 'The server rejected EHLO and HELO.',
  starttls: 'TLS failed: STARTTLS missing or refused, handshake failed, or the certificate is not trusted.',
  auth: 'Authentication failed or could not be attempted.',
  mail: 'The server rejected the sender (MAIL FROM).',
  rcpt: 'The server rejected a recipient (RCPT TO).',
  data: 'The server rejected the message (at DATA, after the final dot, or at BDAT LAST in fast mode).',
  quit: 'The session did not end cleanly (the server closed it or QUIT failed).',
};
