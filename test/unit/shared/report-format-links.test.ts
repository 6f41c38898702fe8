/**
 * A finding's receiver page in the exports and the report format: the URL always comes from the
 * known-replies table by the finding's link id, never from the report's own text; HTML makes it
 * the one real link, text and Markdown print it, JSON adds it next to the id, and reading a report
 * back keeps the id and title only (reports from before the field still read).
 */
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/finding-codes.ts';
import { formatReport, withPageUrls } from '../../../shared/report-format.ts';
import { REPORT_SCHEMA_VERSION, parseRunReport, type RunReport } from '../../../shared/report.ts';
import { renderMarkdownLikeATicket } from '../../helpers/inert-export.ts';

const PAGE = 'https://www.postfix.org/postconf.5.html#reject_unauth_destination';
const EVIL = 'https://evil.example/phish';
const SERVER_LINE = `554 5.7.1 <x@elsewhere.example>: Relay access denied <a href="${EVIL}">see</a> ${EVIL}`;

function relayFinding(link: Finding['link']): Finding {
  return {
    code: 'rcpt.relay-denied',
    severity: 'error',
    step: 'rcpt',
    message: `The server refused to relay to <x@elsewhere.example>: ${SERVER_LINE} — a known Postfix reply: Postfix accepts mail for other domains only from trusted networks.`,
    hint: `As a user: log in (AUTH) on the submission port 587 before sending. ${EVIL}`,
    evidence: SERVER_LINE,
    ...(link ? { link } : {}),
  };
}

function reportWith(findings: Finding[]): RunReport {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'smtp-probe', version: '1.0.0' },
    target: { host: '127.0.0.1', address: '127.0.0.1', port: 25, security: 'starttls' },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    source: {},
    steps: [{ id: 'rcpt', status: 'fail', durationMs: 3, summary: SERVER_LINE }],
    findings,
    transcript: [{ seq: 1, t: 1, dir: 'S', text: SERVER_LINE }],
    dns: {},
    request: { port: 25, security: 'starttls', ehloName: 'client.example', to: ['x@elsewhere.example'] },
    redacted: true,
    exitCode: 18,
  };
}

const linked = reportWith([relayFinding({ id: 'reply:postfix-relay-denied', title: 'Postfix postconf(5): <b>reject_unauth_destination</b>' })]);

function anchors(html: string): Array<{ href: string | null; text: string }> {
  const doc = new new Window().DOMParser().parseFromString(html, 'text/html');
  return [...doc.querySelectorAll('a')].map((a) => ({ href: a.getAttribute('href'), text: a.textContent }));
}

describe('a finding\'s receiver page in the exports', () => {
  it('HTML: the one real link is the table\'s page; the title and every server URL stay text', () => {
    const html = formatReport(linked, 'html');
    expect(anchors(html)).toEqual([{ href: PAGE, text: 'Postfix postconf(5): <b>reject_unauth_destination</b>' }]);
    expect(html).not.toContain(`href="${EVIL}"`);
    expect(html).toContain(`(${PAGE})`);
  });

  it('text and Markdown print the table\'s URL after the hint; a ticket renders it as a link to that page only', () => {
    expect(formatReport(linked, 'txt')).toContain(`          More: ${PAGE}\n`);
    const md = formatReport(linked, 'md');
    expect(md).toContain(`  *More:* <${PAGE}>`);
    expect(anchors(renderMarkdownLikeATicket(md, false))).toEqual([{ href: PAGE, text: PAGE }]);
  });

  it('JSON adds the URL next to the id; read back, the report keeps the id and title only', () => {
    const json: unknown = JSON.parse(formatReport(linked, 'json'));
    expect((json as RunReport).findings[0]!.link).toEqual({ id: 'reply:postfix-relay-denied', title: linked.findings[0]!.link!.title, url: PAGE });
    const back = parseRunReport(json);
    expect(back.ok && back.report.findings[0]!.link).toEqual(linked.findings[0]!.link);
  });

  it('a URL written into the report is ignored: the page is looked up by id', () => {
    const forged = { ...linked, findings: [{ ...linked.findings[0]!, link: { ...linked.findings[0]!.link!, url: EVIL } }] } as unknown as RunReport;
    expect(anchors(formatReport(forged, 'html')).map((a) => a.href)).toEqual([PAGE]);
    expect(withPageUrls(forged).findings[0]!.link).toMatchObject({ url: PAGE });
  });

  it('an id the table does not know (a report from another version) gives no link and no URL', () => {
    const unknown = reportWith([relayFinding({ id: 'reply:no-such-entry', title: 'Gone' })]);
    expect(anchors(formatReport(unknown, 'html'))).toEqual([]);
    expect(formatReport(unknown, 'txt')).not.toContain('More:');
    expect(formatReport(unknown, 'md')).not.toContain('More:');
    expect(withPageUrls(unknown).findings[0]!.link).toEqual({ id: 'reply:no-such-entry', title: 'Gone' });
  });

  it('a finding without a page prints no More line', () => {
    const plain = reportWith([relayFinding(undefined)]);
    expect(formatReport(plain, 'txt')).not.toContain('More:');
    expect(anchors(formatReport(plain, 'html'))).toEqual([]);
  });
});

describe('the report format and the link field', () => {
  it('reads a report from before the field (no link on any finding)', () => {
    expect(parseRunReport(JSON.parse(JSON.stringify(reportWith([relayFinding(undefined)])))).ok).toBe(true);
  });

  it.each(['https://evil.example/', 'javascript:alert(1)', 'rfc5321', 'reply:', 'reply:Upper'])('refuses a link id that is not a receiver page\'s: %s', (id) => {
    const doc = JSON.parse(JSON.stringify(linked)) as { findings: Array<{ link: { id: string } }> };
    doc.findings[0]!.link.id = id;
    const checked = parseRunReport(doc);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.message).toMatch(/findings\[0\]\.link\.id/);
  });
});
