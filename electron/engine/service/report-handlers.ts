/**
 * report/open and report/choose: a report file (the JSON export of a run) read back for the
 * read-only view. A format-1 report is migrated like a saved run (store/report-migrations.ts), then
 * checked with parseRunReport: a file that does not fit is refused with what is wrong and where,
 * so the page never draws half a report. The JSON export of a check over both IP versions (or the
 * CLI's `--both-families --json`) opens the same way, each version's report migrated and checked
 * (shared/family-pair.ts), and shows with its comparison. The file itself is never changed.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Handlers } from '../../../shared/ipc/contract.ts';
import { fail, ok } from '../../../shared/ipc/result.ts';
import type { Result } from '../../../shared/ipc/result.ts';
import { isFamilyPairDocument, parseFamilyPair } from '../../../shared/family-pair.ts';
import { REPORT_SCHEMA_VERSION, parseRunReport } from '../../../shared/report.ts';
import { reportFileSizeProblem, shownFileName } from '../../../shared/report-file.ts';
import type { OpenedReport } from '../../../shared/report-file.ts';
import { migrateReport } from '../store/report-migrations.ts';
import { fsErrorCode } from '../store/store-error.ts';

/** The desktop's open dialog: the chosen file's path, or undefined when it was closed. */
export type ChooseReportFile = () => Promise<string | undefined>;

/** The format an older report was written in (so the banner can say it was brought up to date). */
function olderFormat(doc: unknown): number | undefined {
  const version = typeof doc === 'object' && doc !== null ? (doc as { schemaVersion?: unknown }).schemaVersion : undefined;
  return typeof version === 'number' && version < REPORT_SCHEMA_VERSION ? version : undefined;
}

/** A report file's text -> the report to show, or why it cannot be shown (field "file"). */
export function openReportText(text: string, fileName: string): Result<OpenedReport> {
  const name = shownFileName(fileName);
  const tooBig = reportFileSizeProblem(Buffer.byteLength(text, 'utf8'));
  if (tooBig) return fail('EINVALID', `${name}: ${tooBig}`, 'file');
  let doc: unknown;
  try {
    // A byte order mark is what Windows editors put first; JSON.parse refuses it.
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'not JSON';
    return fail('EINVALID', `${name} is not JSON (${reason}). Open the JSON export of a run (Export > JSON).`, 'file');
  }
  if (isFamilyPairDocument(doc)) return openPair(doc, name);
  const checked = parseRunReport(migrateReport(doc));
  if (!checked.ok) return fail('EINVALID', `${name} cannot be shown. ${checked.message}.`, 'file');
  const from = olderFormat(doc);
  return ok({ report: checked.report, fileName: name, ...(from !== undefined ? { migratedFrom: from } : {}) });
}

/** A pair file: each version's report brought to the current format, then the whole checked; shown from its IPv4 run. */
function openPair(doc: Record<string, unknown>, name: string): Result<OpenedReport> {
  const checked = parseFamilyPair({ ...doc, ipv4: migrateReport(doc.ipv4), ipv6: migrateReport(doc.ipv6) });
  if (!checked.ok) return fail('EINVALID', `${name} cannot be shown. ${checked.message}.`, 'file');
  const from = olderFormat(doc.ipv4) ?? olderFormat(doc.ipv6);
  return ok({ report: checked.comparison.ipv4, comparison: checked.comparison, fileName: name, ...(from !== undefined ? { migratedFrom: from } : {}) });
}

/** The text of the chosen file, refused before it is read when it is over the size limit. */
async function readReportFile(file: string): Promise<Result<string>> {
  const name = shownFileName(file);
  try {
    const handle = await fsp.open(file, 'r');
    try {
      const st = await handle.stat();
      if (!st.isFile()) return fail('EINVALID', `${name} is not a file.`, 'file');
      const tooBig = reportFileSizeProblem(st.size);
      if (tooBig) return fail('EINVALID', `${name}: ${tooBig}`, 'file');
      return ok(await handle.readFile({ encoding: 'utf8' }));
    } finally {
      await handle.close();
    }
  } catch (error) {
    return fail('ESTORAGE', `${name} could not be read (${fsErrorCode(error) ?? 'error'}).`, 'file');
  }
}

type ReportHandlers = Pick<Handlers, 'report/open' | 'report/choose'>;

export function reportHandlers(choose: ChooseReportFile | undefined): ReportHandlers {
  return {
    'report/open': async ({ text, fileName }) => openReportText(text, fileName),
    'report/choose': async () => {
      if (!choose) return fail('EINVALID', 'There is no open dialog here: drop the report file on the window.');
      const file = await choose();
      if (file === undefined) return ok({ canceled: true as const });
      const text = await readReportFile(file);
      return text.ok ? openReportText(text.value, path.basename(file)) : text;
    },
  };
}
