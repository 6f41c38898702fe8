/**
 * Deadlines. Each one bounds a WHOLE wait (connect, handshake, a complete reply), never
 * idle time: a server dripping one byte per second still hits the command deadline
 * (reliability B.20; nodemailer's idle socket timeout never trips on drip-feeding).
 */
import { timeoutProblem } from '../../../shared/timeout-limits.ts';

export interface SmtpTimeouts {
  /** TCP connect. */
  connect: number;
  /** TLS handshake, implicit TLS or after STARTTLS's 220. */
  tlsHandshake: number;
  /** The 220 greeting after connect. */
  greeting: number;
  /** Each command's complete reply (EHLO, STARTTLS, AUTH steps, MAIL, RCPT, RSET, QUIT, ...). */
  command: number;
  /** The reply to DATA (354 expected). */
  dataStart: number;
  /** The reply after the final dot. */
  dataEnd: number;
}

/**
 * The default "diagnostic" preset: shorter than the RFC minimums so an admin sitting in
 * front of the tool is not kept waiting five minutes. Labelled non-RFC on purpose.
 */
export const DIAGNOSTIC_TIMEOUTS: Readonly<SmtpTimeouts> = Object.freeze({
  connect: 15_000,
  tlsHandshake: 30_000,
  greeting: 30_000,
  command: 30_000,
  dataStart: 120_000,
  dataEnd: 600_000,
});

/**
 * RFC 5321 §4.5.3.2 minimums: initial 220 5 min, MAIL/RCPT 5 min, DATA initiation 2 min,
 * DATA termination 10 min. Connect uses Postfix's smtp_connect_timeout (30 s) and the
 * handshake Postfix's smtp_starttls_timeout (300 s); the RFC names neither.
 */
export const RFC_TIMEOUTS: Readonly<SmtpTimeouts> = Object.freeze({
  connect: 30_000,
  tlsHandshake: 300_000,
  greeting: 300_000,
  command: 300_000,
  dataStart: 120_000,
  dataEnd: 600_000,
});

export const TIMEOUT_PRESETS = { diagnostic: DIAGNOSTIC_TIMEOUTS, rfc: RFC_TIMEOUTS } as const;
export type TimeoutPreset = keyof typeof TIMEOUT_PRESETS;

/** The preset (default "diagnostic") with every given value overriding it. */
export function resolveTimeouts(overrides: Partial<SmtpTimeouts> = {}, preset: TimeoutPreset = 'diagnostic'): SmtpTimeouts {
  const out: SmtpTimeouts = { ...TIMEOUT_PRESETS[preset] };
  for (const key of Object.keys(out) as (keyof SmtpTimeouts)[]) {
    const value = overrides[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Problems with timeout values (unknown, or outside the ranges of shared/timeout-limits.ts). Empty when fine. */
export function checkTimeouts(overrides: Partial<SmtpTimeouts>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const problem = key in DIAGNOSTIC_TIMEOUTS ? timeoutProblem(key, value) : `unknown timeout "${key}"`;
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}
