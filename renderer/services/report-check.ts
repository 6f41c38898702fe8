/**
 * The check of every report the page takes in (shared/report.ts's parseRunReport: the report schema,
 * the largest set of zod schemas the page has; a pair file's, shared/family-pair.ts, builds on it),
 * loaded after the first screen rather than with it:
 * its schemas are made when its module runs, and none is needed before a run's answer or an opened
 * file. A report is never used unchecked: whoever receives one waits for the check (run.ts,
 * opened-report.ts).
 */
import type { FamilyPairCheck } from '../../shared/family-pair.ts';
import type { ReportCheck } from '../../shared/report.ts';
import { lazyModule } from './lazy-module.ts';

export type CheckReport = (doc: unknown) => ReportCheck;
/** The check of a pair file's comparison (shared/family-pair.ts: both sides' reports and the outcomes). */
export type CheckPair = (doc: unknown) => FamilyPairCheck;

const check = lazyModule<CheckReport>(() => import('../../shared/report.ts').then((module) => module.parseRunReport));

/** The check, loading its module the first time. */
export const loadReportCheck = check.load;

/** The check of a pair's comparison (an opened pair file), loading its module the first time. */
export async function loadPairCheck(): Promise<CheckPair> {
  return (await import('../../shared/family-pair.ts')).parseFamilyPair;
}

/** The check once loadReportCheck has resolved; undefined before. */
export const loadedReportCheck = check.loaded;
