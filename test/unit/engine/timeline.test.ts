import { describe, expect, it } from 'vitest';
import type { SmtpEvidence } from '../../../shared/evidence.ts';
import { commandSpans, createTimeline, runTiming } from '../../../electron/engine/timeline.ts';
import { command, engineError } from '../../fixtures/evidence/builders.ts';

function session(commands: SmtpEvidence['commands'], extra: Partial<SmtpEvidence> = {}): SmtpEvidence {
  return { target: { host: 'mx.example.net', port: 25, security: 'starttls' }, commands, violations: [], elapsedMs: 0, ...extra };
}

describe('createTimeline', () => {
  it('keeps the span of each piece of work on the given clock, failed when it throws or its value says so', async () => {
    let now = 5;
    const timeline = createTimeline(() => now);
    await timeline.time('dns', 'MX lookup of example.com', async () => {
      now = 17.25;
      return { outcome: 'ok' };
    });
    await timeline.time('banner', 'Banner (greeting)', async () => ((now = 20), { code: 554 }), (r) => r.code !== 220);
    await expect(
      timeline.time('connect', 'TCP connect', async () => {
        now = 30;
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(timeline.spans).toEqual([
      { stage: 'dns', label: 'MX lookup of example.com', startMs: 5, durationMs: 12.3 },
      { stage: 'banner', label: 'Banner (greeting)', startMs: 17.25, durationMs: 2.8, failed: true },
      { stage: 'connect', label: 'TCP connect', startMs: 20, durationMs: 10, failed: true },
    ]);
  });
});

describe('Timeline.pause', () => {
  it('keeps a pause span only when the gate says it held the run', async () => {
    let now = 10;
    const timeline = createTimeline(() => now);
    expect(await timeline.pause('Paused before EHLO: waiting for you', async () => false)).toBe(false);
    expect(await timeline.pause('Paused before MAIL FROM: waiting for you', async () => ((now = 4010), true))).toBe(true);
    expect(timeline.spans).toEqual([{ stage: 'pause', label: 'Paused before MAIL FROM: waiting for you', startMs: 10, durationMs: 4000 }]);
  });
});

describe('commandSpans', () => {
  it('gives each command its span, names EHLO after TLS, and the message by its size', () => {
    const spans = commandSpans(
      session(
        [
          command('ehlo', 'EHLO client.example', '250 mx', { startedAt: 10, elapsedMs: 2 }),
          command('starttls', 'STARTTLS', '220 go ahead', { startedAt: 13, elapsedMs: 1 }),
          command('ehlo', 'EHLO client.example', '250 mx', { startedAt: 40, elapsedMs: 2 }),
          command('mail', 'MAIL FROM:<me@example.com> SIZE=523', '250 ok', { startedAt: 43, elapsedMs: 1, address: 'me@example.com' }),
          command('rcpt', 'RCPT TO:<you@example.net>', '550 5.7.1 Relaying denied', { startedAt: 45, elapsedMs: 1, address: 'you@example.net' }),
          command('data', 'DATA', '354 go', { startedAt: 47, elapsedMs: 1 }),
          command('data', '.', '250 queued', { startedAt: 49, elapsedMs: 6 }),
          command('quit', 'QUIT', '221 bye', { startedAt: 56, elapsedMs: 1 }),
        ],
        { data: { sizeOctets: 1234 } },
      ),
    );
    expect(spans.map((s) => [s.stage, s.label, s.startMs, s.durationMs, s.failed ?? false])).toEqual([
      ['ehlo', 'EHLO', 10, 2, false],
      ['starttls', 'STARTTLS', 13, 1, false],
      ['ehlo', 'EHLO (after TLS)', 40, 2, false],
      ['mail', 'MAIL FROM <me@example.com>', 43, 1, false],
      ['rcpt', 'RCPT TO <you@example.net>', 45, 1, true],
      ['data', 'DATA', 47, 1, false],
      ['message', 'The message and the final dot (1,234 octets)', 49, 6, false],
      ['quit', 'QUIT', 56, 1, false],
    ]);
  });

  it('makes one span of an AUTH exchange, from the AUTH line to its last reply, failed by that reply', () => {
    const auth = (last: string) =>
      commandSpans(
        session([
          command('auth', 'AUTH LOGIN', '334 VXNlcm5hbWU6', { startedAt: 20, elapsedMs: 1 }),
          command('auth', '[redacted]', '334 UGFzc3dvcmQ6', { startedAt: 21.5, elapsedMs: 1 }),
          command('auth', '[redacted]', last, { startedAt: 23, elapsedMs: 4.5 }),
          command('mail', 'MAIL FROM:<me@example.com>', '250 ok', { startedAt: 28, elapsedMs: 1, address: 'me@example.com' }),
        ]),
      );
    expect(auth('235 2.7.0 ok').slice(0, 2)).toEqual([
      { stage: 'auth', label: 'AUTH LOGIN', startMs: 20, durationMs: 7.5 },
      { stage: 'mail', label: 'MAIL FROM <me@example.com>', startMs: 28, durationMs: 1 },
    ]);
    expect(auth('535 5.7.8 no')[0]).toMatchObject({ label: 'AUTH LOGIN', failed: true });
    const plain = commandSpans(session([command('auth', 'AUTH PLAIN [redacted]', '235 2.7.0 ok', { startedAt: 20, elapsedMs: 1 })]));
    expect(plain).toEqual([{ stage: 'auth', label: 'AUTH PLAIN', startMs: 20, durationMs: 1 }]);
  });

  it('keeps the shared start of pipelined commands and marks a command that ended in an error', () => {
    const spans = commandSpans(
      session([
        command('mail', 'MAIL FROM:<me@example.com>', '250 ok', { startedAt: 30, elapsedMs: 1, address: 'me@example.com' }),
        command('rcpt', 'RCPT TO:<you@example.net>', '250 ok', { startedAt: 30, elapsedMs: 2, address: 'you@example.net' }),
        command('data', 'BDAT 300 LAST', undefined, { startedAt: 30, elapsedMs: 9, error: engineError('ETIMEDOUT', 'data-end', 'no reply') }),
      ], { data: { sizeOctets: 300, chunked: true } }),
    );
    expect(spans.map((s) => [s.label, s.startMs, s.durationMs, s.failed ?? false])).toEqual([
      ['MAIL FROM <me@example.com>', 30, 1, false],
      ['RCPT TO <you@example.net>', 30, 2, false],
      ['BDAT LAST: the message (300 octets)', 30, 9, true],
    ]);
  });
});

describe('runTiming', () => {
  it('puts the timed phases and the commands in one list in order of start', async () => {
    let now = 0;
    const timeline = createTimeline(() => now);
    await timeline.time('connect', 'TCP connect', async () => void (now = 3));
    await timeline.time('banner', 'Banner (greeting)', async () => void (now = 8));
    now = 20;
    // After the session: the PTR of the address the server saw.
    await timeline.time('dns', 'PTR of 192.0.2.1', async () => void (now = 25));
    const spans = runTiming(timeline, session([command('ehlo', 'EHLO client.example', '250 mx', { startedAt: 8.5, elapsedMs: 1 })]));
    expect(spans.map((s) => s.stage)).toEqual(['connect', 'banner', 'ehlo', 'dns']);
    expect(runTiming(timeline, undefined).map((s) => s.stage)).toEqual(['connect', 'banner', 'dns']);
  });
});
