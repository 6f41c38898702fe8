/**
 * The run's timing spans (shared/timing.ts), kept as each stage ends, on the transcript's clock so
 * they line up with the transcript's times. DNS, connect, TLS handshakes, the banner and message
 * composition are timed here where they run; commands already carry their own start and duration
 * (CommandRecord), from which commandSpans makes theirs once the run is over.
 */
import type { CommandRecord, SmtpEvidence } from '../../shared/evidence.ts';
import { enUsNumber, inStartOrder, type TimingSpan, type TimingStage } from '../../shared/timing.ts';

export interface Timeline {
  /** Times `work` from now until it settles; `failed` says whether a value it returned is a failure. */
  time<T>(stage: TimingStage, label: string, work: () => Promise<T>, failed?: (value: T) => boolean): Promise<T>;
  /** A gate (Run step / Run to here): a 'pause' span only when it says it held the run. */
  pause(label: string, gate: () => Promise<boolean>): Promise<boolean>;
  readonly spans: readonly TimingSpan[];
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export function createTimeline(now: () => number): Timeline {
  const spans: TimingSpan[] = [];
  return {
    spans,
    async time(stage, label, work, failed) {
      const startMs = now();
      let bad = true;
      try {
        const value = await work();
        bad = failed?.(value) ?? false;
        return value;
      } finally {
        spans.push({ stage, label, startMs, durationMs: round(now() - startMs), ...(bad ? { failed: true } : {}) });
      }
    },
    async pause(label, gate) {
      const startMs = now();
      const held = await gate();
      if (held) spans.push({ stage: 'pause', label, startMs, durationMs: round(now() - startMs) });
      return held;
    },
  };
}

/** `work` as a span of `timeline` when there is one (the runner's sessions have one, the console's not). */
export function timeOn<T>(timeline: Timeline | undefined, stage: TimingStage, label: string, work: () => Promise<T>, failed?: (value: T) => boolean): Promise<T> {
  return timeline ? timeline.time(stage, label, work, failed) : work();
}

/** The span kind of a command record: its step, except the message after DATA (or BDAT) and anything outside the run's steps. */
function commandStage(record: CommandRecord): TimingStage {
  if (record.step === 'data' && record.command !== 'DATA') return 'message';
  if (record.step === 'mx' || record.step === 'ptr' || record.step === 'connect' || record.step === 'banner') return 'command';
  return record.step;
}

function commandLabel(record: CommandRecord, afterTls: boolean, sizeOctets: number | undefined): string {
  const verb = record.command.split(' ')[0] ?? record.command;
  const size = sizeOctets !== undefined ? ` (${enUsNumber(sizeOctets)} octets)` : '';
  if (record.address !== undefined) return `${verb === 'MAIL' ? 'MAIL FROM' : 'RCPT TO'} <${record.address}>`;
  if (verb === 'EHLO' || verb === 'HELO') return afterTls ? `${verb} (after TLS)` : verb;
  // The mechanism, without the initial response ([redacted] in the record).
  if (verb === 'AUTH') return record.command.split(' ').slice(0, 2).join(' ');
  if (verb === 'BDAT') return `BDAT LAST: the message${size}`;
  if (record.command === '.') return `The message and the final dot${size}`;
  return record.command;
}

const failedRecord = (r: CommandRecord): boolean => r.error !== undefined || (r.reply !== undefined && r.reply.code >= 400);

/**
 * One span per command; the lines of one AUTH exchange (AUTH LOGIN, the user, the password: each
 * its own record) are one span, from the AUTH line to the last reply.
 */
export function commandSpans(smtp: SmtpEvidence): TimingSpan[] {
  const spans: TimingSpan[] = [];
  let afterTls = false;
  let prev: CommandRecord | undefined;
  for (const record of smtp.commands) {
    const last = spans.at(-1);
    if (record.step === 'auth' && prev?.step === 'auth' && last) {
      last.durationMs = round(record.startedAt + record.elapsedMs - last.startMs);
      if (failedRecord(record)) last.failed = true;
      else delete last.failed;
    } else {
      const stage = commandStage(record);
      const label = commandLabel(record, afterTls, stage === 'message' ? smtp.data?.sizeOctets : undefined);
      spans.push({ stage, label, startMs: record.startedAt, durationMs: record.elapsedMs, ...(failedRecord(record) ? { failed: true } : {}) });
    }
    if (record.step === 'starttls' && record.reply?.code === 220) afterTls = true;
    prev = record;
  }
  return spans;
}

/** The run's spans: those timed where they ran and those of the session's commands, in order of start. */
export function runTiming(timeline: Timeline, smtp: SmtpEvidence | undefined): TimingSpan[] {
  return inStartOrder([...timeline.spans, ...(smtp ? commandSpans(smtp) : [])]);
}
