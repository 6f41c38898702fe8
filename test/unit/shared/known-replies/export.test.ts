/**
 * Exports carry the receiver's explanation: a run whose RCPT met a blocklist (recorded evidence,
 * diagnosed as a run is) comes out of every export format with the list, the cause and the
 * lookup page of the finding the known-replies matcher named.
 */
import { describe, expect, it } from 'vitest';
import { diagnose, exitCodeFor } from '../../../../electron/engine/diagnose/index.ts';
import { REPORT_FORMATS, formatReport } from '../../../../shared/report-format.ts';
import { REPORT_SCHEMA_VERSION, type RunReport } from '../../../../shared/report.ts';
import { KNOWN_REPLY_SCENARIOS } from '../../../fixtures/evidence/scenarios/known-replies.ts';

function reportOf(name: string): RunReport {
  const scenario = KNOWN_REPLY_SCENARIOS.find((s) => s.name === name)!;
  const evidence = scenario.evidence;
  const { steps, findings } = diagnose(evidence);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'smtp-probe', version: '1.0.0' },
    target: { host: 'mx.example.org', address: '192.0.2.25', port: 25, security: 'starttls' },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    source: {},
    steps,
    findings,
    transcript: [],
    dns: evidence.dns,
    ...(evidence.smtp ? { smtp: evidence.smtp } : {}),
    request: evidence.request,
    redacted: true,
    exitCode: exitCodeFor(steps),
  };
}

describe('exports of a run refused by a blocklist', () => {
  it.each(REPORT_FORMATS)('%s names the list, the cause and the lookup page', (format) => {
    const out = formatReport(reportOf('RCPT refused by a DNS blocklist named by its zone'), format);
    expect(out).toContain('rcpt.blocklisted');
    expect(out).toContain('Spamhaus');
    expect(out).toContain('zen.spamhaus.org');
    expect(out).toContain('https://check.spamhaus.org/');
  });
});
