/**
 * The export of a check over IPv4 and IPv6 as one ticket: text, Markdown, HTML or JSON. The
 * comparison comes first (per version: the address dialled, the verdict, the step that failed and
 * how long the run took; then the comparison's findings), then each version's whole report with
 * its transcript, rendered by the single-run formats (report-format.ts), so server text is made
 * inert the same way. The reports come already scrubbed of credentials, like every export's.
 */
import { comparisonFindings, FAMILY_OUTCOME_LABELS, FAMILY_PAIR_KIND, IP_VERSIONS, IP_VERSION_FAMILY, type FamilyComparison, type IpVersion } from './family-pair.ts';
import type { RunReport } from './report.ts';
import { CREDENTIALS_NOTE, formatMarkdown, formatReport, htmlPage, htmlReportBody, jsonText, markdownCode, markdownText, withPageUrls, type ReportContext, type ReportFormat } from './report-format.ts';
import { REPORT_SCHEMA_VERSION } from './report.ts';
import { STEP_IDS, STEP_LABELS } from './steps.ts';
import { formatMs } from './timing.ts';
import { escapeHtml, visibleText } from './visible-text.ts';

const label = (v: IpVersion): string => `IPv${IP_VERSION_FAMILY[v]}`;

/** One line of the comparison table. */
export interface FamilyRow {
  version: string;
  address: string;
  verdict: string;
  failedStep: string;
  time: string;
}

/** How long a run took: its last span's end, else its start and finish times. */
function runTimeMs(report: RunReport): number {
  const spans = report.timing ?? [];
  if (spans.length > 0) return Math.max(...spans.map((s) => s.startMs + s.durationMs));
  const ms = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  return Number.isFinite(ms) ? Math.max(0, ms) : 0;
}

export function familyRows(c: FamilyComparison): FamilyRow[] {
  return IP_VERSIONS.map((v) => {
    const report = c[v];
    const failed = STEP_IDS.find((id) => report.steps.some((s) => s.id === id && s.status === 'fail'));
    const summary = report.steps.find((s) => s.id === failed)?.summary;
    const outcome = c.outcomes[v];
    return {
      version: label(v),
      address: visibleText(report.target.address ?? '-'),
      verdict: outcome === 'fail' ? `${FAMILY_OUTCOME_LABELS[outcome]} (exit ${report.exitCode})` : FAMILY_OUTCOME_LABELS[outcome],
      failedStep: failed === undefined ? '-' : `${STEP_LABELS[failed]}${summary ? `: ${visibleText(summary)}` : ''}`,
      time: formatMs(runTimeMs(report)),
    };
  });
}

/** The export's first line: what the comparison found, or how both went, then the pair's exit code. */
export function familyHeadline(c: FamilyComparison): string {
  const found = comparisonFindings(c)[0]?.finding;
  const how = found
    ? found.message
    : c.outcomes.ipv4 === 'pass' && c.outcomes.ipv6 === 'pass'
      ? 'Both IP versions work: every step passed or only warned over IPv4 and over IPv6.'
      : `Both IP versions fail: ${familyRows(c).map((r) => `${r.version} at ${r.failedStep.split(':')[0]}`).join(', ')}.`;
  return `${visibleText(how)} Exit code ${c.exitCode}.`;
}

function headerFields(c: FamilyComparison, context: ReportContext): Array<[string, string]> {
  const t = c.ipv4.target;
  const name = t.host ?? t.domain ?? t.address ?? '';
  return [
    ...(context.profileName !== undefined ? ([['Profile', context.profileName]] as Array<[string, string]>) : []),
    ['Target', `${name} port ${t.port} (${t.security}), once over each IP version`],
    ['Date (UTC)', c.ipv4.startedAt],
    ['Tool', `SMTP Probe ${c.ipv4.tool.version}`],
    ['Credentials', CREDENTIALS_NOTE],
  ];
}

const COLUMNS: Array<[keyof FamilyRow, string]> = [
  ['version', 'Version'],
  ['address', 'Address'],
  ['verdict', 'Verdict'],
  // The one column of any length goes last, so the others line up in the text export.
  ['time', 'Time'],
  ['failedStep', 'Failed step'],
];
const TITLE = 'SMTP Probe: one check over IPv4 and IPv6';

function pairText(c: FamilyComparison, context: ReportContext): string {
  const out = [familyHeadline(c), ''];
  for (const [k, v] of headerFields(c, context)) out.push(`${`${k}:`.padEnd(13)}${visibleText(v)}`);
  const rows = familyRows(c);
  const width = (key: keyof FamilyRow, head: string) => Math.max(head.length, ...rows.map((r) => r[key].length));
  const line = (cells: (key: keyof FamilyRow, head: string) => string) => `  ${COLUMNS.map(([key, head]) => cells(key, head).padEnd(width(key, head))).join('  ')}`.trimEnd();
  out.push('', 'Over IPv4 and IPv6', line((_, head) => head));
  for (const r of rows) out.push(line((key) => r[key]));
  out.push('', 'Comparison');
  const found = comparisonFindings(c);
  if (found.length === 0) out.push('  nothing told the versions apart');
  for (const { finding: f } of found) out.push(`  ${f.severity.toUpperCase().padEnd(7)} ${f.code}: ${visibleText(f.message)}`, `          What to do: ${visibleText(f.hint)}`);
  for (const v of IP_VERSIONS) out.push('', `======== Over ${label(v)} ========`, formatReport(c[v], 'txt', context).trimEnd());
  return `${out.join('\n')}\n`;
}

function pairMarkdown(c: FamilyComparison, context: ReportContext): string {
  const md = markdownText;
  const out = [`**${md(familyHeadline(c))}**`, '', `# ${TITLE}`, ''];
  for (const [k, v] of headerFields(c, context)) out.push(`- **${k}:** ${md(v)}`);
  out.push('', '## Over IPv4 and IPv6', '', `| ${COLUMNS.map(([, head]) => head).join(' | ')} |`, '|---|---|---|---:|---|');
  for (const r of familyRows(c)) out.push(`| ${COLUMNS.map(([key]) => md(r[key])).join(' | ')} |`);
  out.push('', '## Comparison', '');
  const found = comparisonFindings(c);
  if (found.length === 0) out.push('Nothing told the versions apart.');
  for (const { finding: f } of found) out.push(`- **${md(f.severity)}** ${markdownCode(f.code)}: ${md(f.message)}  `, `  *What to do:* ${md(f.hint)}`);
  for (const v of IP_VERSIONS) out.push('', '---', '', formatMarkdown(c[v], context, 2, `Over ${label(v)}`).trimEnd());
  return `${out.join('\n')}\n`;
}

function pairHtml(c: FamilyComparison, context: ReportContext): string {
  const h = escapeHtml;
  const fields = headerFields(c, context)
    .map(([k, v]) => `<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`)
    .join('');
  const head = COLUMNS.map(([, title]) => `<th>${h(title)}</th>`).join('');
  const rows = familyRows(c)
    .map((r, i) => `<tr class="${c.outcomes[IP_VERSIONS[i] ?? 'ipv4'] === 'fail' ? 'fail' : 'pass'}">${COLUMNS.map(([key]) => `<td>${h(r[key])}</td>`).join('')}</tr>`)
    .join('');
  const found = comparisonFindings(c);
  const findings = found.length
    ? found.map(({ finding: f }) => `<li class="${h(f.severity)}"><b>${h(f.severity)}</b> <code>${h(f.code)}</code>: ${h(f.message)}<br><i>What to do:</i> ${h(f.hint)}</li>`).join('')
    : '<li>Nothing told the versions apart.</li>';
  const tone = c.exitCode === 0 ? (found.length > 0 ? 'warn' : 'success') : 'error';
  const runs = IP_VERSIONS.map((v) => `<hr>\n${htmlReportBody(c[v], context, 2, `Over ${label(v)}`)}`).join('\n');
  const body = `<p class="verdict ${tone}">${h(familyHeadline(c))}</p>
<h1>${h(TITLE)}</h1>
<table>${fields}</table>
<h2>Over IPv4 and IPv6</h2><table class="families"><tr>${head}</tr>${rows}</table>
<h2>Comparison</h2><ul>${findings}</ul>
${runs}`;
  return htmlPage(`${TITLE}: ${headerFields(c, context).find(([k]) => k === 'Target')?.[1] ?? ''}`, body);
}

/** The JSON export: a pair file that File > Open report reads back (family-pair.ts). */
function pairJson(c: FamilyComparison, context: ReportContext): string {
  const named = (r: RunReport) => withPageUrls(context.profileName !== undefined ? { ...r, profileName: context.profileName } : r);
  return `${jsonText({ kind: FAMILY_PAIR_KIND, schemaVersion: REPORT_SCHEMA_VERSION, outcomes: c.outcomes, exitCode: c.exitCode, ipv4: named(c.ipv4), ipv6: named(c.ipv6) })}\n`;
}

export function formatFamilyPair(c: FamilyComparison, format: ReportFormat, context: ReportContext = {}): string {
  switch (format) {
    case 'txt':
      return pairText(c, context);
    case 'md':
      return pairMarkdown(c, context);
    case 'html':
      return pairHtml(c, context);
    case 'json':
      return pairJson(c, context);
  }
}
