import { describe, expect, it } from 'vitest';
import { parseRunReport } from '../../../shared/report.ts';
import { enUsNumber, formatMs, timingSummary, waterfallOf, type TimingSpan } from '../../../shared/timing.ts';
import { buildReport } from '../../fixtures/reports/build-report.ts';

const span = (label: string, startMs: number, durationMs: number, extra: Partial<TimingSpan> = {}): TimingSpan => ({ stage: 'command', label, startMs, durationMs, ...extra });

describe('waterfallOf', () => {
  it('lays the spans out on one axis from 0 to the end of the last, and marks the longest', () => {
    const w = waterfallOf([span('EHLO', 100, 50), span('Banner', 0, 100), span('QUIT', 150, 50)]);
    expect(w.totalMs).toBe(200);
    expect(w.rows.map((r) => [r.label, r.offsetPct, r.widthPct, r.longest])).toEqual([
      ['Banner', 0, 50, true],
      ['EHLO', 50, 25, false],
      ['QUIT', 75, 25, false],
    ]);
    expect(w.longest?.label).toBe('Banner');
    expect(w.ticks).toEqual([0, 50, 100, 150, 200].map((ms) => ({ ms, atPct: ms / 2, label: `${ms} ms` })));
    expect(waterfallOf([span('NOOP', 0, 0.7)]).ticks.map((t) => t.label)).toEqual(['0 ms', '0.2 ms', '0.4 ms', '0.6 ms']);
  });

  it('keeps commands written together in the order sent, each with its own end', () => {
    const w = waterfallOf([span('MAIL', 10, 1), span('RCPT 1', 10, 2), span('RCPT 2', 10, 3), span('DATA', 10, 4)]);
    expect(w.rows.map((r) => [r.label, r.offsetPct, r.widthPct])).toEqual([
      ['MAIL', 71.43, 7.14],
      ['RCPT 1', 71.43, 14.29],
      ['RCPT 2', 71.43, 21.43],
      ['DATA', 71.43, 28.57],
    ]);
  });

  it('never calls a pause the longest, and says how much of the total was paused', () => {
    const w = waterfallOf([span('EHLO', 0, 5), span('Paused before MAIL FROM: waiting for you', 5, 60_000, { stage: 'pause' }), span('MAIL FROM', 60_005, 7)]);
    expect(w.longest?.label).toBe('MAIL FROM');
    expect(w.rows.map((r) => r.longest)).toEqual([false, false, true]);
    expect(timingSummary(w)).toBe('60,012 ms in all (60,000 ms of it paused between steps); longest: MAIL FROM, 7.0 ms');
  });

  it('has no rows, no longest and one tick at 0 when nothing was timed', () => {
    expect(waterfallOf([])).toEqual({ totalMs: 0, rows: [], longest: undefined, pausedMs: 0, ticks: [{ ms: 0, atPct: 0, label: '0 ms' }] });
    expect(timingSummary(waterfallOf([]))).toBe('No timing recorded');
  });

  it('says the total and the longest span in one line', () => {
    expect(timingSummary(waterfallOf([span('Banner (greeting)', 0, 30_012.4), span('EHLO', 30_013, 2.25)]))).toBe('30,015 ms in all; longest: Banner (greeting), 30,012 ms');
  });
});

describe('formatMs', () => {
  it('shows a tenth of a millisecond below 10 ms, whole milliseconds with separators above', () => {
    expect([0, 0.04, 2.25, 9.94, 10, 112.6, 30_012].map(formatMs)).toEqual(['0.0 ms', '0.0 ms', '2.3 ms', '9.9 ms', '10 ms', '113 ms', '30,012 ms']);
  });
});

describe('the report format and timing', () => {
  it('reads a report saved before timing was recorded (no timing), and one with it', () => {
    const old = JSON.parse(JSON.stringify(buildReport())) as Record<string, unknown>;
    expect(old).not.toHaveProperty('timing');
    const read = parseRunReport(old);
    expect(read.ok && read.report.timing).toBeUndefined();
    const timing = [span('EHLO', 1, 2, { stage: 'ehlo', failed: true })];
    const withTiming = parseRunReport({ ...old, timing });
    expect(withTiming.ok && withTiming.report.timing).toEqual(timing);
  });

  it('drops a top-level field it does not know, as readers of format 2 from before timing do with it', () => {
    const read = parseRunReport({ ...buildReport(), laterField: [1] });
    expect(read.ok && read.report).not.toHaveProperty('laterField');
  });

  it('refuses a span that does not fit, naming where', () => {
    const bad = parseRunReport({ ...buildReport(), timing: [{ stage: 'lunch', label: 'x', startMs: -1, durationMs: 1 }] });
    expect(bad).toMatchObject({ ok: false, message: expect.stringContaining('timing[0].stage') });
  });
});

describe('enUsNumber', () => {
  it("writes every number as toLocaleString('en-US') does: whole numbers grouped without ICU, the rest by it", () => {
    const values = [0, -0, 1, -1, 12, 999, 1000, -1000, 1234, 30_012, 999_999, 1_000_000, -1_234_567, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e21, 0.5, 1234.5678, -0.0004, Number.NaN, Infinity, -Infinity];
    for (let n = 1; n < 1e15; n = n * 7 + 3) values.push(n, -n);
    for (const n of values) expect(enUsNumber(n), String(n)).toBe(n.toLocaleString('en-US'));
  });
});
