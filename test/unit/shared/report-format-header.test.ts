/**
 * Every export opens the way a ticket is read: the verdict in the wizard's words with the exit code,
 * then the profile (when the run came from one), the target and the date. The HTML export is
 * single-spaced and keeps the error colour for errors only.
 */
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../../shared/report-format.ts';
import { runReportSchema, type RunReport } from '../../../shared/report.ts';
import { verdictOf } from '../../../shared/verdict.ts';
import relayDenied from '../renderer/wizard/fixtures/report-relay-denied.json' with { type: 'json' };

const report = runReportSchema.parse(relayDenied) as unknown as RunReport;
const verdict = `${verdictOf(report).text} Exit code ${report.exitCode}.`;

describe('export header', () => {
  it('txt: the verdict is the first line, then profile, target and date', () => {
    const lines = formatReport(report, 'txt', { profileName: 'Office relay' }).split('\n');
    expect(lines[0]).toBe(verdict);
    expect(lines[0]).toMatch(/^Finished: failed at RCPT TO\./);
    expect(lines.slice(2, 5)).toEqual([
      'Profile:     Office relay',
      expect.stringMatching(/^Target: {6}.+:\d+ \(/),
      `Date (UTC):  ${report.startedAt}`,
    ]);
  });

  it('without a profile (a CLI run without --profile) there is no Profile line', () => {
    const text = formatReport(report, 'txt');
    expect(text).not.toMatch(/^Profile:/m);
    expect(text.split('\n')[2]).toMatch(/^Target:/);
  });

  it('md: the verdict in bold is the first line; the profile is a field', () => {
    const md = formatReport(report, 'md', { profileName: 'Office relay' });
    const first = md.split('\n')[0];
    expect(first).toMatch(/^\*\*Finished: failed at RCPT TO\. .*Exit code 18\.\*\*$/);
    expect(md).toContain('- **Profile:** Office relay');
    expect(md).toContain(`- **Date (UTC):** ${report.startedAt}`);
  });

  it('html: the verdict opens the body in its tone, before the title', () => {
    const html = formatReport(report, 'html', { profileName: 'Office <relay>' });
    const body = html.slice(html.indexOf('<body>') + '<body>'.length).trimStart();
    expect(body.startsWith('<p class="verdict error">Finished: failed at RCPT TO.')).toBe(true);
    expect(body.indexOf('Exit code 18.')).toBeLessThan(body.indexOf('<h1>'));
    expect(html).toContain('<tr><th>Profile</th><td>Office &#60;relay&#62;</td></tr>');
  });

  it('html: transcript lines are single-spaced (no text node between them) and received lines are not red', () => {
    const html = formatReport(report, 'html');
    const transcript = html.slice(html.indexOf('<div class="transcript">'), html.indexOf('</body>'));
    expect(transcript).toMatch(/<\/div><div class="d-/);
    expect(transcript).not.toMatch(/<\/div>\s+<div class="d-/);
    const css = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    const red = /\.d-S\{color:#b00020/;
    expect(css).not.toMatch(red);
    expect(css).toMatch(/\.d-error\{color:#b00020/);
  });
});
