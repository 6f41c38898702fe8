/**
 * Saved runs written by older versions, brought to the current report format on read (the file on
 * disk stays as it was). Version 1 -> 2: the top-level `tls`, a copy of `smtp.tls`, is kept in
 * `smtp.tls` only; step details, typed per step since 2, are derived again from the evidence the
 * report carries (the diagnosis makes them from it alone), so the saved verdicts, findings and
 * transcript are kept as they were and nothing saved is lost.
 */
import { runEvidenceSchema } from '../../../shared/evidence.ts';
import { REPORT_SCHEMA_VERSION } from '../../../shared/report.ts';
import { diagnose } from '../diagnose/index.ts';

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

function v1ToV2(doc: Doc): Doc {
  const { tls, ...rest } = doc;
  const smtp = isObject(rest.smtp) ? { ...rest.smtp } : rest.smtp;
  if (isObject(smtp) && smtp.tls === undefined && tls !== undefined) smtp.tls = tls;
  const out: Doc = { ...rest, schemaVersion: 2, ...(smtp !== undefined ? { smtp } : {}) };
  const evidence = runEvidenceSchema.safeParse(out);
  // Evidence that does not fit is left for the report check to name.
  if (!evidence.success || !Array.isArray(out.steps)) return out;
  const derived = new Map<unknown, unknown>(diagnose(evidence.data).steps.map((s) => [s.id, s.details]));
  out.steps = out.steps.map((step: unknown) => {
    if (!isObject(step)) return step;
    const kept = { ...step };
    delete kept.details;
    const details = derived.get(step.id);
    return details === undefined ? kept : { ...kept, details };
  });
  return out;
}

const MIGRATIONS: Record<number, (doc: Doc) => Doc> = { 1: v1ToV2 };

/** The report in the current format when it is an older one; anything else is returned as it is. */
export function migrateReport(doc: unknown): unknown {
  if (!isObject(doc)) return doc;
  let out = doc;
  for (let v = out.schemaVersion; typeof v === 'number' && v < REPORT_SCHEMA_VERSION; v = out.schemaVersion) {
    const step = MIGRATIONS[v];
    if (!step) break;
    out = step(out);
  }
  return out;
}
