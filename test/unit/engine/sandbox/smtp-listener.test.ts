import { describe, expect, it } from 'vitest';
import { shapeReply } from '../../../../electron/engine/sandbox/smtp-listener.ts';

describe('shapeReply', () => {
  it('keeps a reply that brings its own enhanced status code', () => {
    expect(shapeReply(554, '5.7.1 Relaying refused: sign in (AUTH) first to send to other domains')).toEqual({ text: '5.7.1 Relaying refused: sign in (AUTH) first to send to other domains', keepOwnCode: true });
    expect(shapeReply(451, '4.7.1 Greylisted, try again later').keepOwnCode).toBe(true);
  });

  it("leaves smtp-server's own replies to its table", () => {
    expect(shapeReply(250, 'Accepted')).toEqual({ text: 'Accepted', keepOwnCode: false });
    expect(shapeReply(250, ['sandbox Nice to meet you', 'PIPELINING']).keepOwnCode).toBe(false);
    expect(shapeReply(500, '5.5 looks like a code but is not').keepOwnCode).toBe(false);
  });

  it('rewrites 538 to the RFC 4954 §6 enhanced code 5.7.11', () => {
    expect(shapeReply(538, 'Error: Must issue a STARTTLS command first')).toEqual({ text: '5.7.11 Encryption required: issue STARTTLS before AUTH', keepOwnCode: true });
  });
});
