/**
 * One transcript line as the classic guides show it, for every host: exports, the CLI, the console
 * log and the page's copy. Apart from report-format.ts so the page does not carry the exports.
 */
import type { TranscriptEvent } from './transcript.ts';
import { visibleText } from './visible-text.ts';

const DIR_MARK: Record<TranscriptEvent['dir'], string> = { C: '->', S: '<-', info: '* ', tls: '~ ', error: '!!' };

/** One transcript line as the classic guides show it: time, direction, text. */
export function transcriptLine(event: TranscriptEvent): string {
  const time = `${event.t.toFixed(1).padStart(9)} ms`;
  const elapsed = event.elapsedMs !== undefined ? `  (${Math.round(event.elapsedMs)} ms)` : '';
  return `[${time}] ${DIR_MARK[event.dir]} ${visibleText(event.text)}${elapsed}`;
}
