import { describe, expect, it } from 'vitest';
import { NO_SECRETS } from '../../../electron/engine/smtp/secret-scrubber.ts';
import { createTranscript } from '../../../electron/engine/transcript.ts';

describe('createTranscript', () => {
  it('numbers events from 1, times them from the start and streams them', () => {
    let time = 1000;
    const seen: string[] = [];
    const sink = createTranscript({ secrets: NO_SECRETS, clock: () => time, onEvent: (e) => seen.push(`${e.seq}:${e.dir}:${e.text}`) });
    time = 1012;
    sink.add('C', 'EHLO probe.test');
    time = 1040;
    const reply = sink.add('S', '250 ok', { elapsedMs: 28 });
    expect(reply).toEqual({ seq: 2, t: 40, dir: 'S', text: '250 ok', elapsedMs: 28 });
    expect(sink.events.map((e) => e.t)).toEqual([12, 40]);
    expect(seen).toEqual(['1:C:EHLO probe.test', '2:S:250 ok']);
  });

  it('keeps at most maxEvents in memory but streams every event', () => {
    let streamed = 0;
    const sink = createTranscript({ secrets: NO_SECRETS, maxEvents: 3, onEvent: () => streamed++ });
    for (let i = 0; i < 10; i++) sink.add('info', `line ${i}`);
    expect(streamed).toBe(10);
    expect(sink.events.map((e) => e.seq)).toEqual([8, 9, 10]);
  });

  it('keeps exactly the last maxEvents whatever the point at which it is read', () => {
    const sink = createTranscript({ secrets: NO_SECRETS, maxEvents: 50 });
    for (let i = 1; i <= 1234; i++) {
      sink.add('info', `line ${i}`);
      if (i % 7 === 0) expect(sink.events.map((e) => e.seq)).toEqual(Array.from({ length: Math.min(i, 50) }, (_, k) => Math.max(i - 50, 0) + k + 1));
    }
  });
});
