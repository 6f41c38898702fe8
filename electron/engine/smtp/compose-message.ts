/**
 * The test message: a real MIME message built by nodemailer's MailComposer, which does the
 * RFC 2047 encoded-words for non-ASCII headers, quoted-printable bodies and header folding.
 * Everything the user typed is validated first (reliability C.35): header names are RFC 5322
 * ftext, every single-line value refuses CR, LF and NUL, so no header or SMTP command can be
 * injected through a subject or a custom header.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_SUBJECT } from '../../../shared/check-request.ts';
import { headerNameProblem } from '../../../shared/input-rules.ts';
import { checkHostname } from './address.ts';
import { assertSingleLine, EngineInputError } from './command-line.ts';
import { longLines } from './data-encoding.ts';

export interface ComposeOptions {
  from: string;
  to: string[];
  subject?: string;
  text?: string;
  headers?: Array<[string, string]>;
  date?: Date;
  messageId?: string;
  /** Domain for a generated Message-ID (otherwise the From address's domain). */
  messageIdDomain?: string;
}

export { DEFAULT_SUBJECT };
export const DEFAULT_TEXT = [
  'This is a test message sent by SMTP Probe.',
  '',
  'It was sent to check that this mail server accepts and delivers mail.',
  'If you received it, delivery works. No reply is needed.',
  '',
].join('\n');

function checkHeaders(headers: Array<[string, string]>): void {
  for (const [name, value] of headers) {
    const bad = headerNameProblem(name);
    if (bad) throw new EngineInputError(bad, 'header');
    assertSingleLine(value, `header ${name}`);
  }
}

function messageIdFor(options: ComposeOptions): string | undefined {
  if (options.messageId !== undefined) {
    assertSingleLine(options.messageId, 'messageId');
    const id = options.messageId.trim();
    if (id === '' || /\s/.test(id)) throw new EngineInputError('a Message-ID cannot be empty or contain spaces', 'messageId');
    return id.startsWith('<') ? id : `<${id}>`;
  }
  if (options.messageIdDomain !== undefined) {
    const host = checkHostname(options.messageIdDomain);
    if (!host.ok) throw new EngineInputError(`Message-ID domain: ${host.reason}`, 'messageIdDomain');
    return `<${randomUUID()}@${host.ascii}>`;
  }
  return undefined;
}

/** Builds the message (CRLF line endings); rejects bad input with EngineInputError before anything is composed. */
export async function composeMessage(options: ComposeOptions): Promise<Buffer> {
  assertSingleLine(options.from, 'from');
  if (options.from.trim() === '') throw new EngineInputError('the From address is empty', 'from');
  if (options.to.length === 0) throw new EngineInputError('at least one recipient is needed', 'to');
  for (const to of options.to) assertSingleLine(to, 'to');
  const subject = options.subject ?? DEFAULT_SUBJECT;
  assertSingleLine(subject, 'subject');
  const headers = options.headers ?? [];
  checkHeaders(headers);
  if (options.date !== undefined && Number.isNaN(options.date.getTime())) throw new EngineInputError('the Date is not a valid date', 'date');
  const messageId = messageIdFor(options);

  // Loaded when a message is composed: a run that stops before DATA never pays for nodemailer.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const composer = new MailComposer({
    from: options.from,
    to: options.to,
    subject,
    text: options.text ?? DEFAULT_TEXT,
    headers: headers.map(([key, value]) => ({ key, value })),
    date: options.date ?? new Date(),
    ...(messageId === undefined ? {} : { messageId }),
    // RFC 5322 §2.1: CRLF; quoted-printable keeps long or non-ASCII body lines under 76 octets.
    newline: 'win',
    encoding: 'quoted-printable',
  });
  const message = await composer.compile().build();
  // A header value too long to fold (one 2000-character word) would break RFC 5322 §2.1.1.
  const tooLong = longLines(message);
  if (tooLong.length > 0) throw new EngineInputError(`the composed message has lines over 998 octets (line ${tooLong[0]}); shorten the header values`, 'header');
  return message;
}
