/** Direction of a transcript line: C = sent by us, S = received from the server. */
export const TRANSCRIPT_DIRS = ['C', 'S', 'info', 'tls', 'error'] as const;
export type TranscriptDir = (typeof TRANSCRIPT_DIRS)[number];

export interface TranscriptEvent {
  /** 1-based, strictly increasing within a run. */
  seq: number;
  /** Milliseconds since the run started. */
  t: number;
  dir: TranscriptDir;
  /** One line, without CRLF. AUTH lines are redacted and the run's secret forms scrubbed before the event is made. */
  text: string;
  /** On the last S line of a reply: milliseconds from sending the command to the complete reply. */
  elapsedMs?: number;
}
