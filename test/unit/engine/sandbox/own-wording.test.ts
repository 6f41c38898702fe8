/**
 * The built-in test server speaks in words of its own: no reply it sends is a real MTA's exact
 * wording, so a run against it is never told "a known Postfix reply". Its relay refusal still
 * reads as a relay denial by the finding's own rules (code and the word "relay").
 */
import { describe, expect, it } from 'vitest';
import { classifyRcptReply } from '../../../../electron/engine/diagnose/transaction.ts';
import { SANDBOX_REFUSALS, inboxFullRefusal, oversizedRefusal } from '../../../../electron/engine/sandbox/policy.ts';
import { REPLY_REWRITES } from '../../../../electron/engine/sandbox/smtp-listener.ts';
import { explainReply, parseReplyInput } from '../../../../shared/explain.ts';
import { matchingEntries } from '../../../../shared/known-replies/index.ts';
import { reply } from '../../../fixtures/evidence/builders.ts';

const SENT = [
  ...Object.values(SANDBOX_REFUSALS).map((r) => `${r.code} ${r.text}`),
  `${inboxFullRefusal(1000, '/home/user/.config/smtp-probe/sandbox/inbox').code} ${inboxFullRefusal(1000, '/home/user/.config/smtp-probe/sandbox/inbox').text}`,
  `${oversizedRefusal(10_485_760).code} ${oversizedRefusal(10_485_760).text}`,
  ...Object.entries(REPLY_REWRITES).map(([code, text]) => `${code} ${text}`),
  // smtp-server's own answer above SIZE (rejectOversized), and the sandbox's DATA acceptance.
  '552 5.3.4 Error: message exceeds fixed maximum message size 10485760',
  '250 2.0.0 Ok: queued as 20261203T220500123Z-0a1b2c3d',
];

describe('the built-in server\'s own wording', () => {
  it.each(SENT)('no known reply matches %s', (line) => {
    const parsed = parseReplyInput(line);
    expect(matchingEntries({ ...parsed, text: parsed.text ?? '' })).toEqual([]);
    expect(explainReply(line).knownReply).toBeUndefined();
  });

  it('does not use Postfix\'s "Relay access denied"', () => {
    expect(SANDBOX_REFUSALS.relay.text).not.toMatch(/relay access denied/i);
  });

  it('its relay refusal is a relay denial (not "log in first") for a client that has not logged in', () => {
    const line = `${SANDBOX_REFUSALS.relay.code} ${SANDBOX_REFUSALS.relay.text}`;
    expect(classifyRcptReply(reply(line), false)).toBe('rcpt.relay-denied');
  });
});
