/**
 * The transcript of one run: a stream of typed events, numbered and timed from the run's start.
 * Every part of the engine (DNS, SMTP) writes to the same sink, so one run has one ordered transcript.
 * AUTH lines are redacted where they are made; then every line passes the run's secret scrub
 * (`secrets`) before it is kept or sent, so a server's echo of the password never gets out.
 * Options without `secrets` do not type-check: a sink that streams or keeps events for a run names
 * its secrets (NO_SECRETS when there are none); only a bare test sink, `createTranscript()`, has none.
 */
import type { TranscriptDir, TranscriptEvent } from '../../shared/transcript.ts';
import { NO_SECRETS, type SecretScrubber } from './smtp/secret-scrubber.ts';

export interface TranscriptSink {
  /** Appends one line and returns the event (also passed to `onEvent`). */
  add(dir: TranscriptDir, text: string, extra?: { elapsedMs?: number }): TranscriptEvent;
  /** Milliseconds since the run started. */
  now(): number;
  readonly events: readonly TranscriptEvent[];
}

export interface TranscriptOptions {
  /** Monotonic milliseconds; defaults to performance.now(). */
  clock?: () => number;
  onEvent?: (event: TranscriptEvent) => void;
  /** Events kept in memory (oldest dropped beyond it); the stream to onEvent is never cut. */
  maxEvents?: number;
  /** The run's secret forms (smtp/secret-scrubber.ts). */
  secrets: SecretScrubber;
}

export function createTranscript(options: TranscriptOptions = { secrets: NO_SECRETS }): TranscriptSink {
  const clock = options.clock ?? (() => performance.now());
  const start = clock();
  const maxEvents = options.maxEvents ?? 200_000;
  let events: TranscriptEvent[] = [];
  // Index of the oldest event kept: beyond maxEvents the oldest are dropped by moving it, and the
  // array is compacted only now and then, so a long stream costs O(1) per line, not a shift each.
  let first = 0;
  let seq = 0;
  const now = () => Math.round((clock() - start) * 10) / 10;
  return {
    get events() {
      return first === 0 ? events : events.slice(first);
    },
    now,
    add(dir, text, extra) {
      options.secrets.observeLine(dir, text);
      const event: TranscriptEvent = { seq: ++seq, t: now(), dir, text: options.secrets.scrub(text) };
      if (extra?.elapsedMs !== undefined) event.elapsedMs = extra.elapsedMs;
      events.push(event);
      if (events.length - first > maxEvents) first++;
      if (first > 0 && first >= Math.ceil(maxEvents / 10)) {
        events = events.slice(first);
        first = 0;
      }
      options.onEvent?.(event);
      return event;
    },
  };
}
