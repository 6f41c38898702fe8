/**
 * Exports are inert (reliability A.14): a report whose every server- or DNS-provided field carries
 * markup comes out of all four formats with that markup as text.
 */
import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS, formatReport, markdownCode, markdownFence, markdownText } from '../../../shared/report-format.ts';
import type { ReportFormat } from '../../../shared/report-format.ts';
import { REPORT_SCHEMA_VERSION, parseRunReport, type RunReport } from '../../../shared/report.ts';
import { MARKUP_PAYLOADS, expectInertExports, renderMarkdownLikeATicket } from '../../helpers/inert-export.ts';

const P = MARKUP_PAYLOADS.join(' ');

/** A recorded run where the server, its certificate and DNS all answered with markup. */
function hostileReport(): RunReport {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'smtp-probe', version: '1.0.0' },
    target: { domain: `example.com${P}`, host: `mx${P}.example.com`, address: '127.0.0.1', port: 25, security: 'starttls' },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    source: { localAddress: '127.0.0.1', publicIp: `203.0.113.7${P}` },
    steps: [
      { id: 'mx', status: 'pass', durationMs: 3, summary: `1 MX host: mx${P}.example.com` },
      { id: 'banner', status: 'pass', durationMs: 5, summary: `220 ${P}` },
      { id: 'ehlo', status: 'warn', durationMs: 2, summary: `250-${P} | 250 AUTH ${P}` },
    ],
    findings: [{ code: 'tls.cert-untrusted', severity: 'error', step: 'starttls', message: `The certificate CN=${P} is not trusted`, hint: `Ask for ${P}`, evidence: `250 ${P}` }],
    transcript: [
      { seq: 1, t: 1, dir: 'S', text: `220 ${P}` },
      { seq: 2, t: 2, dir: 'C', text: 'EHLO client.example' },
      { seq: 3, t: 3, dir: 'S', text: `250-${P}\n\`\`\`\`\`\`\n# heading?` },
    ],
    timing: [
      { stage: 'dns', label: `MX lookup of example.com${P}`, startMs: 0, durationMs: 3 },
      { stage: 'rcpt', label: `RCPT TO <${P}>`, startMs: 4, durationMs: 2, failed: true },
    ],
    dns: {},
    smtp: {
      target: { host: `mx${P}.example.com`, port: 25, security: 'starttls' },
      tls: {
        protocol: 'TLSv1.3',
        cipher: { name: `TLS_AES_128_GCM_SHA256${P}`, version: 'TLSv1.3' },
        servername: null,
        authorized: false,
        authorizationError: `SELF_SIGNED${P}`,
        chain: [{ subject: `CN=${P}`, issuer: `CN=${P}`, subjectAltNames: [], validFrom: '2026-01-01', validTo: `2027-01-01${P}`, serialNumber: '01', fingerprint256: 'AA', selfSigned: true }],
      },
      commands: [],
      violations: [],
      elapsedMs: 10,
    },
    request: { port: 25, security: 'starttls', ehloName: 'client.example', to: [] },
    redacted: true,
    exitCode: 0,
  };
}

function allFormats(report: RunReport): Record<ReportFormat, string> {
  return Object.fromEntries(REPORT_FORMATS.map((f) => [f, formatReport(report, f)])) as Record<ReportFormat, string>;
}

describe('report exports with hostile server and DNS text', () => {
  it('show every payload literally and create no element, link or image from it, in all four formats', () => {
    expectInertExports(allFormats(hostileReport()), MARKUP_PAYLOADS);
  });

  it('keep the transcript in one fenced block that no server line can close', () => {
    const html = renderMarkdownLikeATicket(formatReport(hostileReport(), 'md'), false);
    expect(html.match(/<pre>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<h[1-6]>heading\?/);
  });

  it('JSON escapes markup characters yet parses back to the very same report', () => {
    const report = hostileReport();
    expect(JSON.parse(formatReport(report, 'json'))).toEqual(report);
  });

  it('JSON names the profile the run came from, and still passes the report schema', () => {
    const parsed: unknown = JSON.parse(formatReport(hostileReport(), 'json', { profileName: 'Office <relay>' }));
    const checked = parseRunReport(parsed);
    expect(checked.ok && checked.report.profileName).toBe('Office <relay>');
  });
});

describe('Markdown building blocks', () => {
  it.each([
    ['<img src=x>', '\\<img src=x\\>'],
    ['[x](javascript:y)', '\\[x\\](javascript:y)'],
    ['a\\*b', 'a\\\\\\*b'],
    ['line\r\nnext', 'line\\\\x0d\\\\x0anext'],
  ])('markdownText(%j) is %j', (input, expected) => {
    expect(markdownText(input)).toBe(expected);
  });

  it('sizes code spans and fences beyond the longest backtick run', () => {
    expect(markdownCode('a``b')).toBe('```a``b```');
    expect(markdownCode('`x')).toBe('`` `x ``');
    expect(markdownFence(['````'])).toEqual(['`````text', '````', '`````']);
    expect(markdownFence(['plain'])[0]).toBe('```text');
  });
});
