/**
 * What a runner call takes, and its validation: bad input of any kind gives clear errors and
 * NOTHING is sent.
 */
import type { AuthWithheld } from '../../../shared/check-request.ts';
import { dsnNotifyProblem, type DsnNotify } from '../../../shared/dsn.ts';
import { PEM_CERTIFICATE_BEGIN, hasPemCertificate } from '../../../shared/pem.ts';
import { tlsPinProblem } from '../../../shared/tls-pin.ts';
import { sourceAddressProblem, sourceFamilyProblem } from '../../../shared/input-rules.ts';
import type { EngineError, Phase, SmtpEvidence } from '../../../shared/evidence.ts';
import { AUTH_MECHANISMS, SECURITY_MODES, STOP_STAGES, type AuthMechanism, type StepId, type StopStage } from '../../../shared/steps.ts';
import type { Timeline } from '../timeline.ts';
import type { TranscriptSink } from '../transcript.ts';
import { checkEhloName, checkHostname, checkMailbox } from './address.ts';
import type { ConnectionSpec } from './connection-spec.ts';
import type { EarlyDial } from './early-dial.ts';
import { checkTimeouts } from './timeouts.ts';

export type SmtpRunMessage = { subject?: string; text?: string; headers?: Array<[string, string]> } | { raw: Buffer };

export interface SmtpRunOptions {
  /** Where and how to connect (connection-spec.ts), derived once from the request and the DNS outcome. */
  connection: ConnectionSpec;
  /** `withheld`: no password was given (it was saved for another target); AUTH is refused with that reason. */
  auth?: { user: string; password: string; mechanism?: AuthMechanism; withheld?: AuthWithheld };
  from?: string;
  to?: string[];
  dsnNotify?: DsnNotify[];
  message?: SmtpRunMessage;
  stopAfter?: StopStage;
  /**
   * Fast mode: the envelope (MAIL, every RCPT, DATA) as one RFC 2920 group when the server offers
   * PIPELINING, QUIT behind the final dot. Only for an uninterrupted run: ignored with stopAfter,
   * and the caller leaves it off when a gate may stop between steps.
   */
  fast?: boolean;
  signal?: AbortSignal;
  transcript: TranscriptSink;
  onStep?: (step: StepId, phase: 'start' | 'end') => void;
  /**
   * Awaited before each step starts (Run step / Run to here in the app): the runner waits here
   * between commands, so no deadline runs while the gate is closed.
   */
  beforeStep?: (step: StepId) => Promise<void>;
  /** Where connect, the TLS handshakes, the banner and the message's composition are timed (the commands carry their own times). */
  timeline?: Timeline;
  /** Called once the session starts: a look at the evidence so far, for a paused run to show its steps' results. */
  onEvidence?: (soFar: () => SmtpEvidence) => void;
  /** A TCP connection the caller dialled before the run was ready (early-dial.ts); the connect takes it when it is to this server. */
  early?: EarlyDial;
}

/** RFC 5321 §4.5.3.1.8 requires servers to take 100 recipients; more per test is refused (reliability C.38). */
export const MAX_RECIPIENTS = 100;
/** Reliability C.38: body ≤ 25 MB. */
export const MAX_MESSAGE_OCTETS = 25 * 1024 * 1024;

function hasLineBreakOrNul(value: string): boolean {
  return /[\r\n\0]/.test(value);
}

type Bad = (phase: Phase, message: string) => void;

/** The connection's problems: connectionSpec builds it from a checked request, but a direct caller may pass anything. */
function checkConnection(c: ConnectionSpec, bad: Bad): void {
  if (typeof c.dial !== 'string') bad('connect', 'host: a host name or IP address is required');
  else {
    const host = checkHostname(c.dial);
    if (!host.ok) bad('connect', `host: ${host.reason}`);
  }
  if (!Number.isInteger(c.port) || c.port < 1 || c.port > 65535) bad('connect', `port: must be a whole number from 1 to 65535, got ${String(c.port)}`);
  if (!SECURITY_MODES.includes(c.security)) bad('connect', `security: must be one of ${SECURITY_MODES.join(', ')}`);
  if (c.family !== 0 && c.family !== 4 && c.family !== 6) bad('connect', 'family: must be 0 (any), 4 or 6');
  if (c.source !== undefined) {
    const problem = typeof c.source === 'string' ? (sourceAddressProblem(c.source) ?? sourceFamilyProblem(c.source, { server: c.dial, family: c.family })) : 'must be text';
    if (problem !== undefined) bad('connect', `source: ${problem}`);
  }
  if (c.tls?.servername !== undefined) {
    const name = checkHostname(c.tls.servername);
    if (!name.ok) bad('tls-handshake', `servername: ${name.reason}`);
  }
  if (c.tls?.ca !== undefined) {
    if (!Array.isArray(c.tls.ca) || c.tls.ca.some((pem) => typeof pem !== 'string' || !hasPemCertificate(pem))) {
      bad('tls-handshake', `ca: every extra CA must be a PEM certificate (${PEM_CERTIFICATE_BEGIN})`);
    }
  }
  if (c.tls?.pin !== undefined) {
    const problem = typeof c.tls.pin === 'string' ? tlsPinProblem(c.tls.pin) : 'must be text';
    if (problem !== undefined) bad('tls-handshake', `tlsPin: ${problem}`);
  }
  const ehlo = typeof c.ehloName === 'string' ? checkEhloName(c.ehloName) : { ok: false as const, reason: 'required' };
  if (!ehlo.ok) bad('ehlo', `EHLO name: ${ehlo.reason}`);
  for (const problem of checkTimeouts(c.timeouts ?? {})) bad('command', problem);
}

export function validateSmtpRunOptions(o: SmtpRunOptions): EngineError[] {
  const errors: EngineError[] = [];
  const bad: Bad = (phase, message) => errors.push({ code: 'EINVALID', phase, message });
  checkConnection(o.connection, bad);

  if (o.auth !== undefined) {
    const { user, password, mechanism } = o.auth;
    if (typeof user !== 'string' || user === '') bad('auth', 'auth user: required when credentials are given');
    else if (hasLineBreakOrNul(user)) bad('auth', 'auth user: must not contain CR, LF or NUL');
    if (typeof password !== 'string' || (password === '' && o.auth.withheld === undefined)) bad('auth', 'auth password: required when credentials are given');
    else if (hasLineBreakOrNul(password)) bad('auth', 'auth password: must not contain CR, LF or NUL');
    if (mechanism !== undefined && !AUTH_MECHANISMS.includes(mechanism)) bad('auth', `auth mechanism: must be one of ${AUTH_MECHANISMS.join(', ')}`);
  }

  const to = o.to ?? [];
  if (o.from !== undefined && to.length === 0) bad('rcpt', 'to: a sender was given but no recipient');
  if (to.length > 0 && o.from === undefined) bad('mail', 'from: recipients were given but no sender');
  if (o.from !== undefined) {
    const from = typeof o.from === 'string' ? checkMailbox(o.from, 'from') : { ok: false as const, reason: 'must be text' };
    if (!from.ok) bad('mail', `from ${JSON.stringify(o.from)}: ${from.reason}`);
  }
  if (to.length > MAX_RECIPIENTS) bad('rcpt', `to: at most ${MAX_RECIPIENTS} recipients per test (got ${to.length})`);
  for (const address of to.slice(0, MAX_RECIPIENTS + 1)) {
    const check = typeof address === 'string' ? checkMailbox(address, 'to') : { ok: false as const, reason: 'must be text' };
    if (!check.ok) bad('rcpt', `to ${JSON.stringify(address)}: ${check.reason}`);
  }
  const dsnProblem = o.dsnNotify !== undefined ? dsnNotifyProblem(o.dsnNotify) : undefined;
  if (dsnProblem !== undefined) bad('rcpt', `dsnNotify: ${dsnProblem}`);

  const m = o.message;
  if (m !== undefined) {
    if ('raw' in m) {
      if (!Buffer.isBuffer(m.raw)) bad('data', 'message.raw: must be bytes');
      else if (m.raw.length > MAX_MESSAGE_OCTETS) bad('data', `message: larger than ${MAX_MESSAGE_OCTETS} octets`);
    } else {
      if (m.subject !== undefined && hasLineBreakOrNul(m.subject)) bad('data', 'subject: must be a single line');
      if (m.text !== undefined && Buffer.byteLength(m.text) > MAX_MESSAGE_OCTETS) bad('data', `message text: larger than ${MAX_MESSAGE_OCTETS} octets`);
      for (const [name, value] of m.headers ?? []) {
        // RFC 5322 §2.2: a field name is printable US-ASCII except ":".
        if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) bad('data', `header name ${JSON.stringify(name)}: letters, digits and punctuation without ":" or spaces`);
        if (hasLineBreakOrNul(value)) bad('data', `header ${name}: the value must be a single line`);
      }
    }
  }
  if (o.stopAfter !== undefined && !STOP_STAGES.includes(o.stopAfter)) bad('command', `stopAfter: must be one of ${STOP_STAGES.join(', ')}`);
  if (!o.transcript || typeof o.transcript.add !== 'function') bad('command', 'transcript: a TranscriptSink is required');
  return errors;
}
