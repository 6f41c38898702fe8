/**
 * Building the command lines we send. Every value is validated here, before a byte reaches the
 * wire: nothing with CR, LF or NUL can ever be sent (RFC 5321 §2.3.8; nodemailer's regression
 * tests "should sanitize CRLF in envelope size" and "injected SMTP commands via name option").
 * Lines are returned without their CRLF; the transport appends exactly one.
 */
import { dsnNotifyProblem, type DsnNotify } from '../../../shared/dsn.ts';
import { quoted } from '../../../shared/visible-text.ts';
import { checkEhloName, checkMailbox, conversionNote } from './address.ts';

export class EngineInputError extends Error {
  readonly code = 'EINVALID' as const;
  /** Which input was wrong ("from", "to", "ehlo", "subject", "header", "raw", ...). */
  readonly field: string;
  constructor(message: string, field: string) {
    super(message);
    this.name = 'EngineInputError';
    this.field = field;
  }
}

/** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including the CRLF. */
export const MAX_COMMAND_OCTETS = 512;

/** Refuses CR, LF and NUL: the characters that would end our line early or confuse the peer. */
export function assertSingleLine(value: string, field: string): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x0d || c === 0x0a) throw new EngineInputError(`${field} must be a single line (it contains a line break)`, field);
    if (c === 0x00) throw new EngineInputError(`${field} must not contain a NUL character`, field);
  }
}

export interface MailFromParams {
  /** RFC 1870: the message size in octets, when the server advertised SIZE. */
  size?: number;
  /** RFC 6152: BODY=8BITMIME, when advertised and the message has 8-bit content. */
  body8bitmime?: boolean;
  /** RFC 6531: SMTPUTF8, required for a non-ASCII local part (only when advertised). */
  smtputf8?: boolean;
  /** RFC 3461 §4.3: DSN return of full message or headers. */
  ret?: 'FULL' | 'HDRS';
  /** RFC 3461 §4.4: envelope identifier, sent as xtext. */
  envid?: string;
}

export interface RcptToParams {
  /** RFC 3461 §4.1: NOTIFY=NEVER or any of SUCCESS, FAILURE, DELAY. */
  notify?: DsnNotify[];
  /** The transaction's MAIL FROM carried SMTPUTF8, so a non-ASCII local part may be sent (RFC 6531 §3.4). */
  smtputf8?: boolean;
}

/** The envelope address as it goes between < and >: validated, domain as A-label. */
export function envelopeAddress(address: string, role: 'from' | 'to', smtputf8: boolean | undefined): string {
  const check = checkMailbox(address, role);
  if (!check.ok) throw new EngineInputError(`${role === 'from' ? 'sender' : 'recipient'} address ${quoted(address)}: ${check.reason}`, role);
  // RFC 6531: never downgrade silently; a non-ASCII local part needs SMTPUTF8.
  if (check.needsSmtpUtf8 && !smtputf8) {
    throw new EngineInputError(`${quoted(address)} has a non-ASCII local part and needs SMTPUTF8, which is not in use`, role);
  }
  return check.address;
}

/** The transcript's note when an envelope address goes out other than typed (an IDN domain as its A-label). */
export function envelopeNote(address: string, role: 'from' | 'to'): string | undefined {
  const check = checkMailbox(address, role);
  return check.ok ? conversionNote(role === 'from' ? 'the sender' : 'the recipient', address, check.address) : undefined;
}

/** The same for the EHLO/HELO name. */
export function ehloNote(name: string): string | undefined {
  const check = checkEhloName(name);
  return check.ok ? conversionNote('the EHLO name', name, check.value) : undefined;
}

/** RFC 3461 §4: xtext, "+" and "=" and anything outside "!".."~" as "+HH". */
export function encodeXtext(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    out += byte < 0x21 || byte > 0x7e || byte === 0x2b || byte === 0x3d ? `+${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte);
  }
  return out;
}

/** "MAIL FROM:<a@b> SIZE=123 BODY=8BITMIME" (RFC 5321 §4.1.1.2). */
export function buildMailFrom(address: string, params: MailFromParams = {}): string {
  const parts = [`MAIL FROM:<${envelopeAddress(address, 'from', params.smtputf8)}>`];
  if (params.size !== undefined) {
    if (!Number.isSafeInteger(params.size) || params.size < 0) throw new EngineInputError(`SIZE must be a whole number of octets, got ${String(params.size)}`, 'size');
    parts.push(`SIZE=${params.size}`);
  }
  if (params.body8bitmime) parts.push('BODY=8BITMIME');
  if (params.smtputf8) parts.push('SMTPUTF8');
  if (params.ret !== undefined) {
    if (params.ret !== 'FULL' && params.ret !== 'HDRS') throw new EngineInputError('RET must be FULL or HDRS', 'ret');
    parts.push(`RET=${params.ret}`);
  }
  if (params.envid !== undefined) {
    assertSingleLine(params.envid, 'envid');
    // RFC 3461 §4.4: at most 100 characters before encoding.
    if (params.envid.length === 0 || params.envid.length > 100) throw new EngineInputError('ENVID must be 1 to 100 characters', 'envid');
    parts.push(`ENVID=${encodeXtext(params.envid)}`);
  }
  return parts.join(' ');
}

/** "RCPT TO:<a@b> NOTIFY=SUCCESS,FAILURE" (RFC 5321 §4.1.1.3). */
export function buildRcptTo(address: string, params: RcptToParams = {}): string {
  const parts = [`RCPT TO:<${envelopeAddress(address, 'to', params.smtputf8)}>`];
  if (params.notify !== undefined) {
    const notify = [...new Set(params.notify)];
    const problem = notify.length === 0 ? 'NOTIFY needs at least one value' : dsnNotifyProblem(notify);
    if (problem !== undefined) throw new EngineInputError(problem, 'notify');
    parts.push(`NOTIFY=${notify.join(',')}`);
  }
  return parts.join(' ');
}

/** A line typed by the user for manual use: one line, not empty, fits RFC 5321's 512 octets with its CRLF. */
export function checkRawCommand(line: string): string {
  assertSingleLine(line, 'raw');
  if (line.trim() === '') throw new EngineInputError('the command is empty', 'raw');
  const octets = Buffer.byteLength(line, 'utf8') + 2;
  if (octets > MAX_COMMAND_OCTETS) throw new EngineInputError(`the command is ${octets} octets with its CRLF; RFC 5321 §4.5.3.1.4 allows ${MAX_COMMAND_OCTETS}`, 'raw');
  return line;
}

function heloArgument(name: string): string {
  const check = checkEhloName(name);
  if (!check.ok) throw new EngineInputError(`EHLO name ${quoted(name)}: ${check.reason}`, 'ehlo');
  return check.value;
}

/** RFC 5321 §4.1.1.1: EHLO with a FQDN or an address literal. */
export function buildEhlo(name: string): string {
  return `EHLO ${heloArgument(name)}`;
}

export function buildHelo(name: string): string {
  return `HELO ${heloArgument(name)}`;
}

function withArgument(verb: string, arg: string, field: string): string {
  assertSingleLine(arg, field);
  if (arg.trim() === '') throw new EngineInputError(`${verb} needs an argument`, field);
  return checkRawCommand(`${verb} ${arg}`);
}

/** RFC 5321 §3.5.1, §4.1.1.6. */
export function buildVrfy(arg: string): string {
  return withArgument('VRFY', arg, 'vrfy');
}

/** RFC 5321 §3.5.2, §4.1.1.7. */
export function buildExpn(arg: string): string {
  return withArgument('EXPN', arg, 'expn');
}

/** RFC 5321 §4.1.1.8: HELP with an optional topic. */
export function buildHelp(arg?: string): string {
  if (arg === undefined || arg === '') return 'HELP';
  return withArgument('HELP', arg, 'help');
}
