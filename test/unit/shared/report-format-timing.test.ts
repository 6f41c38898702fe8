/**
 * The timing waterfall in the exports: a table of every span with its numbers as text, the longest
 * marked, bars placed by inline styles only (no script), and no section for a report without timing.
 */
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../../shared/report-format.ts';
import type { TimingSpan } from '../../../shared/timing.ts';
import { buildReport } from '../../fixtures/reports/build-report.ts';

const timing: TimingSpan[] = [
  { stage: 'dns', label: 'MX lookup of example.com', startMs: 0, durationMs: 20 },
  { stage: 'connect', label: 'TCP connect to 192.0.2.1 port 25', startMs: 21, durationMs: 4 },
  { stage: 'banner', label: 'Banner (greeting)', startMs: 25, durationMs: 30_000, failed: true },
  { stage: 'mail', label: 'MAIL FROM <me@example.com>', startMs: 30_026, durationMs: 3 },
  { stage: 'rcpt', label: 'RCPT TO <you@example.net>', startMs: 30_026, durationMs: 5 },
];
const report = buildReport({ timing });

function htmlRows(html: string): Array<{ cells: string[]; className: string; bar: string | null }> {
  const doc = new new Window().DOMParser().parseFromString(html, 'text/html');
  return [...doc.querySelectorAll('table.waterfall tr')].slice(1).map((tr) => ({
    cells: [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent ?? ''),
    className: tr.className,
    bar: tr.querySelector('.bar')?.getAttribute('style') ?? null,
  }));
}

describe('the timing waterfall in the exports', () => {
  it('HTML: one row per span in order of start, the numbers as text, the longest and the failed marked, bars by inline style', () => {
    const html = formatReport(report, 'html');
    expect(html).toContain('30,031 ms in all; longest: Banner (greeting), 30,000 ms');
    const rows = htmlRows(html);
    expect(rows.map((r) => r.cells)).toEqual([
      ['MX lookup of example.com', '0.0 ms', '20 ms'],
      ['TCP connect to 192.0.2.1 port 25', '21 ms', '4.0 ms'],
      ['Banner (greeting) (failed)', '25 ms', '30,000 ms'],
      ['MAIL FROM <me@example.com>', '30,026 ms', '3.0 ms'],
      ['RCPT TO <you@example.net>', '30,026 ms', '5.0 ms'],
    ]);
    expect(rows.map((r) => r.className)).toEqual(['', '', 'longest failed', '', '']);
    // Pipelined commands start at the same place and end apart.
    expect(rows[3]?.bar).toBe('left:99.98%;width:0.01%');
    expect(rows[4]?.bar).toBe('left:99.98%;width:0.02%');
    expect(html).not.toMatch(/<script/i);
  });

  it('text and Markdown: a compact table with the same numbers, the longest starred or bold', () => {
    const text = formatReport(report, 'txt');
    expect(text).toContain('Timing: 30,031 ms in all; longest: Banner (greeting), 30,000 ms');
    expect(text).toMatch(/^ {7}25\.0 {4}30000\.0 \*! Banner \(greeting\)$/m);
    expect(text).toMatch(/^ {4}30026\.0 {8}5\.0 {4}RCPT TO <you@example\.net>$/m);
    const md = formatReport(report, 'md');
    expect(md).toContain('| 25.0 | 30000.0 | **! Banner (greeting)** |');
    expect(md).toContain('| 30026.0 | 5.0 | RCPT TO \\<you@example.net\\> |');
  });

  it('a report without timing (saved before it was recorded) has no timing section', () => {
    const old = buildReport();
    expect(formatReport(old, 'html')).not.toContain('<table class="waterfall"');
    expect(formatReport(old, 'txt')).not.toMatch(/^Timing/m);
    expect(formatReport(old, 'md')).not.toContain('## Timing');
  });
});
