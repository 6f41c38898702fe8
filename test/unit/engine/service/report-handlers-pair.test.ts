/**
 * report/open of a pair file (a check over both IP versions): the app's JSON export and the CLI's
 * `--both-families --json` open with their comparison, an older format on a side is brought up to
 * date, and a pair that does not fit is refused naming the version and the field. A single run's
 * report still opens as one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openReportText } from '../../../../electron/engine/service/report-handlers.ts';
import { compareFamilies } from '../../../../shared/family-comparison.ts';
import { formatFamilyPair } from '../../../../shared/family-pair-format.ts';
import { REPORT_SCHEMA_VERSION } from '../../../../shared/report.ts';
import { FAMILY_SCENARIOS } from '../../../fixtures/evidence/scenarios/families.ts';

const V1_REPORT = path.join(import.meta.dirname, '../../../fixtures/reports/v1-relay-denied.json');
const scenario = FAMILY_SCENARIOS.find((s) => s.name === 'the AAAA points to an address where nothing listens');
if (!scenario) throw new Error('no scenario');
const comparison = compareFamilies(scenario.reports);

describe('openReportText of a pair file', () => {
  it("opens the app's JSON export of a pair with its comparison, shown from the IPv4 run", () => {
    const opened = openReportText(formatFamilyPair(comparison, 'json', { profileName: 'Dual' }), 'pair.json');
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.comparison?.outcomes).toEqual({ ipv4: 'pass', ipv6: 'fail' });
    expect(opened.value.comparison?.ipv6.findings[0]?.code).toBe('connect.family-split');
    expect(opened.value.report).toEqual(opened.value.comparison?.ipv4);
    expect(opened.value.report.profileName).toBe('Dual');
    expect(opened.value.migratedFrom).toBeUndefined();
  });

  it("opens the CLI's --both-families --json output (no kind) as a pair", () => {
    const opened = openReportText(JSON.stringify(comparison), 'cli.json');
    expect(opened.ok && opened.value.comparison?.exitCode).toBe(comparison.exitCode);
  });

  it('brings a side written in format 1 to the current format and says so', () => {
    const v1 = JSON.parse(readFileSync(V1_REPORT, 'utf8')) as unknown;
    const opened = openReportText(JSON.stringify({ kind: 'ip-versions', outcomes: { ipv4: 'fail', ipv6: 'fail' }, exitCode: 5, ipv4: v1, ipv6: v1 }), 'old-pair.json');
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.migratedFrom).toBe(1);
    expect(opened.value.comparison?.ipv6.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
  });

  it.each([
    ['a side that does not fit', { ...JSON.parse(formatFamilyPair(comparison, 'json')), ipv6: { ...comparison.ipv6, target: { port: 'x' } } }, /cannot be shown\. ipv6: .*target\.port/],
    ['a missing side', { kind: 'ip-versions', outcomes: comparison.outcomes, exitCode: 0, ipv4: comparison.ipv4 }, /cannot be shown\. ipv6: /],
    ['no outcomes', { kind: 'ip-versions', exitCode: 0, ipv4: comparison.ipv4, ipv6: comparison.ipv6 }, /does not match its format: outcomes/],
    ['a pair from a newer version', { ...JSON.parse(formatFamilyPair(comparison, 'json')), schemaVersion: REPORT_SCHEMA_VERSION + 1 }, /newer version of SMTP Probe/],
  ])('refuses %s, naming what is wrong', (_name, doc, message) => {
    const opened = openReportText(JSON.stringify(doc), 'broken.json');
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error.message).toMatch(message);
  });

  it('a single run still opens as one, with no comparison', () => {
    const opened = openReportText(JSON.stringify(comparison.ipv4), 'one.json');
    expect(opened.ok && opened.value.comparison).toBeUndefined();
    expect(opened.ok && opened.value.report.startedAt).toBe(comparison.ipv4.startedAt);
  });
});
