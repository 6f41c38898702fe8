import { describe, expect, it } from 'vitest';
import type { SmtpReply } from '../../../../shared/evidence.ts';
import { SESSION_STATES, SMTP_COMMANDS, type SmtpCommand } from '../../../../shared/session.ts';
import { ReplyParser } from '../../../../electron/engine/smtp/reply-parser.ts';
import {
  allowedCommands,
  applyClosed,
  applyConnected,
  applyConnecting,
  applyGreeting,
  applyAuthStarted,
  applyQuitting,
  applyReply,
  applyTransportFailure,
  applyServerClosed,
  commandOfRawLine,
  initialSnapshot,
  rawCommandNeedsEngine,
  type SessionSnapshot,
  unexpectedReply,
} from '../../../../electron/engine/smtp/session-state.ts';

function reply(text: string): SmtpReply {
  const [r] = new ReplyParser().push(Buffer.from(text.replace(/\n/g, '\r\n')));
  if (!r) throw new Error('incomplete');
  return r;
}

const EHLO_FULL = reply('250-mx.test\n250-STARTTLS\n250-AUTH PLAIN LOGIN\n250 SIZE 1000\n');
const EHLO_AFTER_TLS = reply('250-mx.test\n250-STARTTLS\n250 AUTH PLAIN\n');
const EHLO_BARE = reply('250-mx.test\n250 SIZE 1000\n');

/** Walks a session through [command, reply] steps from a fresh banner. */
function walk(steps: Array<[SmtpCommand, string]>, start?: SessionSnapshot): SessionSnapshot {
  let s = start ?? applyGreeting(applyConnected(applyConnecting(initialSnapshot()), { tls: false }), reply('220 mx.test ESMTP\n'));
  for (const [command, text] of steps) s = applyReply(s, command, command === 'EHLO' && text === 'full' ? EHLO_FULL : reply(text));
  return s;
}

describe('shared/session', () => {
  it('declares the states and commands once', () => {
    expect(SESSION_STATES).toContain('ready');
    expect(SMTP_COMMANDS).toEqual(['EHLO', 'HELO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'RSET', 'NOOP', 'VRFY', 'EXPN', 'HELP', 'QUIT', 'RAW']);
  });
});

describe('connection and banner', () => {
  it('goes idle -> connecting -> greeting -> connected', () => {
    const s0 = initialSnapshot();
    expect(s0).toEqual({ state: 'idle', tls: false, authenticated: false, acceptedRecipients: 0 });
    expect(allowedCommands(s0)).toEqual([]);
    const s1 = applyConnecting(s0);
    expect(s1.state).toBe('connecting');
    const s2 = applyConnected(s1, { tls: true });
    expect(s2).toMatchObject({ state: 'greeting', tls: true });
    expect(allowedCommands(s2)).toEqual([]);
    const s3 = applyGreeting(s2, reply('220 hi\n'));
    expect(s3.state).toBe('connected');
    expect(allowedCommands(s3)).toEqual(['EHLO', 'HELO', 'RSET', 'NOOP', 'HELP', 'QUIT', 'RAW']);
  });

  it('after a 554 banner only QUIT (and the raw line) are offered (RFC 5321 §3.1)', () => {
    const s = applyGreeting(applyConnected(applyConnecting(initialSnapshot()), { tls: false }), reply('554 go away\n'));
    expect(s).toMatchObject({ state: 'connected', bannerRejected: true });
    expect(allowedCommands(s)).toEqual(['QUIT', 'RAW']);
  });

  it('a 421 banner closes', () => {
    expect(applyGreeting(applyConnected(initialSnapshot(), { tls: false }), reply('421 busy\n')).state).toBe('closed');
  });

  it('a new connection forgets the old one', () => {
    const old = walk([['EHLO', 'full']]);
    expect(applyConnecting({ ...old, tls: true, authenticated: true })).toEqual({ state: 'connecting', tls: false, authenticated: false, acceptedRecipients: 0 });
    expect(allowedCommands(applyClosed(old))).toEqual([]);
  });
});

describe('allowedCommands', () => {
  it('offers STARTTLS and AUTH only when advertised', () => {
    expect(allowedCommands(walk([['EHLO', 'full']]))).toEqual(['EHLO', 'HELO', 'STARTTLS', 'AUTH', 'MAIL', 'RSET', 'NOOP', 'VRFY', 'EXPN', 'HELP', 'QUIT', 'RAW']);
    const bare = applyReply(walk([]), 'EHLO', EHLO_BARE);
    expect(allowedCommands(bare)).not.toContain('STARTTLS');
    expect(allowedCommands(bare)).not.toContain('AUTH');
  });

  it('never offers STARTTLS once TLS is up, even if the post-TLS EHLO advertises it', () => {
    const s = applyReply(walk([['EHLO', 'full'], ['STARTTLS', '220 go ahead\n']]), 'EHLO', EHLO_AFTER_TLS);
    expect(s.tls).toBe(true);
    expect(allowedCommands(s)).not.toContain('STARTTLS');
    expect(allowedCommands(s)).toContain('AUTH');
  });

  it('no AUTH after a successful AUTH or inside a mail transaction', () => {
    const authed = walk([['EHLO', 'full'], ['AUTH', '235 2.7.0 ok\n']]);
    expect(authed.authenticated).toBe(true);
    expect(allowedCommands(authed)).not.toContain('AUTH');
    const inMail = walk([['EHLO', 'full'], ['MAIL', '250 ok\n']]);
    expect(allowedCommands(inMail)).toEqual(['RCPT', 'RSET', 'NOOP', 'VRFY', 'EXPN', 'HELP', 'QUIT', 'RAW']);
  });

  it('offers DATA only after an accepted RCPT', () => {
    const rejectedOnly = walk([['EHLO', 'full'], ['MAIL', '250 ok\n'], ['RCPT', '550 no such user\n']]);
    expect(rejectedOnly.state).toBe('mail');
    expect(allowedCommands(rejectedOnly)).not.toContain('DATA');
    const accepted = walk([['RCPT', '251 will forward\n']], rejectedOnly);
    expect(accepted).toMatchObject({ state: 'rcpt', acceptedRecipients: 1 });
    expect(allowedCommands(accepted)).toContain('DATA');
  });

  it('never offers BDAT (only fast mode sends it, in its group)', () => {
    expect(allowedCommands(walk([['EHLO', '250-mx.test\n250-CHUNKING\n250 PIPELINING\n'], ['MAIL', '250 ok\n'], ['RCPT', '250 ok\n']]))).not.toContain('BDAT');
  });

  it('offers nothing while the message is being sent', () => {
    expect(allowedCommands(walk([['EHLO', 'full'], ['MAIL', '250 ok\n'], ['RCPT', '250 ok\n'], ['DATA', '354 go\n']]))).toEqual([]);
  });
});

describe('applyReply transitions', () => {
  it.each<[string, Array<[SmtpCommand, string]>, Partial<SessionSnapshot>]>([
    ['EHLO 250 -> ready with capabilities', [['EHLO', 'full']], { state: 'ready', capabilities: { greeting: 'mx.test', keywords: { STARTTLS: [], AUTH: ['PLAIN', 'LOGIN'], SIZE: ['1000'] } } }],
    ['EHLO 502 stays connected (HELO next)', [['EHLO', '502 not implemented\n']], { state: 'connected' }],
    ['HELO 250 -> ready without extensions', [['EHLO', '502 no\n'], ['HELO', '250 mx.test\n']], { state: 'ready', capabilities: { keywords: {}, greeting: 'mx.test' } }],
    ['STARTTLS 454 changes nothing', [['EHLO', 'full'], ['STARTTLS', '454 TLS not available\n']], { state: 'ready', tls: false }],
    ['AUTH 535 stays unauthenticated', [['EHLO', 'full'], ['AUTH', '535 5.7.8 bad\n']], { authenticated: false }],
    ['AUTH 334 waits for the final reply', [['EHLO', 'full'], ['AUTH', '334 VXNlcm5hbWU6\n']], { authenticated: false, state: 'ready' }],
    ['MAIL 550 stays ready', [['EHLO', 'full'], ['MAIL', '550 no\n']], { state: 'ready' }],
    ['two RCPTs counted', [['EHLO', 'full'], ['MAIL', '250 ok\n'], ['RCPT', '250 ok\n'], ['RCPT', '450 later\n'], ['RCPT', '250 ok\n']], { state: 'rcpt', acceptedRecipients: 2 }],
    ['DATA 554 stays in rcpt', [['EHLO', 'full'], ['MAIL', '250 ok\n'], ['RCPT', '250 ok\n'], ['DATA', '554 no valid recipients\n']], { state: 'rcpt' }],
    ['DATA 354 -> data -> 250 -> ready', [['EHLO', 'full'], ['MAIL', '250 ok\n'], ['RCPT', '250 ok\n'], ['DATA', '354 go\n'], ['DATA', '250 queued as ABC\n']], { state: 'ready', acceptedRecipients: 0 }],
    ['a 5xx after the dot also ends the transaction', [['EHLO', 'full'], ['MAIL', '250 ok\n'], ['RCPT', '250 ok\n'], ['DATA', '354 go\n'], ['DATA', '552 too big\n']], { state: 'ready' }],
    ['BDAT LAST 250 ends the transaction (RFC 3030)', [['EHLO', 'full'], ['MAIL', '250 ok\n'], ['RCPT', '250 ok\n'], ['BDAT', '250 queued as ABC\n']], { state: 'ready', acceptedRecipients: 0 }],
    ['BDAT LAST 554 ends it too', [['EHLO', 'full'], ['MAIL', '250 ok\n'], ['RCPT', '550 no\n'], ['BDAT', '554 5.5.1 no valid recipients\n']], { state: 'ready', acceptedRecipients: 0 }],
    ['RSET -> ready', [['EHLO', 'full'], ['MAIL', '250 ok\n'], ['RCPT', '250 ok\n'], ['RSET', '250 ok\n']], { state: 'ready', acceptedRecipients: 0 }],
    ['RSET before EHLO stays connected', [['RSET', '250 ok\n']], { state: 'connected' }],
    ['EHLO inside a transaction resets it', [['EHLO', 'full'], ['MAIL', '250 ok\n'], ['EHLO', 'full']], { state: 'ready', acceptedRecipients: 0 }],
    ['NOOP, VRFY, EXPN, HELP change nothing', [['EHLO', 'full'], ['MAIL', '250 ok\n'], ['NOOP', '250 ok\n'], ['VRFY', '252 maybe\n'], ['EXPN', '502 no\n'], ['HELP', '214 help\n']], { state: 'mail' }],
    ['421 to any command closes (RFC 5321 §3.8)', [['EHLO', 'full'], ['MAIL', '421 4.3.2 shutting down\n']], { state: 'closed' }],
    ['QUIT closes', [['QUIT', '221 bye\n']], { state: 'closed' }],
  ])('%s', (_name, steps, expected) => {
    expect(walk(steps)).toMatchObject(expected);
  });

  it('STARTTLS 220 -> connected with TLS, forgetting capabilities and authentication (RFC 3207 §4.2)', () => {
    const s = walk([['EHLO', 'full'], ['STARTTLS', '220 2.0.0 ready\n']]);
    expect(s).toEqual({ state: 'connected', tls: true, authenticated: false, acceptedRecipients: 0 });
    const after = applyReply(s, 'EHLO', EHLO_AFTER_TLS);
    expect(after.capabilities?.keywords).toEqual({ STARTTLS: [], AUTH: ['PLAIN'] });
  });

  it('returns new snapshots and never mutates the old one', () => {
    const s = walk([['EHLO', 'full']]);
    const copy = structuredClone(s);
    applyReply(s, 'MAIL', reply('250 ok\n'));
    expect(s).toEqual(copy);
  });
});

describe('what else the snapshot knows: the AUTH attempt, the closing 421, who closed', () => {
  it('a 421 to any command or as the banner keeps the reply as `closing` (RFC 5321 §3.8)', () => {
    const r421 = reply('421 4.3.2 shutting down\n');
    expect(applyReply(walk([['EHLO', 'full']]), 'MAIL', r421)).toMatchObject({ state: 'closed', closing: r421 });
    expect(applyReply(walk([['EHLO', 'full']]), 'RAW', r421, 'XFOO')).toMatchObject({ state: 'closed', closing: r421 });
    expect(applyGreeting(applyConnected(initialSnapshot(), { tls: false }), r421)).toMatchObject({ state: 'closed', closing: r421 });
    expect(walk([['QUIT', '221 bye\n']]).closing).toBeUndefined();
    expect(applyClosed(walk([])).closing).toBeUndefined();
  });

  it('records who closed: the 421 and its phase, or the first connection close', () => {
    const r421 = reply('421 4.7.0 closing\n');
    const by421 = applyServerClosed(walk([['EHLO', 'full']]), 'rcpt', r421);
    expect(by421).toMatchObject({ state: 'closed', closing: r421, closedByServer: { phase: 'rcpt', afterReply: r421 } });
    // The FIN that follows a 421 does not hide it.
    expect(applyServerClosed(by421, 'quit').closedByServer).toEqual({ phase: 'rcpt', afterReply: r421 });
    const fin = applyServerClosed(walk([['EHLO', 'full']]), 'data-end');
    expect(fin).toMatchObject({ state: 'closed', closedByServer: { phase: 'data-end' } });
    expect(fin.closing).toBeUndefined();
    expect(applyServerClosed(fin, 'quit').closedByServer).toEqual({ phase: 'data-end' });
  });

  it('one AUTH attempt per session: once started, AUTH is no longer offered, whatever the answer', () => {
    const ready = walk([['EHLO', 'full']]);
    expect(ready.authTried).toBeUndefined();
    const tried = applyAuthStarted(ready);
    expect(tried.authTried).toBe(true);
    expect(allowedCommands(tried)).not.toContain('AUTH');
    const failed = applyReply(tried, 'AUTH', reply('535 5.7.8 bad\n'));
    expect(failed).toMatchObject({ authenticated: false, authTried: true, state: 'ready' });
    expect(allowedCommands(failed)).not.toContain('AUTH');
    expect(allowedCommands(failed)).toContain('MAIL');
  });

  it("STARTTLS's 220 forgets what the server said but not our AUTH attempt (RFC 3207 §4.2)", () => {
    const tried = applyAuthStarted(walk([['EHLO', 'full']]));
    const upgraded = applyReply(tried, 'STARTTLS', reply('220 go ahead\n'));
    expect(upgraded).toEqual({ state: 'connected', tls: true, authenticated: false, acceptedRecipients: 0, authTried: true });
    expect(allowedCommands(applyReply(upgraded, 'EHLO', EHLO_AFTER_TLS))).not.toContain('AUTH');
  });

  it('a new connection starts with no AUTH attempt and no closing reply', () => {
    const closed = applyServerClosed(applyAuthStarted(walk([['EHLO', 'full']])), 'auth', reply('421 bye\n'));
    expect(applyConnecting(closed)).toStrictEqual({ state: 'connecting', tls: false, authenticated: false, acceptedRecipients: 0 });
  });

  it('a connection failure between commands closes the session and keeps the first cause', () => {
    const ready = walk([['EHLO', 'full']]);
    const failed = applyTransportFailure(ready, { code: 'ETIMEDOUT', phase: 'mail', message: 'no reply' });
    expect(failed).toMatchObject({ state: 'closed', failure: { code: 'ETIMEDOUT' } });
    expect(allowedCommands(failed)).toEqual([]);
    const again = applyTransportFailure(failed, { code: 'ECLOSED', phase: 'mail', message: 'closed by the client' });
    expect(again.failure?.code).toBe('ETIMEDOUT');
  });

  it('QUIT sent is remembered, so the close after it is the expected end; a new connection forgets both', () => {
    const quitting = applyQuitting(walk([['EHLO', 'full']]));
    expect(quitting.quitting).toBe(true);
    const closed = applyTransportFailure(quitting, { code: 'ECLOSED', phase: 'quit', message: 'the connection was closed after QUIT' });
    expect(applyConnecting(closed)).toStrictEqual({ state: 'connecting', tls: false, authenticated: false, acceptedRecipients: 0 });
  });
});

describe('raw lines', () => {
  it.each<[string, SmtpCommand | undefined]>([
    ['mail from:<a@b.test>', 'MAIL'],
    ['RCPT TO:<a@b.test>', 'RCPT'],
    ['noop', 'NOOP'],
    ['XCLIENT ADDR=1.2.3.4', undefined],
    ['RAW x', undefined],
    ['', undefined],
  ])('commandOfRawLine(%j) = %j', (line, expected) => {
    expect(commandOfRawLine(line)).toBe(expected);
  });

  it('follows raw MAIL/RCPT/RSET replies but not raw STARTTLS/AUTH/DATA/BDAT', () => {
    const ready = walk([['EHLO', 'full']]);
    const inMail = applyReply(ready, 'RAW', reply('250 ok\n'), 'MAIL FROM:<a@b.test>');
    expect(inMail.state).toBe('mail');
    expect(applyReply(ready, 'RAW', reply('220 go\n'), 'STARTTLS')).toBe(ready);
    expect(applyReply(ready, 'RAW', reply('250 ok\n'))).toBe(ready);
    expect(applyReply(ready, 'RAW', reply('421 bye\n'), 'XFOO').state).toBe('closed');
    expect(['STARTTLS', 'auth plain', 'DATA', 'BDAT 100 LAST', 'MAIL FROM:<a@b>'].map(rawCommandNeedsEngine)).toEqual(['STARTTLS', 'AUTH', 'DATA', 'DATA', undefined]);
  });

  // A server that skips leading white space and splits on any of it acts on these (reliability B.32 audit).
  it.each<[string, SmtpCommand]>([
    [' AUTH PLAIN AGEAYg==', 'AUTH'],
    ['AUTH\tPLAIN AGEAYg==', 'AUTH'],
    ['\tauth login', 'AUTH'],
    ['AuTh', 'AUTH'],
    [' STARTTLS', 'STARTTLS'],
    ['STARTTLS\t', 'STARTTLS'],
    ['starttls ', 'STARTTLS'],
    [' DATA', 'DATA'],
    ['data\t', 'DATA'],
    ['BDAT\t100 LAST', 'DATA'],
    [' bdat 0 LAST', 'DATA'],
  ])('rawCommandNeedsEngine(%j) = %j, and its reply is not followed', (line, expected) => {
    expect(rawCommandNeedsEngine(line)).toBe(expected);
    const ready = walk([['EHLO', 'full']]);
    expect(applyReply(ready, 'RAW', reply(expected === 'STARTTLS' ? '220 go\n' : '235 ok\n'), line)).toBe(ready);
  });

  it('reads the verb after leading white space and up to any white space', () => {
    expect([' mail from:<a@b.test>', 'RCPT\tTO:<a@b.test>', '\tNOOP', 'STARTTLSX', 'AUTHENTICATE'].map(commandOfRawLine)).toEqual(['MAIL', 'RCPT', 'NOOP', undefined, undefined]);
    expect(['STARTTLSX', 'AUTHX PLAIN', 'DATAX', 'BDATX'].map(rawCommandNeedsEngine)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('unexpectedReply (RFC 5321 §4.3.2, reliability B.22)', () => {
  const ready = walk([['EHLO', 'full']]);
  const inRcpt = walk([['EHLO', 'full'], ['MAIL', '250 ok\n'], ['RCPT', '250 ok\n']]);
  const inData = walk([['DATA', '354 go\n']], inRcpt);

  it.each<[string, SessionSnapshot, SmtpCommand, string, boolean]>([
    ['3yz to RCPT', inRcpt, 'RCPT', '354 what\n', true],
    ['3yz to MAIL', ready, 'MAIL', '334 huh\n', true],
    ['3yz to EHLO', ready, 'EHLO', '354 x\n', true],
    ['250 to DATA initiation', inRcpt, 'DATA', '250 ok\n', true],
    ['354 after the final dot', inData, 'DATA', '354 again\n', true],
    ['354 to DATA', inRcpt, 'DATA', '354 go\n', false],
    ['250 after the final dot', inData, 'DATA', '250 queued\n', false],
    ['334 to AUTH', ready, 'AUTH', '334 VXNlcm5hbWU6\n', false],
    ['550 to RCPT', inRcpt, 'RCPT', '550 no\n', false],
    ['451 to DATA', inRcpt, 'DATA', '451 later\n', false],
    ['250 to RCPT', inRcpt, 'RCPT', '250 ok\n', false],
    ['anything to a raw line', ready, 'RAW', '354 x\n', false],
  ])('%s', (_name, s, command, text, unexpected) => {
    expect(unexpectedReply(s, command, reply(text)) !== undefined).toBe(unexpected);
  });
});
