/**
 * One path from a reply to a finding's known wording: at every step where a refused reply makes a
 * finding (greeting, STARTTLS, AUTH, MAIL, RCPT, DATA), a receiver's own wording whose cause has no
 * code of its own still reaches the finding: its cause after the message, its fix as the hint (in
 * both forms), and its page as a link id. Replies from test/fixtures/known-replies/samples.json.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../electron/engine/diagnose/index.ts';
import type { RunEvidence } from '../../../../shared/evidence.ts';
import { parseReplyInput } from '../../../../shared/explain.ts';
import type { Finding, FindingCode } from '../../../../shared/finding-codes.ts';
import { hintFor } from '../../../../shared/findings.ts';
import { matchKnownReply } from '../../../../shared/known-replies/index.ts';
import { command, reply, runWith, stopAt } from '../../../fixtures/evidence/builders.ts';

type Smtp = Parameters<Parameters<typeof runWith>[0]>[0]['smtp'];

const SITES: Array<{ step: string; line: string; entry: string; code: FindingCode; put: (smtp: Smtp, ev: RunEvidence) => void }> = [
  {
    step: 'banner',
    line: '450 4.3.2 Service currently unavailable',
    entry: 'postscreen-unavailable',
    code: 'banner.rejected',
    put: (smtp, ev) => {
      smtp.banner = { reply: reply('450 4.3.2 Service currently unavailable'), elapsedMs: 5 };
      stopAt(ev, 'ehlo');
    },
  },
  {
    step: 'starttls',
    line: '454 4.7.0 TLS not available due to local problem',
    entry: 'postfix-tls-not-available',
    code: 'starttls.failed',
    put: (smtp, ev) => {
      smtp.starttls = { offered: true, attempted: true, reply: reply('454 4.7.0 TLS not available due to local problem'), ok: false, elapsedMs: 5 };
      delete smtp.ehloAfterTls;
      delete smtp.tls;
      stopAt(ev, 'auth');
    },
  },
  {
    step: 'auth',
    line: '535 5.7.8 Error: authentication failed: UGFzc3dvcmQ6',
    entry: 'postfix-sasl-auth-failed',
    code: 'auth.failed',
    put: (smtp, ev) => {
      smtp.auth = { offered: ['PLAIN', 'LOGIN'], mechanism: 'LOGIN', attempted: true, ok: false, reply: reply('535 5.7.8 Error: authentication failed: UGFzc3dvcmQ6'), elapsedMs: 5 };
      stopAt(ev, 'mail');
    },
  },
  {
    step: 'mail',
    line: '450 4.1.8 <app@server.local>: Sender address rejected: Domain not found',
    entry: 'postfix-sender-domain-not-found',
    code: 'mail.rejected',
    put: (smtp, ev) => {
      smtp.mail = command('mail', 'MAIL FROM:<app@server.local>', '450 4.1.8 <app@server.local>: Sender address rejected: Domain not found', { address: 'app@server.local' });
      stopAt(ev, 'rcpt');
    },
  },
  ...[
    ['554 5.7.1 <someone@elsewhere.example>: Relay access denied', 'postfix-relay-denied', 'rcpt.relay-denied'],
    ['550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in local recipient table', 'postfix-user-unknown', 'rcpt.unknown-user'],
    ['550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in virtual mailbox table', 'postfix-user-unknown', 'rcpt.unknown-user'],
  ].map(([line, entry, code]) => ({
    step: 'rcpt',
    line: line!,
    entry: entry!,
    code: code as FindingCode,
    put: (smtp: Smtp, ev: RunEvidence) => {
      smtp.rcpt = [command('rcpt', 'RCPT TO:<nobody@example.net>', line!, { address: 'nobody@example.net' })];
      stopAt(ev, 'data');
    },
  })),
  {
    step: 'data',
    line: '552 5.3.4 Error: message file too big',
    entry: 'postfix-message-too-big',
    code: 'message.too-large',
    put: (smtp) => {
      smtp.data!.end = command('data', '.', '552 5.3.4 Error: message file too big');
      delete smtp.data!.queueId;
    },
  },
];

function findingOf(put: (smtp: Smtp, ev: RunEvidence) => void, code: FindingCode): Finding {
  const { findings } = diagnose(runWith((ev) => put(ev.smtp, ev)));
  const found = findings.find((f) => f.code === code);
  expect(found, findings.map((f) => f.code).join(', ')).toBeDefined();
  return found!;
}

describe('a receiver\'s wording reaches the finding at every step', () => {
  it.each(SITES)('$step: $line', ({ line, entry, code, put }) => {
    const parsed = parseReplyInput(line);
    const m = matchKnownReply({ ...parsed, text: parsed.text! })!;
    expect(m.entry.id).toBe(entry);
    const f = findingOf(put, code);
    expect(f.message).toContain(line);
    expect(f.message).toContain(`— a known Postfix reply: ${m.cause}`);
    expect(f.hint).toBe(m.fix.join(' '));
    // One hint for both hosts: the receiver's fix names no flag of ours (known-replies test).
    expect(f.uiHint).toBeUndefined();
    expect(hintFor(f, 'app')).toBe(f.hint);
    expect(f.link).toEqual({ id: `reply:${entry}`, title: m.entry.link.title });
    expect(f.evidence).toBe(line);
  });

  it('a relay denial names Postfix\'s setting instead of the generic "log in or use the MX"', () => {
    const f = findingOf(SITES.find((s) => s.entry === 'postfix-relay-denied')!.put, 'rcpt.relay-denied');
    expect(f.message).toMatch(/mynetworks/);
    expect(f.hint).toMatch(/reject_unauth_destination/);
    expect(f.hint).not.toMatch(/--auth-user/);
  });

  it('names the table the unknown user is missing from', () => {
    const virtual = SITES.find((s) => s.line.includes('virtual mailbox'))!;
    expect(findingOf(virtual.put, 'rcpt.unknown-user').hint).toMatch(/virtual mailbox table/);
  });

  it('leaves a wording nobody documented with the step\'s own words and no link', () => {
    const f = findingOf((smtp, ev) => {
      smtp.rcpt = [command('rcpt', 'RCPT TO:<nobody@example.net>', '550 5.1.1 nope', { address: 'nobody@example.net' })];
      stopAt(ev, 'data');
    }, 'rcpt.unknown-user');
    expect(f.message).not.toContain('a known');
    expect(f.hint).toMatch(/^Check the spelling of the address/);
    expect(f).not.toHaveProperty('link');
  });

  it('gives a blocklist finding the list\'s lookup page, not the entry\'s', () => {
    const f = findingOf((smtp, ev) => {
      smtp.rcpt = [command('rcpt', 'RCPT TO:<bob@example.org>', '554 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using zen.spamhaus.org', { address: 'bob@example.org' })];
      stopAt(ev, 'data');
    }, 'rcpt.blocklisted');
    expect(f.link?.id).toBe('lookup:spamhaus-zen');
    expect(f.hint).not.toContain('(more:');
  });
});
