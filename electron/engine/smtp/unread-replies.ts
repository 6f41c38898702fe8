/**
 * Replies that arrived while nobody was reading: the banner that comes while the wizard holds the
 * run before the banner step, or lines a server sends on its own. The queue is capped, in lines and
 * bytes, so a server that keeps sending while a run is paused cannot grow memory, the transcript or
 * the saved run without bound; past the cap the connection is closed (EFLOOD, smtp/connection.ts).
 */
import type { SmtpReply } from '../../../shared/evidence.ts';
import { REPLY_PARSER_DEFAULTS } from './reply-parser.ts';

/**
 * Twice the largest single reply the parser accepts: one whole reply waiting to be read (a 512-line
 * banner during a pause) always fits; only a server that keeps talking reaches the cap.
 */
export const UNREAD_REPLY_LIMITS = {
  maxLines: 2 * REPLY_PARSER_DEFAULTS.maxReplyLines,
  maxBytes: 2 * REPLY_PARSER_DEFAULTS.maxReplyBytes,
} as const;

/** Bytes a reply took on the wire (lines plus CRLF). */
function replyBytes(reply: SmtpReply): number {
  return reply.raw.reduce((sum, line) => sum + Buffer.byteLength(line, 'utf8') + 2, 0);
}

export class UnreadReplies {
  private readonly queue: SmtpReply[] = [];
  private lines = 0;
  private bytes = 0;

  constructor(private readonly limits: { maxLines: number; maxBytes: number } = UNREAD_REPLY_LIMITS) {}

  get length(): number {
    return this.queue.length;
  }

  /**
   * Which limit `reply` would pass if queued ("1024 lines", "131072 bytes"), or undefined when it fits.
   * Checked before the reply is queued or shown, so nothing past the cap is kept.
   */
  overflow(reply: SmtpReply): string | undefined {
    if (this.lines + reply.raw.length > this.limits.maxLines) return `${this.limits.maxLines} lines`;
    if (this.bytes + replyBytes(reply) > this.limits.maxBytes) return `${this.limits.maxBytes} bytes`;
    return undefined;
  }

  push(reply: SmtpReply): void {
    this.queue.push(reply);
    this.lines += reply.raw.length;
    this.bytes += replyBytes(reply);
  }

  shift(): SmtpReply | undefined {
    const reply = this.queue.shift();
    if (reply) {
      this.lines -= reply.raw.length;
      this.bytes -= replyBytes(reply);
    }
    return reply;
  }

  /** Every queued reply, oldest first; the queue is empty afterwards. */
  takeAll(): SmtpReply[] {
    this.lines = 0;
    this.bytes = 0;
    return this.queue.splice(0, this.queue.length);
  }
}
