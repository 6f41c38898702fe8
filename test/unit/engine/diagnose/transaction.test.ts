import { describe, expect, it } from 'vitest';
import { classifyRcptReply, isAuthRequired, isTooLarge } from '../../../../electron/engine/diagnose/transaction.ts';
import { reply } from '../../../fixtures/evidence/builders.ts';

describe('classifyRcptReply', () => {
  it.each([
    ['550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown', 'rcpt.unknown-user'],
    ['550 User unknown', 'rcpt.unknown-user'],
    ['550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', 'rcpt.unknown-user'],
    ['550 5.7.1 someone@other.example... Relaying denied', 'rcpt.relay-denied'],
    ['554 5.7.1 <x@gmail.com>: Relay access denied', 'rcpt.relay-denied'],
    ['550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain', 'rcpt.relay-denied'],
    ['450 4.2.0 <bob@example.net>: Recipient address rejected: Greylisted', 'rcpt.greylisted'],
    ['451 4.7.1 Please try again later', 'rcpt.greylisted'],
    ['451 Greylisting in action, please come back later', 'rcpt.greylisted'],
    ['452 4.5.3 Too many recipients', 'rcpt.rejected'],
    ['451 4.3.0 Temporary lookup failure', 'rcpt.rejected'],
    ['550 5.7.1 Client host rejected: blocked using zen.spamhaus.org', 'rcpt.rejected'],
    ['530 5.7.0 Authentication required', 'auth.required'],
    ['550 5.7.1 Authentication required', 'auth.required'],
  ] as const)('%s -> %s', (line, verdict) => {
    expect(classifyRcptReply(reply(line), false)).toBe(verdict);
  });

  it('does not call it "authentication required" once we are logged in', () => {
    expect(classifyRcptReply(reply('550 5.7.1 Authentication required'), true)).toBe('rcpt.rejected');
    expect(isAuthRequired(reply('530 5.7.0 Authentication required'), true)).toBe(false);
  });

  it('never treats a temporary reply as authentication required', () => {
    expect(isAuthRequired(reply('454 4.7.0 Temporary authentication failure'), false)).toBe(false);
  });
});

describe('isTooLarge', () => {
  it.each([
    ['552 5.3.4 Message size exceeds fixed limit', true],
    ['552 Message too big', true],
    ['554 5.3.4 Message too big for system', true],
    ['550 5.2.3 Message length exceeds administrative limit', true],
    ['550 5.7.1 Rejected', false],
  ] as const)('%s -> %s', (line, want) => {
    expect(isTooLarge(reply(line))).toBe(want);
  });
});
