/**
 * The run's timing: one span per stage (each DNS question, connect, TLS handshake, banner, each
 * command, the message) on the run's clock, so "where did the 30 seconds go" is answered at a
 * glance. The engine records the spans once (electron/engine/timeline.ts); the wizard and the
 * exports draw them from the same layout (waterfallOf), so the bars agree everywhere.
 */
import * as z from 'zod';

/**
 * What a span measured: a DNS question, a transport phase, a command and its reply, or a pause
 * (the wizard held the run between steps, waiting for the user).
 */
export const TIMING_STAGES = ['dns', 'compose', 'connect', 'tls', 'banner', 'tls-probe', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'message', 'quit', 'command', 'pause'] as const;
export type TimingStage = (typeof TIMING_STAGES)[number];

export const timingSpanSchema = z.object({
  stage: z.enum(TIMING_STAGES),
  /** What a reader sees: "MX lookup of example.com", "RCPT TO <a@example.com>", "TLS handshake". */
  label: z.string(),
  /** Milliseconds since the run started (the transcript's clock). Commands written together (RFC 2920) share it. */
  startMs: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
  /** It ended in an error (timeout, reset, TLS failure) or a 4xx/5xx reply. */
  failed: z.boolean().optional(),
});
export type TimingSpan = z.infer<typeof timingSpanSchema>;

export interface WaterfallRow extends TimingSpan {
  /** Where the bar starts and how wide it is, in percent of the axis. */
  offsetPct: number;
  widthPct: number;
  /** The longest span of the run (pauses aside: the user's time, not the run's): the one to look at first. */
  longest: boolean;
}

export interface Waterfall {
  /** The end of the last span (the axis runs from 0 to here). */
  totalMs: number;
  rows: WaterfallRow[];
  longest: WaterfallRow | undefined;
  /** Time the run spent held between steps (Run step), within totalMs. */
  pausedMs: number;
  /** Axis marks at round numbers of milliseconds, in percent of the axis, with their text ("200 ms"). */
  ticks: Array<{ ms: number; atPct: number; label: string }>;
}

/**
 * A number as en-US writes it ("30,012"). Whole numbers are grouped here: the first toLocaleString
 * of a process loads ICU's number formatting (~20 ms of a CLI session's start); others go to it.
 */
export function enUsNumber(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  return `${n < 0 ? '-' : ''}${String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',')}`;
}

const pct = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 10_000) / 100 : 0);

/** 1, 2 or 5 times a power of ten: about `count` marks between 0 and `totalMs`. */
function tickStep(totalMs: number, count: number): number {
  const rough = totalMs / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  return ([1, 2, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
}

function axisTicks(totalMs: number): Waterfall['ticks'] {
  const tick = (ms: number) => ({ ms, atPct: pct(ms, totalMs), label: `${enUsNumber(ms)} ms` });
  if (totalMs <= 0) return [tick(0)];
  const step = tickStep(totalMs, 4);
  const ticks: Waterfall['ticks'] = [];
  // Multiples of the step, counted (not summed) so 0.1 + 0.2 never drifts.
  for (let i = 0; i * step <= totalMs; i++) ticks.push(tick(Number((i * step).toPrecision(12))));
  return ticks;
}

/** The spans in order of start; spans that start together (commands of one flight) stay in the order given. */
export function inStartOrder(timing: readonly TimingSpan[]): TimingSpan[] {
  return [...timing].sort((a, b) => a.startMs - b.startMs);
}

/** The spans laid out on one axis from the run's start to the end of the last one. */
export function waterfallOf(timing: readonly TimingSpan[]): Waterfall {
  const spans = inStartOrder(timing);
  const totalMs = Math.max(0, ...spans.map((s) => s.startMs + s.durationMs));
  const work = spans.filter((s) => s.stage !== 'pause');
  const longestSpan = work.reduce<TimingSpan | undefined>((best, s) => (best === undefined || s.durationMs > best.durationMs ? s : best), undefined);
  const rows = spans.map((s) => ({ ...s, offsetPct: pct(s.startMs, totalMs), widthPct: pct(s.durationMs, totalMs), longest: s === longestSpan }));
  const pausedMs = spans.filter((s) => s.stage === 'pause').reduce((sum, s) => sum + s.durationMs, 0);
  return { totalMs, rows, longest: rows.find((r) => r.longest), pausedMs, ticks: axisTicks(totalMs) };
}

/** Milliseconds as people read them: "0.8 ms", "112 ms", "30,012 ms". */
export function formatMs(ms: number): string {
  if (ms < 10) return `${(Math.round(ms * 10) / 10).toFixed(1)} ms`;
  return `${enUsNumber(Math.round(ms))} ms`;
}

/** The one line that answers "where did the time go". */
export function timingSummary(w: Waterfall): string {
  if (!w.longest) return 'No timing recorded';
  const paused = w.pausedMs > 0 ? ` (${formatMs(w.pausedMs)} of it paused between steps)` : '';
  return `${formatMs(w.totalMs)} in all${paused}; longest: ${w.longest.label}, ${formatMs(w.longest.durationMs)}`;
}
