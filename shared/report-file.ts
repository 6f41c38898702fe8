/**
 * A report file opened in the app (File > Open report, a .json dropped on the window): the JSON
 * export of a run, read back for a ticket. Its size limit is checked where the file is read (main
 * for the open dialog, the page before it reads a dropped file) and again where its text is parsed.
 */
import type { FamilyComparison } from './family-pair.ts';
import type { RunReport } from './report.ts';

/** Far above any real run (a report with 50,000 transcript lines is a few MB), low enough to parse at once. */
export const MAX_REPORT_FILE_BYTES = 50 * 1024 * 1024;

/** A report that passed the schema, with where it came from for the banner. */
export interface OpenedReport {
  report: RunReport;
  /** The file's own name (no folders). */
  fileName: string;
  /** A check over both IP versions: both runs and their comparison (`report` is its IPv4 run). */
  comparison?: FamilyComparison;
  /** The report format the file was written in, when it was older and brought to the current one. */
  migratedFrom?: number;
}

const MB = 1024 * 1024;

/** Why a file of this size is not opened, or undefined when it may be. */
export function reportFileSizeProblem(bytes: number): string | undefined {
  if (bytes <= MAX_REPORT_FILE_BYTES) return undefined;
  return `The file is ${(bytes / MB).toFixed(1)} MB; a report file can be at most ${MAX_REPORT_FILE_BYTES / MB} MB. Is it an SMTP Probe JSON export?`;
}

/** The name shown for a file: its last path segment, control characters dropped. */
export function shownFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return clean.length > 0 ? clean : 'report.json';
}
