import { describe, expect, it } from 'vitest';
import { fieldInWords, notJsonProblem, ordinal, reportProblemMessage } from '../../../shared/report-problem.ts';
import { REPORT_SCHEMA_VERSION, parseRunReport } from '../../../shared/report.ts';
import { buildReport, passedStep } from '../../fixtures/reports/build-report.ts';

/** A valid report as read from a file, for a test to break one field of. */
function doc(): Record<string, unknown> & { steps: Record<string, unknown>[]; target: Record<string, unknown> } {
  const report = buildReport({ steps: (['mx', 'ptr', 'connect', 'banner'] as const).map((id) => passedStep(id)) });
  return JSON.parse(JSON.stringify(report)) as ReturnType<typeof doc>;
}

/** What the admin reads for this document, and the detail kept under it. */
function refused(value: unknown): { message: string; detail: string | undefined } {
  const checked = parseRunReport(value);
  if (checked.ok) throw new Error('expected the report to be refused');
  return { message: reportProblemMessage('ticket.json', checked.problem), detail: checked.problem.detail };
}

describe('the words for a report that cannot be opened', () => {
  it('names a wrong enum value, the values it may take and the field in words; the schema path is the detail', () => {
    const broken = doc();
    broken.steps[3]!.status = 'done';
    expect(refused(broken)).toEqual({
      message: 'ticket.json is not an SMTP Probe report: the status is "done", which is not one of: pass, warn, fail, skipped (at steps › 4th step › status).',
      detail: 'steps[3].status: Invalid option: expected one of "pass"|"warn"|"fail"|"skipped"',
    });
  });

  it('says a field is missing, and a value of the wrong kind', () => {
    const missing = doc();
    delete missing.target.port;
    expect(refused(missing).message).toBe('ticket.json is not an SMTP Probe report: the port is missing (at target › port).');
    const text = doc();
    text.target.port = 'twenty-five';
    expect(refused(text)).toEqual({
      message: 'ticket.json is not an SMTP Probe report: the port should be a number but is "twenty-five" (at target › port).',
      detail: 'target.port: Invalid input: expected number, received string',
    });
  });

  it('says a number over its limit, and an unknown step id', () => {
    const big = doc();
    big.target.port = 70000;
    expect(refused(big).message).toBe('ticket.json is not an SMTP Probe report: the port is 70000, above the largest allowed, 65535 (at target › port).');
    const lunch = doc();
    lunch.steps[0]!.id = 'lunch';
    expect(refused(lunch).message).toBe('ticket.json is not an SMTP Probe report: the ID is "lunch", which is not one of: mx, ptr, connect, banner, ehlo, starttls … (11 in all) (at steps › 1st step › ID).');
  });

  it('counts the other wrong fields without naming them in the sentence', () => {
    const broken = doc();
    broken.steps[0]!.status = 'done';
    broken.exitCode = -1;
    const { message, detail } = refused(broken);
    expect(message).toMatch(/\(at steps › 1st step › status\); 1 more field is wrong too\.$/);
    expect(detail).toMatch(/^steps\[0\]\.status: .*; exitCode: Too small/);
  });

  it.each([
    ['a newer format', { ...doc(), schemaVersion: REPORT_SCHEMA_VERSION + 1 }, `ticket.json was made by a newer SMTP Probe (format ${REPORT_SCHEMA_VERSION + 1}); update to open it.`],
    ['no format number', (({ schemaVersion: _drop, ...rest }) => rest)(doc()), 'ticket.json is not an SMTP Probe report: it has no report format number (schemaVersion).'],
    ['a format number no version wrote', { ...doc(), schemaVersion: 0 }, `ticket.json is not an SMTP Probe report: its report format is 0, and SMTP Probe reports are format 1 to ${REPORT_SCHEMA_VERSION}.`],
    ['a format number as text', { ...doc(), schemaVersion: '2' }, `ticket.json is not an SMTP Probe report: its report format is "2", and SMTP Probe reports are format 1 to ${REPORT_SCHEMA_VERSION}.`],
    ['another JSON document', [1, 2, 3], "ticket.json is not an SMTP Probe report: the file holds a list, not a report's fields."],
  ])('checks the format number before any field: %s', (_name, value, message) => {
    expect(refused(value).message).toBe(message);
  });

  it('says a file is not JSON, keeping the parser message as the detail', () => {
    const problem = notJsonProblem('Unexpected token h');
    expect(reportProblemMessage('notes.json', problem)).toBe('notes.json is not an SMTP Probe report: it is not JSON; a report is the JSON export of a run (Export › JSON).');
    expect(problem.detail).toBe('Unexpected token h');
  });

  it('names fields in words: list items by ordinal, camelCase split, known abbreviations kept', () => {
    expect(fieldInWords(['transcript', 11, 'dir'])).toBe('transcript › 12th transcript line › direction');
    expect(fieldInWords(['source', 'localAddress'])).toBe('source › local address');
    expect(fieldInWords(['smtp', 'tls', 'chain', 0, 'fingerprint256'])).toBe('SMTP › TLS › chain › 1st certificate › SHA-256 fingerprint');
    expect(fieldInWords([])).toBe('the whole file');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']);
  });
});
