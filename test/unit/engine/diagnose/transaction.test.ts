import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../electron/engine/diagnose/index.ts';
import { classifyRcptReply, isAuthRequired, isTooLarge } from '../../../../electron/engine/diagnose/transaction.ts';
import { command, okRun, reply } from '../../../fixtures/evidence/builders.ts';

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

describe('the envelope addresses in findings', () => {
  // The command line is only what the transcript shows; the record's address is what was sent.
  it('come from the records, not from the command lines', () => {
    const ev = okRun();
    const smtp = ev.smtp!;
    smtp.mail = command('mail', 'MAIL FROM:<shown@elsewhere.example>', '553 5.1.8 Sender rejected', { address: 'alice@example.net' });
    let findings = diagnose(ev).findings;
    expect(findings.find((f) => f.code === 'mail.rejected')?.message).toContain('<alice@example.net>');
    expect(findings.map((f) => f.message).join('\n')).not.toContain('shown@elsewhere.example');

    const ev2 = okRun();
    const rcpt = (address: string, line: string) => command('rcpt', 'RCPT TO:<shown@elsewhere.example>', line, { address });
    ev2.smtp!.rcpt = [rcpt('bob@example.net', '250 2.1.5 Ok'), rcpt('carol@example.net', '550 5.7.1 Access denied')];
    ev2.request.to = ['bob@example.net', 'carol@example.net'];
    const result = diagnose(ev2);
    findings = result.findings;
    expect(findings.find((f) => f.code === 'rcpt.rejected')?.message).toContain('<carol@example.net>');
    const rows = result.steps.find((st) => st.id === 'rcpt')?.details?.rows as Array<{ recipient: string; accepted: boolean }>;
    expect(rows.map((r) => [r.recipient, r.accepted])).toEqual([
      ['bob@example.net', true],
      ['carol@example.net', false],
    ]);
  });
});
