/**
 * A check over IPv4 and IPv6 kept as one thing: the comparison's shape (the CLI's
 * `--both-families --json`, the app's JSON export of a pair, `runs/get-pair`) and the check of a
 * pair document read back. Apart from the comparison's rules (family-comparison.ts), which carry
 * the finding texts, so the page can check a pair without loading them.
 *
 * A pair file is `{ kind: 'ip-versions', schemaVersion, outcomes, exitCode, ipv4, ipv6 }`, each side a
 * whole run report of the current format. A file without `kind` but with both sides (the CLI's
 * output) is a pair too. A single run's report has neither, so the two never mix up and the report
 * format needed no new version: every file that opened before opens as it did.
 */
import { z } from 'zod';
import { REPORT_SCHEMA_VERSION, parseRunReport, runReportSchema } from './report.ts';

export const IP_VERSIONS = ['ipv4', 'ipv6'] as const;
export type IpVersion = (typeof IP_VERSIONS)[number];

/** The family number of each side, as CheckRequest.family takes it. */
export const IP_VERSION_FAMILY = { ipv4: 4, ipv6: 6 } as const satisfies Record<IpVersion, 4 | 6>;

export const FAMILY_OUTCOMES = ['pass', 'fail', 'no-address'] as const;
export type FamilyOutcome = (typeof FAMILY_OUTCOMES)[number];

/** How each outcome reads in the wizard's comparison and the exports' table. */
export const FAMILY_OUTCOME_LABELS: Record<FamilyOutcome, string> = { pass: 'works', fail: 'fails', 'no-address': 'no address' };

export const familyComparisonSchema = z.object({
  ipv4: runReportSchema,
  ipv6: runReportSchema,
  outcomes: z.object({ ipv4: z.enum(FAMILY_OUTCOMES), ipv6: z.enum(FAMILY_OUTCOMES) }),
  /** The first failing version's exit code (IPv4 first); 0 when every version with an address passed. */
  exitCode: z.number().int().min(0).max(255),
});
export type FamilyComparison = z.infer<typeof familyComparisonSchema>;

/** What marks a pair file (the app's JSON export of a run over both versions). */
export const FAMILY_PAIR_KIND = 'ip-versions';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A pair document rather than one run's report: marked as one, or carrying both sides. */
export function isFamilyPairDocument(doc: unknown): doc is Record<string, unknown> {
  return isObject(doc) && (doc.kind === FAMILY_PAIR_KIND || (isObject(doc.ipv4) && isObject(doc.ipv6) && doc.steps === undefined));
}

export type FamilyPairCheck = { ok: true; comparison: FamilyComparison } | { ok: false; message: string };

const pairFrameSchema = z.object({
  kind: z.literal(FAMILY_PAIR_KIND).optional(),
  schemaVersion: z.number().int().optional(),
  outcomes: familyComparisonSchema.shape.outcomes,
  exitCode: familyComparisonSchema.shape.exitCode,
});

/**
 * A pair read back (its sides already brought to the current format by the caller), checked side
 * by side with parseRunReport, so a message names the version and the field that does not fit.
 */
export function parseFamilyPair(doc: unknown): FamilyPairCheck {
  if (!isObject(doc)) return { ok: false, message: 'The report is not a JSON object' };
  if (typeof doc.schemaVersion === 'number' && doc.schemaVersion > REPORT_SCHEMA_VERSION) {
    return { ok: false, message: `The report was written by a newer version of SMTP Probe (report format ${doc.schemaVersion}; this version reads up to ${REPORT_SCHEMA_VERSION})` };
  }
  const frame = pairFrameSchema.safeParse(doc);
  if (!frame.success) {
    const issue = frame.error.issues[0];
    return { ok: false, message: `The report over both IP versions does not match its format: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
  }
  const sides: Partial<Record<IpVersion, FamilyComparison['ipv4']>> = {};
  for (const version of IP_VERSIONS) {
    const checked = parseRunReport(doc[version]);
    if (!checked.ok) return { ok: false, message: `${version}: ${checked.message}` };
    sides[version] = checked.report;
  }
  const { ipv4, ipv6 } = sides;
  if (ipv4 === undefined || ipv6 === undefined) return { ok: false, message: 'A version is missing' };
  return { ok: true, comparison: { ipv4, ipv6, outcomes: frame.data.outcomes, exitCode: frame.data.exitCode } };
}

/** The codes of the findings the comparison adds (compareFamilies), shown apart from each run's own. */
export const FAMILY_FINDING_CODES: readonly string[] = ['connect.family-split', 'connect.family-missing'];

/** The comparison's findings, one version's at a time. */
export function comparisonFindings(c: FamilyComparison): { version: IpVersion; finding: FamilyComparison['ipv4']['findings'][number] }[] {
  return IP_VERSIONS.flatMap((version) => c[version].findings.filter((f) => FAMILY_FINDING_CODES.includes(f.code)).map((finding) => ({ version, finding })));
}
