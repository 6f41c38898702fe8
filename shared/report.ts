/**
 * The report of one run: what `smtp-probe check --json` prints, what exports carry and what the
 * desktop app keeps as a recent run. Versioned; one zod schema declares it, the RunReport type is
 * inferred from it, and it is the runtime check of anything read back (parseRunReport).
 */
import * as z from 'zod';
import { PORT_RULES } from './check-request.ts';
import { describeReportProblem, issuesDetail, type ReportProblem } from './report-problem.ts';
import { runEvidenceSchema } from './evidence.ts';
import { findingSchema } from './finding-codes.ts';
import { stepResultSchema } from './step-result.ts';
import { SECURITY_MODES } from './steps.ts';
import { timingSpanSchema } from './timing.ts';
import { transcriptEventSchema } from './transcript.ts';
import { REPORT_SCHEMA_VERSION } from './report-version.ts';

export { REPORT_SCHEMA_VERSION };

export const runReportSchema = runEvidenceSchema.extend({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('smtp-probe'), version: z.string() }),
  /** What was tested: the domain (MX lookup) and/or the server we connected to. portRule: why this port (absent in reports from before it was recorded). */
  target: z.object({
    domain: z.string().optional(),
    host: z.string().optional(),
    address: z.string().optional(),
    port: z.number().int().min(1).max(65535),
    portRule: z.enum(PORT_RULES).optional(),
    security: z.enum(SECURITY_MODES),
  }),
  finishedAt: z.string(),
  /** Our own side: the local address and port used, and the public IP when known. */
  source: z.object({ localAddress: z.string().optional(), localPort: z.number().int().min(1).max(65535).optional(), publicIp: z.string().optional() }),
  steps: z.array(stepResultSchema),
  findings: z.array(findingSchema()),
  transcript: z.array(transcriptEventSchema),
  /**
   * One span per stage on the run's clock (shared/timing.ts), in order of start. Optional within
   * format 2: reports saved before it was recorded have none, and a reader from before it drops it
   * (the schema strips keys it does not know), so adding it needed no new format version.
   */
  timing: z.array(timingSpanSchema).optional(),
  /** AUTH lines were redacted at the source and every form of the password scrubbed from the whole report; the report says so. */
  redacted: z.literal(true),
  /** Process exit code this run maps to (0 = every step passed or warned). */
  exitCode: z.number().int().min(0).max(255),
  /** The saved profile the run was made from: the app's JSON export names it, so a reopened report can. */
  profileName: z.string().max(256).optional(),
});
export type RunReport = z.infer<typeof runReportSchema>;

export type ReportCheck = { ok: true; report: RunReport } | { ok: false; message: string; problem: ReportProblem };

/** A report received or read back, checked against the schema; the message says what is wrong and where. */
export function parseRunReport(doc: unknown): ReportCheck {
  const version = typeof doc === 'object' && doc !== null ? (doc as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version === 'number' && version > REPORT_SCHEMA_VERSION) {
    const problem = describeReportProblem(doc, [], REPORT_SCHEMA_VERSION);
    return { ok: false, problem, message: `The report was written by a newer version of SMTP Probe (report format ${version}; this version reads up to ${REPORT_SCHEMA_VERSION})` };
  }
  const checked = runReportSchema.safeParse(doc);
  if (checked.success) return { ok: true, report: checked.data };
  const problem = describeReportProblem(doc, checked.error.issues, REPORT_SCHEMA_VERSION);
  return { ok: false, problem, message: `The report does not match the report format: ${issuesDetail(checked.error.issues)}` };
}
