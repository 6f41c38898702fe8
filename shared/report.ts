/**
 * The report of one run: what `smtp-probe check --json` prints, what exports carry and what the
 * desktop app keeps as a recent run. Versioned; the zod schema is the runtime check for anything read back.
 */
import { z } from 'zod';
import { PORT_RULES, type PortRule } from './check-request.ts';
import { FINDING_CODE_LIST, SEVERITIES } from './finding-codes.ts';
import type { Finding } from './finding-codes.ts';
import type { DnsEvidence, RunEvidence, RunInterruption, SmtpEvidence, TlsReport } from './evidence.ts';
import { SECURITY_MODES, STEP_IDS, STEP_STATUSES } from './steps.ts';
import type { StepResult } from './steps.ts';
import { TRANSCRIPT_DIRS } from './transcript.ts';
import type { TranscriptEvent } from './transcript.ts';

export const REPORT_SCHEMA_VERSION = 1;

export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'smtp-probe'; version: string };
  /** What was tested: the domain (MX lookup) and/or the server we connected to. */
  /** portRule: why this port (absent in reports from before it was recorded). */
  target: { domain?: string; host?: string; address?: string; port: number; portRule?: PortRule; security: (typeof SECURITY_MODES)[number] };
  startedAt: string;
  finishedAt: string;
  /** Our own side: local address used and public IP when known. */
  source: { localAddress?: string; publicIp?: string };
  steps: StepResult[];
  findings: Finding[];
  transcript: TranscriptEvent[];
  tls?: TlsReport;
  dns: DnsEvidence;
  smtp?: SmtpEvidence;
  request: RunEvidence['request'];
  /** Set when Stop or the run's time budget ended the run early. */
  interrupted?: RunInterruption;
  /** AUTH lines were redacted at the source and every form of the password scrubbed from the whole report; the report says so. */
  redacted: true;
  /** Process exit code this run maps to (0 = every step passed or warned). */
  exitCode: number;
}

const stepSchema = z.object({
  id: z.enum(STEP_IDS),
  status: z.enum(STEP_STATUSES),
  durationMs: z.number().nonnegative(),
  summary: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

const findingSchema = z.object({
  code: z.enum(FINDING_CODE_LIST as [string, ...string[]]),
  severity: z.enum(SEVERITIES),
  step: z.enum(STEP_IDS),
  message: z.string(),
  hint: z.string(),
  uiHint: z.string().optional(),
  evidence: z.string().optional(),
});

const transcriptSchema = z.object({
  seq: z.number().int().positive(),
  t: z.number().nonnegative(),
  dir: z.enum(TRANSCRIPT_DIRS),
  text: z.string(),
  elapsedMs: z.number().nonnegative().optional(),
});

/** Runtime check of a report read back from disk or received over a boundary. */
export const runReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('smtp-probe'), version: z.string() }),
  target: z.object({
    domain: z.string().optional(),
    host: z.string().optional(),
    address: z.string().optional(),
    port: z.number().int().min(1).max(65535),
    portRule: z.enum(PORT_RULES).optional(),
    security: z.enum(SECURITY_MODES),
  }),
  startedAt: z.string(),
  finishedAt: z.string(),
  source: z.object({ localAddress: z.string().optional(), publicIp: z.string().optional() }),
  steps: z.array(stepSchema),
  findings: z.array(findingSchema),
  transcript: z.array(transcriptSchema),
  tls: z.record(z.string(), z.unknown()).optional(),
  dns: z.record(z.string(), z.unknown()),
  smtp: z.record(z.string(), z.unknown()).optional(),
  request: z.record(z.string(), z.unknown()),
  interrupted: z.object({ reason: z.enum(['cancelled', 'deadline']), step: z.enum(STEP_IDS), deadlineMs: z.number().int().positive() }).optional(),
  redacted: z.literal(true),
  exitCode: z.number().int().min(0).max(255),
});
