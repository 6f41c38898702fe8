/**
 * SMTP reply parser: bytes in, replies out. It never sees a socket (pg-protocol style), so the
 * transports feed it whatever the network delivered and every rule here is unit-testable.
 *
 * Grammar (RFC 5321 §4.2, §4.2.1):
 *   Reply-line = Reply-code [ ( "-" / SP ) textstring ] CRLF
 *   Reply-code = %x32-35 %x30-35 %x30-39
 * Tolerated and flagged: bare LF line endings (nodemailer splits on /\r?\n/ too), lines of one
 * reply carrying different codes (the last line's code wins, like Postfix). Tolerated silently:
 * stray empty lines between replies (nodemailer skips them); they still count as buffered bytes.
 * Everything else is a protocol error, detected as early as possible: a line is checked byte by
 * byte as it arrives, so garbage aborts on its first byte and an endless line at the cap.
 *
 * Linear time: each byte is looked at a bounded number of times; no regular expression ever runs
 * over unbounded server input (the enhanced-code check reads at most the first few bytes of a line).
 */
import type { SmtpReply } from '../../../shared/evidence.ts';

export interface ReplyParserOptions {
  /** One line including its CRLF. RFC 5321 §4.5.3.1.5 says 512, real servers and AUTH challenges (RFC 4954 §4: 12288) exceed it. */
  maxLineBytes?: number;
  /** One reply, all lines and line endings. */
  maxReplyBytes?: number;
  /** Lines in one reply (an EHLO with 10 000 extensions is hostile, not helpful). */
  maxReplyLines?: number;
  /** Bytes held that are not yet part of a returned reply. */
  maxBufferedBytes?: number;
  /** Parse RFC 3463 codes at the start of the text (only after EHLO advertised ENHANCEDSTATUSCODES, RFC 2034). */
  enhancedStatusCodes?: boolean;
}

export const REPLY_PARSER_DEFAULTS = {
  maxLineBytes: 16_384,
  maxReplyBytes: 65_536,
  maxReplyLines: 512,
  maxBufferedBytes: 65_536,
} as const;

/** How much of the offending input an error keeps for the transcript. */
const PARTIAL_BYTES = 4096;

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const DASH = 0x2d;
const NUL = 0x00;

export class SmtpProtocolError extends Error {
  readonly code = 'EPROTO' as const;
  /** First ≤4 KiB of the offending input (decoded, invalid UTF-8 replaced), for the transcript. */
  readonly partial?: string;
  constructor(message: string, partial?: string) {
    super(message);
    this.name = 'SmtpProtocolError';
    if (partial !== undefined && partial !== '') this.partial = partial;
  }
}

interface PendingLine {
  code: number;
  raw: string;
  text: string;
  bareLf: boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Why the byte at `index` of a reply line cannot be there, or undefined when it can. */
function badPrefixByte(index: number, byte: number, line: readonly number[]): string | undefined {
  // A CR is only allowed right before the LF: an empty line ("\r\n") or a code-only line ("250\r\n").
  if (index > 0 && line[index - 1] === CR) return 'malformed reply: carriage return inside a reply line';
  switch (index) {
    case 0:
      return (byte >= 0x32 && byte <= 0x35) || byte === CR ? undefined : 'non-SMTP response: a reply must start with a digit 2-5';
    case 1:
      return byte >= 0x30 && byte <= 0x35 ? undefined : 'non-SMTP response: the second digit of a reply code must be 0-5';
    case 2:
      return byte >= 0x30 && byte <= 0x39 ? undefined : 'non-SMTP response: the third digit of a reply code must be 0-9';
    case 3:
      return byte === SP || byte === DASH || byte === CR ? undefined : 'malformed reply: the code must be followed by a space, "-" or the end of the line';
    default:
      return undefined;
  }
}

export class ReplyParser {
  private readonly maxLineBytes: number;
  private readonly maxReplyBytes: number;
  private readonly maxReplyLines: number;
  private readonly maxBufferedBytes: number;
  private enhanced: boolean;

  /** Bytes of the line being received (without its LF); the first bytes are also mirrored in `head`. */
  private lineChunks: Uint8Array[] = [];
  private lineLength = 0;
  /** First five bytes of the current line, for the incremental grammar check. */
  private head: number[] = [];
  /** Completed lines of the reply being received. */
  private lines: PendingLine[] = [];
  /** Bytes of the completed lines of the current reply, line endings included. */
  private replyBytes = 0;
  /** Bytes of stray empty lines not yet followed by a complete reply. */
  private skippedBytes = 0;
  /** Once broken, a stream stays broken: what follows the bad bytes cannot be trusted. */
  private failure: SmtpProtocolError | undefined;

  constructor(options: ReplyParserOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? REPLY_PARSER_DEFAULTS.maxLineBytes;
    this.maxReplyBytes = options.maxReplyBytes ?? REPLY_PARSER_DEFAULTS.maxReplyBytes;
    this.maxReplyLines = options.maxReplyLines ?? REPLY_PARSER_DEFAULTS.maxReplyLines;
    this.maxBufferedBytes = options.maxBufferedBytes ?? REPLY_PARSER_DEFAULTS.maxBufferedBytes;
    this.enhanced = options.enhancedStatusCodes ?? false;
  }

  /** RFC 2034 / RFC 3463: parse "class.subject.detail" at the start of the text once EHLO advertised ENHANCEDSTATUSCODES. */
  setEnhancedStatusCodes(on: boolean): void {
    this.enhanced = on;
  }

  /** Bytes received that are not yet part of a returned reply (the STARTTLS injection check, RFC 3207 §4.2). */
  get bufferedBytes(): number {
    return this.replyBytes + this.lineLength + this.skippedBytes;
  }

  /** The incomplete reply so far, as text (kept in the transcript when the peer closes mid-reply). */
  pendingText(): string {
    const parts = this.lines.map((l) => l.raw);
    if (this.lineLength > 0) parts.push(decoder.decode(this.joinLine()));
    return parts.join('\n');
  }

  reset(): void {
    this.lineChunks = [];
    this.lineLength = 0;
    this.head = [];
    this.lines = [];
    this.replyBytes = 0;
    this.skippedBytes = 0;
    this.failure = undefined;
  }

  /** Feed bytes; returns every reply completed by them, in order. Throws SmtpProtocolError on malformed input or when a cap is exceeded. */
  push(chunk: Uint8Array): SmtpReply[] {
    if (this.failure) throw this.failure;
    const replies: SmtpReply[] = [];
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf;
      this.take(chunk, start, end, lf === -1);
      if (lf === -1) break;
      const reply = this.endLine();
      if (reply) replies.push(reply);
      start = lf + 1;
    }
    return replies;
  }

  /**
   * Appends chunk[start, end) (no LF inside) to the current line, checking it as it grows.
   * `keep`: the piece outlives this push (no LF yet), so it is copied; the caller may reuse its buffer.
   */
  private take(chunk: Uint8Array, start: number, end: number, keep: boolean): void {
    if (end === start) return;
    // Grammar of the first bytes, checked before anything is kept so garbage fails on its first byte.
    for (let i = start; i < end && this.head.length < 5; i++) {
      const byte = chunk[i] as number;
      const why = badPrefixByte(this.head.length, byte, this.head);
      if (why) this.fail(why, chunk.subarray(start, Math.min(end, start + PARTIAL_BYTES)));
      this.head.push(byte);
    }
    // Searched within the piece only, so a chunk of many short lines stays linear.
    // (Buffer#slice is a view, not a copy, hence the explicit new Uint8Array.)
    const piece = keep ? new Uint8Array(chunk.subarray(start, end)) : chunk.subarray(start, end);
    if (piece.indexOf(NUL) !== -1) this.fail('non-SMTP response: NUL byte in a reply', piece.subarray(0, PARTIAL_BYTES));
    this.lineChunks.push(piece);
    this.lineLength += piece.length;
    // The LF still to come is part of the line: a line of exactly maxLineBytes with its CRLF is fine.
    if (this.lineLength + 1 > this.maxLineBytes) this.fail(`reply line longer than ${this.maxLineBytes} bytes`);
    this.checkTotals(this.lineLength + 1);
  }

  private checkTotals(extra: number): void {
    const reply = this.replyBytes + extra;
    if (reply > this.maxReplyBytes) this.fail(`reply longer than ${this.maxReplyBytes} bytes`);
    if (reply + this.skippedBytes > this.maxBufferedBytes) this.fail(`more than ${this.maxBufferedBytes} bytes buffered without a complete reply`);
  }

  /** An LF arrived: finish the current line; returns the reply it completes, if any. */
  private endLine(): SmtpReply | undefined {
    const bytes = this.joinLine();
    const size = bytes.length + 1;
    this.lineChunks = [];
    this.lineLength = 0;
    this.head = [];
    const bareLf = bytes[bytes.length - 1] !== CR;
    const content = bareLf ? bytes : bytes.subarray(0, bytes.length - 1);
    if (content.length === 0 && this.lines.length === 0) {
      // A stray empty line between replies: skipped, but still "buffered" until a reply completes.
      this.skippedBytes += size;
      this.checkTotals(0);
      return undefined;
    }
    if (content.length < 3) this.fail('malformed reply: a line shorter than the three-digit code', bytes);
    if (content.length > 3 && content[3] !== SP && content[3] !== DASH) this.fail('malformed reply: the code must be followed by a space, "-" or the end of the line', bytes);
    const code = (content[0]! - 0x30) * 100 + (content[1]! - 0x30) * 10 + (content[2]! - 0x30);
    const raw = decoder.decode(content);
    // The first four bytes are ASCII (checked above), so the text starts at character 4.
    const text = raw.slice(4);
    const last = content.length === 3 || content[3] === SP;
    this.lines.push({ code, raw, text, bareLf });
    this.replyBytes += size;
    if (!last && this.lines.length >= this.maxReplyLines) this.fail(`reply longer than ${this.maxReplyLines} lines`);
    if (!last) return undefined;
    return this.finishReply();
  }

  private finishReply(): SmtpReply {
    const lines = this.lines;
    const final = lines[lines.length - 1] as PendingLine;
    const reply: SmtpReply = { code: final.code, lines: lines.map((l) => l.text), raw: lines.map((l) => l.raw) };
    if (lines.some((l) => l.bareLf)) reply.bareLf = true;
    if (lines.some((l) => l.code !== final.code)) reply.codeMismatch = true;
    if (this.enhanced) {
      const enhanced = parseEnhancedCode(lines[0]?.text ?? '');
      if (enhanced) {
        reply.enhanced = enhanced;
        if (enhanced.charCodeAt(0) - 0x30 !== Math.floor(final.code / 100)) reply.enhancedMismatch = true;
      }
    }
    this.lines = [];
    this.replyBytes = 0;
    this.skippedBytes = 0;
    return reply;
  }

  private joinLine(): Uint8Array {
    if (this.lineChunks.length === 1) return this.lineChunks[0] as Uint8Array;
    const out = new Uint8Array(this.lineLength);
    let offset = 0;
    for (const piece of this.lineChunks) {
      out.set(piece, offset);
      offset += piece.length;
    }
    this.lineChunks = this.lineLength > 0 ? [out] : [];
    return out;
  }

  private fail(message: string, offending?: Uint8Array): never {
    const pending = this.pendingText();
    const tail = offending ? decoder.decode(offending.subarray(0, PARTIAL_BYTES)) : '';
    const partial = (pending && tail ? `${pending}\n${tail}` : pending || tail).slice(0, PARTIAL_BYTES);
    this.failure = new SmtpProtocolError(message, partial);
    throw this.failure;
  }
}

const DIGIT = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * RFC 3463 §2: status-code = class "." subject "." detail; class 2, 4 or 5; subject and detail
 * 1-3 digits. Read by hand over at most 11 characters: no regex over server text.
 */
export function parseEnhancedCode(text: string): string | undefined {
  const c = text.charCodeAt(0);
  if (c !== 0x32 && c !== 0x34 && c !== 0x35) return undefined;
  if (text.charCodeAt(1) !== 0x2e) return undefined;
  let i = 2;
  for (let part = 0; part < 2; part++) {
    const from = i;
    while (i < text.length && i - from < 4 && DIGIT(text.charCodeAt(i))) i++;
    const digits = i - from;
    if (digits < 1 || digits > 3) return undefined;
    if (part === 0) {
      if (text.charCodeAt(i) !== 0x2e) return undefined;
      i++;
    }
  }
  // The code must stand alone: "5.7.1 text", "5.7.1" or "5.7.1\ttext", not "5.7.1x".
  if (i < text.length && text[i] !== ' ' && text[i] !== '\t') return undefined;
  return text.slice(0, i);
}
