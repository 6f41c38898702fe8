/** The cap on replies nobody has read yet: lines and bytes, counted in and out. */
import { describe, expect, it } from 'vitest';
import { ReplyParser } from '../../../../electron/engine/smtp/reply-parser.ts';
import { UNREAD_REPLY_LIMITS, UnreadReplies } from '../../../../electron/engine/smtp/unread-replies.ts';

const parse = (text: string) => new ReplyParser().push(Buffer.from(text));

describe('UnreadReplies', () => {
  it('holds one largest reply the parser accepts, twice over', () => {
    const [big] = parse(`${Array.from({ length: 511 }, () => '220-x').join('\r\n')}\r\n220 x\r\n`);
    const queue = new UnreadReplies();
    expect(queue.overflow(big!)).toBeUndefined();
    queue.push(big!);
    expect(queue.overflow(big!)).toBeUndefined();
    queue.push(big!);
    expect(queue.overflow(parse('250 one more\r\n')[0]!)).toBe(`${UNREAD_REPLY_LIMITS.maxLines} lines`);
  });

  it('counts bytes as well as lines, and frees what is read', () => {
    const queue = new UnreadReplies({ maxLines: 100, maxBytes: 40 });
    const [a, b] = parse('250 0123456789\r\n250 0123456789\r\n');
    queue.push(a!);
    queue.push(b!);
    expect(queue.overflow(a!)).toBe('40 bytes');
    expect(queue.shift()).toBe(a);
    expect(queue.overflow(a!)).toBeUndefined();
    expect(queue.takeAll()).toEqual([b]);
    expect(queue.length).toBe(0);
    expect(queue.overflow(a!)).toBeUndefined();
  });
});
