/**
 * Ticket-ready renderings of a run report: plain text, Markdown, self-contained HTML and JSON.
 * Pure functions shared by the CLI (--transcript FILE --format ...) and the desktop app's export.
 * Every string that can come from a server or DNS is inert in each format (reliability A.14): shown
 * with visibleText, HTML-escaped, Markdown-escaped or fenced, and JSON with markup characters escaped.
 * The report comes already scrubbed of credentials (electron/engine/smtp/secret-scrubber.ts).
 */
import type { ReportFormat } from './export-formats.ts';
import type { Finding } from './finding-codes.ts';
import { knownReplyUrl } from './known-replies/pages.ts';
import type { RunReport } from './report.ts';
import { formatMs, timingSummary, waterfallOf, type Waterfall } from './timing.ts';
import type { TranscriptEvent } from './transcript.ts';
import { transcriptLine } from './transcript-line.ts';
import { exportVerdictLine, verdictOf } from './verdict.ts';
import { escapeHtml, visibleText } from './visible-text.ts';

export { REPORT_FORMATS, type ReportFormat } from './export-formats.ts';

/** Exports are capped (reliability A.29): beyond this many transcript lines, head and tail are kept. */
export const MAX_EXPORT_TRANSCRIPT_LINES = 50_000;


/** What the report itself does not carry: the saved profile the run came from, if any. */
export interface ReportContext {
  profileName?: string;
}

export function formatReport(report: RunReport, format: ReportFormat, context: ReportContext = {}): string {
  switch (format) {
    case 'txt':
      return formatText(report, context);
    case 'md':
      return formatMarkdown(report, context);
    case 'html':
      return formatHtml(report, context);
    case 'json':
      return `${jsonText(withPageUrls(context.profileName !== undefined ? { ...report, profileName: context.profileName } : report))}\n`;
  }
}

/**
 * JSON that stays data wherever it is pasted: `<`, `>` and `&` as \u escapes, so `</script>` or
 * `<!--` cannot end an embedding script block; U+2028/2029 escaped for pre-ES2019 parsers.
 * JSON.parse gives back exactly the same value.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The HTML export's own policy: no script, no image, no fetch, no form, no base; inline styles only. */
export const HTML_EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** The page of a finding that came from a receiver's wording, looked up by its id in the table. */
function pageOf(f: Finding): { url: string; title: string } | undefined {
  const url = f.link ? knownReplyUrl(f.link.id) : undefined;
  return url !== undefined && f.link ? { url, title: f.link.title } : undefined;
}

/**
 * The report as JSON readers get it: each finding's page URL next to its id. Output only: the
 * report schema does not declare it, so a report read back drops it and nothing ever opens it.
 */
export function withPageUrls(report: RunReport): RunReport {
  const findings = report.findings.map((f) => {
    const page = pageOf(f);
    if (!page || !f.link) return f;
    const link = { ...f.link, url: page.url };
    return { ...f, link };
  });
  return { ...report, findings };
}

function cappedTranscript(events: readonly TranscriptEvent[]): Array<TranscriptEvent | string> {
  if (events.length <= MAX_EXPORT_TRANSCRIPT_LINES) return [...events];
  const half = MAX_EXPORT_TRANSCRIPT_LINES / 2;
  const cut = events.length - MAX_EXPORT_TRANSCRIPT_LINES;
  return [...events.slice(0, half), `… ${cut} transcript lines left out of this export …`, ...events.slice(-half)];
}

export function targetLine(report: RunReport): string {
  const t = report.target;
  const where = t.host ? `${t.host}${t.address && t.address !== t.host ? ` [${t.address}]` : ''}:${t.port}` : `port ${t.port}`;
  const family = report.request.family !== undefined ? `; over IPv${report.request.family} only` : '';
  return `${t.domain ? `${t.domain} → ` : ''}${where} (${t.security}${portReason(t)}${family})`;
}

/** Why a port nobody typed was chosen (shared/check-request.ts defaultPort): the rule, in words. */
function portReason(t: RunReport['target']): string {
  if (t.portRule === 'mx') return `; port ${t.port}: an MX receives mail there, whatever the TLS mode`;
  if (t.portRule === 'security') return `; port ${t.port}: the usual port for ${t.security}`;
  return '';
}

export function tlsLine(report: RunReport): string {
  const tls = report.smtp?.tls;
  if (!tls) return 'not used';
  const leaf = tls.chain[0];
  const verdict = tls.authorized ? 'certificate verified' : `certificate NOT verified (${tls.authorizationError ?? 'unknown reason'})`;
  return `${tls.protocol ?? '?'} ${tls.cipher?.name ?? ''}, ${verdict}${leaf ? `, ${leaf.subject}, valid until ${leaf.validTo}` : ''}`;
}

/** Our side of the connection: the local address and port used (and whether it was the one asked for), the public IP. */
export function sourceLine(report: RunReport): string {
  const { localAddress, localPort, publicIp } = report.source;
  const asked = report.request.sourceAddress;
  const local = localAddress === undefined ? undefined : `local ${localAddress}${localPort !== undefined ? ` port ${localPort}` : ''}${asked !== undefined ? ' (the source address asked for)' : ''}`;
  const unbound = localAddress === undefined && asked !== undefined ? `source address ${asked} asked for, not used` : undefined;
  return [local ?? unbound, publicIp && `public IP ${publicIp}`].filter(Boolean).join(', ') || 'unknown';
}

/** What every export says of credentials (the report comes scrubbed: engine/smtp/secret-scrubber.ts). */
export const CREDENTIALS_NOTE = 'redacted: the client lines of AUTH, and the password wherever it appears (raw, encoded, or echoed by the server), read [redacted] in this report (the user name is shown)';

/** The fields under the verdict line: which profile, which server, when first; then the rest. */
function headerLines(report: RunReport, context: ReportContext): Array<[string, string]> {
  const profile: Array<[string, string]> = context.profileName !== undefined ? [['Profile', context.profileName]] : [];
  return [
    ...profile,
    ['Target', targetLine(report)],
    ['Date (UTC)', report.startedAt],
    ['Tool', `SMTP Probe ${report.tool.version}`],
    ['Source', sourceLine(report)],
    ['TLS', tlsLine(report)],
    ['Credentials', CREDENTIALS_NOTE],
  ];
}

function formatText(report: RunReport, context: ReportContext): string {
  const out: string[] = [visibleText(exportVerdictLine(report)), ''];
  for (const [k, v] of headerLines(report, context)) out.push(`${`${k}:`.padEnd(13)}${visibleText(v)}`);
  out.push('', 'Steps');
  for (const s of report.steps) out.push(`  ${s.status.toUpperCase().padEnd(7)} ${s.id.padEnd(9)} ${String(Math.round(s.durationMs)).padStart(6)} ms  ${visibleText(s.summary)}`);
  out.push('', 'Findings');
  if (report.findings.length === 0) out.push('  none');
  for (const f of report.findings) {
    out.push(`  ${f.severity.toUpperCase().padEnd(7)} ${f.code} (${f.step}): ${visibleText(f.message)}`);
    out.push(`          What to do: ${visibleText(f.hint)}`);
    const page = pageOf(f);
    if (page) out.push(`          More: ${page.url}`);
  }
  out.push(...timingText(report));
  out.push('', 'Transcript (-> sent, <- received)');
  for (const e of cappedTranscript(report.transcript)) out.push(typeof e === 'string' ? e : transcriptLine(e));
  return `${out.join('\n')}\n`;
}

/** A report saved before timing was recorded has none: its exports leave the section out. */
function waterfallOfReport(report: RunReport): Waterfall | undefined {
  return report.timing?.length ? waterfallOf(report.timing) : undefined;
}

const msColumn = (ms: number): string => ms.toFixed(1).padStart(9);
/** How a span is marked in the text and Markdown tables. */
const spanMark = (row: Waterfall['rows'][number]): string => `${row.longest ? '*' : ' '}${row.failed ? '!' : ' '}`;

function timingText(report: RunReport): string[] {
  const w = waterfallOfReport(report);
  if (!w) return [];
  const out = ['', `Timing: ${timingSummary(w)}`, '  (ms from the start of the run; * the longest, ! failed)', '      start   duration'];
  for (const r of w.rows) out.push(`  ${msColumn(r.startMs)}  ${msColumn(r.durationMs)} ${spanMark(r)} ${visibleText(r.label)}`);
  return out;
}

function timingMarkdown(report: RunReport, h2: string): string[] {
  const w = waterfallOfReport(report);
  if (!w) return [];
  const out = ['', `${h2} Timing`, '', `${markdownText(timingSummary(w))} (ms from the start of the run; the longest in bold, ! failed)`, '', '| Start | Duration | Stage |', '|---:|---:|---|'];
  for (const r of w.rows) {
    const label = `${r.failed ? '! ' : ''}${markdownText(r.label)}`;
    out.push(`| ${r.startMs.toFixed(1)} | ${r.durationMs.toFixed(1)} | ${r.longest ? `**${label}**` : label} |`);
  }
  return out;
}

/**
 * Server text as inert Markdown prose: every character that can open markup in CommonMark or GFM
 * (HTML tags and autolinks `<`, entities `&`, links and images `[` `]` `!`, code spans, emphasis,
 * strikethrough, table cells) is backslash-escaped (CommonMark §2.4), and the backslash itself.
 * Newlines never reach here: visibleText shows them as \x0a, so no block can start.
 */
export function markdownText(text: string): string {
  return visibleText(text).replace(/[\\`*_~[\]<>&|!]/g, (c) => `\\${c}`);
}

/** The longest run of backticks in any of the lines (0 when none). */
function longestBacktickRun(lines: readonly string[]): number {
  return Math.max(0, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((r) => r.length)));
}

/** A code span whose delimiter is longer than any backtick run inside (CommonMark §6.1). */
export function markdownCode(text: string): string {
  const shown = visibleText(text);
  const ticks = '`'.repeat(longestBacktickRun([shown]) + 1);
  const pad = /^`|`$/.test(shown) ? ' ' : '';
  return `${ticks}${pad}${shown}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run inside, so no line can close it (§4.5). */
export function markdownFence(lines: readonly string[], info = 'text'): string[] {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(lines) + 1));
  return [`${fence}${info}`, ...lines, fence];
}

/** `level`: the heading level of the report's title (2 inside the export of a pair, under its own title). */
export function formatMarkdown(report: RunReport, context: ReportContext, level = 1, title = 'SMTP Probe test report'): string {
  const md = markdownText;
  const h2 = '#'.repeat(level + 1);
  const out: string[] = [`**${md(exportVerdictLine(report))}**`, '', `${'#'.repeat(level)} ${md(title)}`, ''];
  for (const [k, v] of headerLines(report, context)) out.push(`- **${k}:** ${md(v)}`);
  out.push('', `${h2} Steps`, '', '| Step | Status | Time | Summary |', '|---|---|---:|---|');
  for (const s of report.steps) out.push(`| ${md(s.id)} | ${md(s.status)} | ${Math.round(s.durationMs)} ms | ${md(s.summary)} |`);
  out.push('', `${h2} Findings`, '');
  if (report.findings.length === 0) out.push('None.');
  for (const f of report.findings) {
    const page = pageOf(f);
    out.push(`- **${md(f.severity)}** ${markdownCode(f.code)} (${md(f.step)}): ${md(f.message)}  `, `  *What to do:* ${md(f.hint)}${page ? '  ' : ''}`);
    // An autolink: the table's URLs have no spaces or angle brackets.
    if (page) out.push(`  *More:* <${page.url}>`);
  }
  out.push(...timingMarkdown(report, h2));
  const lines = cappedTranscript(report.transcript).map((e) => (typeof e === 'string' ? e : transcriptLine(e)));
  out.push('', `${h2} Transcript`, '', ...markdownFence(lines));
  return `${out.join('\n')}\n`;
}

/**
 * The waterfall as a table: the numbers are text in their own cells (what a screen reader and a
 * copy-paste get); the bars are decoration, placed by inline styles (the export's CSP allows
 * those, and no script).
 */
function timingHtml(report: RunReport, h2: string): string {
  const w = waterfallOfReport(report);
  if (!w) return '';
  const h = escapeHtml;
  const ticks = w.ticks.map((t) => `<span style="left:${t.atPct}%;transform:translateX(-${t.atPct}%)">${h(t.label)}</span>`).join('');
  const rows = w.rows
    .map((r) => {
      const cls = [r.longest ? 'longest' : '', r.failed ? 'failed' : '', r.stage === 'pause' ? 'pause' : ''].filter(Boolean).join(' ');
      const bar = `<div class="track" aria-hidden="true"><div class="bar" style="left:${r.offsetPct}%;width:${r.widthPct}%"></div></div>`;
      return `<tr${cls ? ` class="${cls}"` : ''}><td>${h(r.label)}${r.failed ? ' (failed)' : ''}</td><td class="num">${h(formatMs(r.startMs))}</td><td class="num">${h(formatMs(r.durationMs))}</td><td>${bar}</td></tr>`;
    })
    .join('');
  return `<${h2}>Timing</${h2}><p>${h(timingSummary(w))}. Start: milliseconds from the start of the run.</p>
<table class="waterfall"><tr><th>Stage</th><th>Start</th><th>Duration</th><th><div class="axis" aria-hidden="true">${ticks}</div></th></tr>${rows}</table>`;
}

/** A finding's page as a real link: the URL is the table's (by id), never one from the report's text. */
function pageHtml(f: Finding): string {
  const page = pageOf(f);
  if (!page) return '';
  const url = escapeHtml(page.url);
  return `<br><i>More:</i> <a href="${url}" rel="noreferrer noopener">${escapeHtml(page.title)}</a> (${url})`;
}

/** One run's part of an HTML export; `level`: its title's heading level (2 inside the export of a pair). */
export function htmlReportBody(report: RunReport, context: ReportContext, level = 1, title = 'SMTP Probe test report'): string {
  const h = escapeHtml;
  const h2 = `h${level + 1}`;
  const rows = headerLines(report, context)
    .map(([k, v]) => `<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`)
    .join('');
  const steps = report.steps
    .map((s) => `<tr class="${h(s.status)}"><td>${h(s.id)}</td><td>${h(s.status)}</td><td>${Math.round(s.durationMs)} ms</td><td>${h(s.summary)}</td></tr>`)
    .join('');
  const findings = report.findings.length
    ? report.findings
        .map((f) => `<li class="${h(f.severity)}"><b>${h(f.severity)}</b> <code>${h(f.code)}</code> (${h(f.step)}): ${h(f.message)}<br><i>What to do:</i> ${h(f.hint)}${pageHtml(f)}</li>`)
        .join('')
    : '<li>None.</li>';
  const transcript = cappedTranscript(report.transcript)
    .map((e) => (typeof e === 'string' ? `<div class="gap">${h(e)}</div>` : `<div class="d-${h(e.dir)}">${h(transcriptLine(e))}</div>`))
    .join('');
  return `<p class="verdict ${verdictOf(report).tone}">${h(exportVerdictLine(report))}</p>
<h${level}>${h(title)}</h${level}>
<table>${rows}</table>
<${h2}>Steps</${h2}><table><tr><th>Step</th><th>Status</th><th>Time</th><th>Summary</th></tr>${steps}</table>
<${h2}>Findings</${h2}><ul>${findings}</ul>
${timingHtml(report, h2)}
<${h2}>Transcript</${h2}><p>-&gt; in blue: sent by SMTP Probe. &lt;- in black: received from the server. !! in bold red: errors.</p>
<div class="transcript">${transcript}</div>`;
}

/** A whole HTML export around its body: its own CSP, the one style sheet, no script. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${HTML_EXPORT_CSP}">
<title>${escapeHtml(title)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}th,td{text-align:left;padding:2px 8px;border-bottom:1px solid #ddd}
tr.fail td{color:#b00020}tr.warn td{color:#8a5a00}li.error{color:#b00020}li.warning{color:#8a5a00}
pre,.transcript{font:12px ui-monospace,Consolas,monospace;white-space:pre-wrap}.d-C{color:#0645ad}.d-S{color:#222}.d-error{color:#b00020;font-weight:bold}.d-tls,.d-info{color:#555}
table.waterfall{width:100%;max-width:1100px;table-layout:fixed}table.waterfall th:nth-child(1){width:34%}table.waterfall th:nth-child(2),table.waterfall th:nth-child(3){width:9%}
table.waterfall td{padding:1px 8px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums}
.track,.axis{position:relative;height:12px}.axis{font:11px system-ui,sans-serif;color:#555}.axis span{position:absolute;top:0;white-space:nowrap}
.bar{position:absolute;top:1px;height:10px;min-width:2px;background:#4a78c2}tr.longest td{font-weight:bold}tr.longest .bar{background:#c26a00}tr.failed .bar{background:#b00020}tr.pause td{color:#666}tr.pause .bar{background:repeating-linear-gradient(135deg,#999 0 4px,transparent 4px 8px);outline:1px solid #999}
p.verdict{font-size:16px;font-weight:bold;padding:6px 10px;border-left:4px solid #555}p.verdict.error{color:#b00020;border-color:#b00020}p.verdict.warn{color:#8a5a00;border-color:#8a5a00}p.verdict.success{color:#1b5e20;border-color:#1b5e20}
</style></head><body>
${body}
</body></html>
`;
}

function formatHtml(report: RunReport, context: ReportContext): string {
  return htmlPage(`SMTP Probe report: ${targetLine(report)}`, htmlReportBody(report, context));
}
