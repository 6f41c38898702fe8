/**
 * Raw lines the manual console refuses: STARTTLS, AUTH, DATA and BDAT in every spelling a lenient
 * server accepts (leading white space, TAB, lower case), since only their own commands apply the
 * TLS rules, the AUTH policy and redaction, and the message encoding. A refused line is shown in
 * the transcript as "not sent", an AUTH line with its secret parts redacted.
 */
import { AUTH_MECHANISMS } from '../../../shared/steps.ts';
import { redactAuthCommand, redactAuthResponse } from './redact.ts';
import { rawCommandNeedsEngine, verbOfRawLine } from './session-state.ts';

const USE_INSTEAD = {
  STARTTLS: 'use the STARTTLS button (it refuses bytes injected before the upgrade and forgets what was learned in clear)',
  AUTH: "use the AUTH helper (it applies the profile's TLS policy and keeps the password out of the transcript)",
  DATA: 'use the DATA editor (it encodes the message and ends it with the final dot)',
} as const;

export interface RawLineRefusal {
  /** The dedicated command: STARTTLS, AUTH or DATA (for DATA and BDAT). */
  needs: keyof typeof USE_INSTEAD;
  message: string;
  /** What the transcript may show of the line. */
  shown: string;
}

/**
 * A raw AUTH line as the transcript may show it. Words are rejoined with one space first, so a
 * TAB or ":" cannot hide the initial response from redactAuthCommand; a second word that is no
 * known mechanism ("AUTH <blob>") is redacted with the rest.
 */
function shownAuthLine(line: string): string {
  const [verb = '', mechanism, ...rest] = line.trim().split(/[\s:]+/);
  if (mechanism === undefined) return verb;
  if (!(AUTH_MECHANISMS as readonly string[]).includes(mechanism.toUpperCase())) return `${verb} ${redactAuthResponse([mechanism, ...rest].join(' '))}`;
  return redactAuthCommand([verb, mechanism, ...rest].join(' '));
}

/** Why `line` cannot be sent raw, or undefined when it can. */
export function refuseRawLine(line: string): RawLineRefusal | undefined {
  const needs = rawCommandNeedsEngine(line);
  if (needs === undefined) return undefined;
  return {
    needs,
    message: `${verbOfRawLine(line)} cannot be sent as a raw line: ${USE_INSTEAD[needs]}`,
    shown: needs === 'AUTH' ? shownAuthLine(line) : line,
  };
}
