/**
 * Why a document is not a report this version can show, in words an admin reads: what is wrong,
 * and which field it is named the way the report shows it ("steps › 4th step › status"). The
 * schema's own path and message are kept as a detail for a ticket. Pure: takes the document and
 * the schema's issues, so it is tested without files.
 */
import type { z } from 'zod';

/** What a reader sees: the sentence after the file's name, and the schema's words for a ticket. */
export interface ReportProblem {
  /** "is not an SMTP Probe report: … (at steps › 4th step › status)", or "was made by a newer SMTP Probe …". */
  words: string;
  /** The schema's path and message ("steps[3].status: Invalid option: …"), or the JSON parser's. */
  detail?: string;
}

type Issue = z.ZodError['issues'][number];
type Path = readonly PropertyKey[];

const NOT_A_REPORT = 'is not an SMTP Probe report';
/** How many schema issues the detail lists; the words name only the first. */
const DETAIL_ISSUES = 3;
/** How many allowed values the words list before saying how many there are. */
const LISTED_VALUES = 6;

/** Fields whose name in the file does not read as words. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  schemaVersion: 'report format',
  startedAt: 'start time',
  finishedAt: 'finish time',
  durationMs: 'duration',
  elapsedMs: 'elapsed time',
  startMs: 'start',
  id: 'ID',
  seq: 'line number',
  t: 'time',
  dir: 'direction',
  fingerprint256: 'SHA-256 fingerprint',
  dns: 'DNS',
  mx: 'MX',
  ptr: 'PTR',
  tls: 'TLS',
  smtp: 'SMTP',
  ehlo: 'EHLO',
};

/** What one item of a list is called: "the 4th step" in `steps`. */
const ITEM_WORDS: Readonly<Record<string, string>> = {
  steps: 'step',
  findings: 'finding',
  transcript: 'transcript line',
  timing: 'timing span',
  rows: 'row',
  chain: 'certificate',
  addresses: 'address',
  to: 'recipient',
  records: 'record',
};

/** A field name as words: "localAddress" -> "local address". */
function fieldWords(key: string): string {
  return FIELD_WORDS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** Each step of a path in words: ["steps", 3, "status"] -> ["steps", "4th step", "status"]. */
function pathWords(path: Path): string[] {
  return path.map((part, i) => {
    if (typeof part !== 'number') return fieldWords(String(part));
    const list = path[i - 1];
    return `${ordinal(part + 1)} ${typeof list === 'string' ? (ITEM_WORDS[list] ?? 'item') : 'item'}`;
  });
}

/** Where a field is, as a reader finds it in the report: "steps › 4th step › status". */
export function fieldInWords(path: Path): string {
  return pathWords(path).join(' › ') || 'the whole file';
}

/** What the field is called in a sentence: the last part of its path. */
function label(path: Path): string {
  return pathWords(path).at(-1) ?? 'file';
}

/** The value at a path, and whether the document has one there at all. */
function valueAt(doc: unknown, path: Path): { present: boolean; value?: unknown } {
  let here: unknown = doc;
  for (const part of path) {
    if (typeof here !== 'object' || here === null || !Object.hasOwn(here, part)) return { present: false };
    here = (here as Record<PropertyKey, unknown>)[part];
  }
  return { present: here !== undefined, value: here };
}

/** A value as a reader recognises it: text in quotes (cut short), a list, a number. */
function shown(value: unknown): string {
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty (null)';
  if (typeof value === 'object') return 'a group of fields';
  return String(value);
}

/** What kind of value the schema wanted: "a number", "text". */
function kindWords(expected: string): string {
  const words: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a group of fields', int: 'a whole number' };
  return words[expected] ?? expected;
}

function oneOf(values: readonly unknown[]): string {
  const listed = values.slice(0, LISTED_VALUES).map((v) => (typeof v === 'string' ? v : String(v)));
  const more = values.length > LISTED_VALUES ? ` … (${values.length} in all)` : '';
  return `one of: ${listed.join(', ')}${more}`;
}

/** A limit in words: "longer than 256 characters", "above 65535". */
function limitWords(issue: Extract<Issue, { code: 'too_big' | 'too_small' }>): string {
  const big = issue.code === 'too_big';
  const limit = Number(big ? issue.maximum : issue.minimum);
  if (issue.origin === 'string') return `${big ? 'longer' : 'shorter'} than ${limit} characters allows`;
  if (issue.origin === 'array' || issue.origin === 'set') return `${big ? 'more' : 'fewer'} than ${limit} items allows`;
  return big ? `above the largest allowed, ${limit}` : `below the smallest allowed, ${limit}`;
}

/** One schema issue as what is wrong, in words. */
function issueWords(issue: Issue, doc: unknown): string {
  const name = label(issue.path);
  const at = valueAt(doc, issue.path);
  if (!at.present && issue.code !== 'invalid_union') return `the ${name} is missing`;
  switch (issue.code) {
    case 'invalid_type':
      return `the ${name} should be ${kindWords(issue.expected)} but is ${shown(at.value)}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `the ${name} should be ${shown(issue.values[0])} but is ${shown(at.value)}` : `the ${name} is ${shown(at.value)}, which is not ${oneOf(issue.values)}`;
    case 'invalid_union': {
      // A discriminated union says so on the discriminator's path: the value is then known.
      const options = (issue as { options?: unknown[] }).options;
      return options && at.present ? `the ${name} is ${shown(at.value)}, which is not ${oneOf(options)}` : `the ${name} does not match any form it can take`;
    }
    case 'too_big':
    case 'too_small':
      return `the ${name} is ${shown(at.value)}, ${limitWords(issue)}`;
    case 'invalid_format':
      return `the ${name} is ${shown(at.value)}, which is not a valid ${issue.format}`;
    default:
      return `the ${name} is not valid (${issue.message})`;
  }
}

/** The report format number, when it is not one this version reads; checked before any field. */
function formatProblem(doc: unknown, current: number): ReportProblem | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { words: `${NOT_A_REPORT}: the file holds ${shown(doc)}, not a report's fields`, detail: '(the whole report): expected an object' };
  }
  const version = (doc as { schemaVersion?: unknown }).schemaVersion;
  if (version === undefined) return { words: `${NOT_A_REPORT}: it has no report format number (schemaVersion)`, detail: 'schemaVersion: missing' };
  if (typeof version === 'number' && Number.isInteger(version) && version > current) {
    return { words: `was made by a newer SMTP Probe (format ${version}); update to open it`, detail: `schemaVersion: ${version}; this version reads formats 1 to ${current}` };
  }
  if (version !== current) {
    return { words: `${NOT_A_REPORT}: its report format is ${shown(version)}, and SMTP Probe reports are format 1 to ${current}`, detail: `schemaVersion: ${JSON.stringify(version)}` };
  }
  return undefined;
}

/** Where in the report an issue is, as the schema names it: "steps[3].details.code". */
function issuePath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('') || '(the whole report)';
}

/** The schema's first issues with their paths: "steps[3].status: Invalid option: …; exitCode: …". */
export function issuesDetail(issues: readonly Issue[]): string {
  const listed = issues.slice(0, DETAIL_ISSUES).map((issue) => `${issuePath(issue.path)}: ${issue.message}`);
  const more = issues.length > DETAIL_ISSUES ? ` (and ${issues.length - DETAIL_ISSUES} more)` : '';
  return `${listed.join('; ')}${more}`;
}

/**
 * Why a document (already brought to the current format where it was older) is not a report:
 * its format number first, then the first issue the schema found, in words and with its place.
 */
export function describeReportProblem(doc: unknown, issues: readonly Issue[], current: number): ReportProblem {
  const format = formatProblem(doc, current);
  if (format) return format;
  const first = issues[0];
  if (!first) return { words: NOT_A_REPORT };
  const others = issues.length > 1 ? `; ${issues.length - 1} more ${issues.length === 2 ? 'field is' : 'fields are'} wrong too` : '';
  return { words: `${NOT_A_REPORT}: ${issueWords(first, doc)} (at ${fieldInWords(first.path)})${others}`, detail: issuesDetail(issues) };
}

/** A file that is not JSON: the parser's message is the detail. */
export function notJsonProblem(parserMessage: string): ReportProblem {
  return { words: `${NOT_A_REPORT}: it is not JSON; a report is the JSON export of a run (Export › JSON)`, detail: parserMessage };
}

/** The whole sentence for a file: "ticket.json is not an SMTP Probe report: …". */
export function reportProblemMessage(fileName: string, problem: ReportProblem): string {
  return `${fileName} ${problem.words}.`;
}
