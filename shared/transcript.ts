import * as z from 'zod';

/** Direction of a transcript line: C = sent by us, S = received from the server. */
export const TRANSCRIPT_DIRS = ['C', 'S', 'info', 'tls', 'error'] as const;
export type TranscriptDir = (typeof TRANSCRIPT_DIRS)[number];

export const transcriptEventSchema = z.object({
  /** 1-based, strictly increasing within a run. */
  seq: z.number().int().positive(),
  /** Milliseconds since the run started. */
  t: z.number().nonnegative(),
  dir: z.enum(TRANSCRIPT_DIRS),
  /** One line, without CRLF. AUTH lines are redacted and the run's secret forms scrubbed before the event is made. */
  text: z.string(),
  /** On the last S line of a reply: milliseconds from sending the command to the complete reply. */
  elapsedMs: z.number().nonnegative().optional(),
});
export type TranscriptEvent = z.infer<typeof transcriptEventSchema>;
