/**
 * A runCheck for the real service table that writes `lines` transcript lines instead of talking to
 * a server (100 per event-loop turn, like the lines of one socket read), then ends with a real
 * saved report's shape carrying those lines: the transcript UI bench and the report-once test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunCheckFn } from '../../electron/engine/service/run-controller.ts';
import { runReportSchema } from '../../shared/report.ts';
import type { TranscriptEvent } from '../../shared/transcript.ts';

export const LINES_PER_READ = 100;
const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../unit/renderer/wizard/fixtures/report-sandbox.json');

/** The text of line `i`: RCPT TO on odd lines, its 250 on even ones. */
export const streamedLineText = (i: number): string => (i % 2 ? `RCPT TO:<user${i}@example.net>` : `250 2.1.5 Recipient ${i} ok`);

export function streamingRunCheck(lines: number): RunCheckFn {
  const base = runReportSchema.parse(JSON.parse(readFileSync(fixture, 'utf8')));
  return async (_request, hooks) => {
    const transcript: TranscriptEvent[] = [];
    hooks.onStep?.('rcpt', 'start');
    for (let i = 1; i <= lines; i++) {
      const event: TranscriptEvent = { seq: i, t: i / 10, dir: i % 2 ? 'C' : 'S', text: streamedLineText(i) };
      transcript.push(event);
      hooks.onTranscript?.(event);
      if (i % LINES_PER_READ === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    hooks.onStep?.('rcpt', 'end');
    return { ...base, transcript };
  };
}
