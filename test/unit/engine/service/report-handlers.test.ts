import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openReportText, reportHandlers } from '../../../../electron/engine/service/report-handlers.ts';
import { dispatchInvoke } from '../../../../electron/engine/service/dispatch.ts';
import { MAX_REPORT_FILE_BYTES } from '../../../../shared/report-file.ts';
import { REPORT_SCHEMA_VERSION } from '../../../../shared/report.ts';
import type { Handlers } from '../../../../shared/ipc/contract.ts';
import { buildReport, passedStep } from '../../../fixtures/reports/build-report.ts';

const V1_REPORT = path.join(import.meta.dirname, '../../../fixtures/reports/v1-relay-denied.json');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'report-open-'));
  dirs.push(dir);
  return dir;
}

const report = buildReport({ steps: [passedStep('connect', 'connected')], profileName: 'Office relay' });

describe('openReportText', () => {
  it('gives back the report of a JSON export, with the file name only', () => {
    const opened = openReportText(JSON.stringify(report), 'C:\\Users\\me\\Downloads\\ticket.json');
    expect(opened).toEqual({ ok: true, value: { report, fileName: 'ticket.json' } });
  });

  it('reads a file that starts with a byte order mark (as Windows editors save it)', () => {
    expect(openReportText(`\uFEFF${JSON.stringify(report)}`, 'bom.json').ok).toBe(true);
  });

  it('brings a format-1 report to the current format and says which it was', () => {
    const opened = openReportText(readFileSync(V1_REPORT, 'utf8'), 'v1-relay-denied.json');
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.migratedFrom).toBe(1);
    expect(opened.value.report.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(opened.value.report.findings.map((f) => f.code)).toContain('rcpt.relay-denied');
  });

  it.each([
    ['not JSON at all', 'hello', 'broken.json is not an SMTP Probe report: it is not JSON; a report is the JSON export of a run (Export › JSON).', /is not valid JSON/],
    ['a report with a wrong field', JSON.stringify({ ...report, target: { ...report.target, port: 'twenty-five' } }), 'broken.json is not an SMTP Probe report: the port should be a number but is "twenty-five" (at target › port).', /^target\.port: Invalid input: expected number/],
    ['another JSON document', JSON.stringify([1, 2, 3]), "broken.json is not an SMTP Probe report: the file holds a list, not a report's fields.", /\(the whole report\)/],
    ['a report from a newer version', JSON.stringify({ ...report, schemaVersion: REPORT_SCHEMA_VERSION + 1 }), `broken.json was made by a newer SMTP Probe (format ${REPORT_SCHEMA_VERSION + 1}); update to open it.`, /^schemaVersion: /],
  ])('refuses %s, saying in words what is wrong and where, the schema path as the detail (field "file")', (_name, text, message, detail) => {
    const opened = openReportText(text, 'broken.json');
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.error).toMatchObject({ code: 'EINVALID', field: 'file', message });
    expect(opened.error.detail).toMatch(detail);
  });

  it('refuses text over the size limit before parsing it', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const opened = openReportText(' '.repeat(MAX_REPORT_FILE_BYTES + 1), 'huge.json');
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error.message).toMatch(/huge\.json: The file is 50\.0 MB; a report file can be at most 50 MB/);
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
  });
});

describe('report/choose', () => {
  it('reads and checks the file the dialog chose', async () => {
    const file = path.join(tempDir(), 'ticket.json');
    writeFileSync(file, JSON.stringify(report));
    const result = await reportHandlers(async () => file)['report/choose']({});
    expect(result).toEqual({ ok: true, value: { report, fileName: 'ticket.json' } });
  });

  it('is canceled when the dialog is closed, and says to drop the file where there is no dialog', async () => {
    await expect(reportHandlers(async () => undefined)['report/choose']({})).resolves.toEqual({ ok: true, value: { canceled: true } });
    const none = await reportHandlers(undefined)['report/choose']({});
    expect(none.ok === false && none.error.message).toMatch(/drop the report file on the window/);
  });

  it('refuses a file over the size limit without reading it, a folder, and a file that is gone', async () => {
    const dir = tempDir();
    const huge = path.join(dir, 'huge.json');
    writeFileSync(huge, '');
    // A sparse file: its size is over the limit, nothing has to be written.
    const { truncateSync } = await import('node:fs');
    truncateSync(huge, MAX_REPORT_FILE_BYTES + 1);
    const big = await reportHandlers(async () => huge)['report/choose']({});
    expect(big.ok === false && big.error.message).toMatch(/at most 50 MB/);
    mkdirSync(path.join(dir, 'folder.json'));
    const folder = await reportHandlers(async () => path.join(dir, 'folder.json'))['report/choose']({});
    expect(folder.ok === false && folder.error.message).toMatch(/not a file|could not be read/);
    const gone = await reportHandlers(async () => path.join(dir, 'gone.json'))['report/choose']({});
    expect(gone).toMatchObject({ ok: false, error: { code: 'ESTORAGE', message: 'gone.json could not be read (ENOENT).' } });
  });
});

describe('report/open through the schema gate', () => {
  const handlers = reportHandlers(undefined) as unknown as Handlers;

  it('takes a report file far over the 1 MiB cap of other channels', async () => {
    const big = { ...report, transcript: Array.from({ length: 20_000 }, (_, i) => ({ seq: i + 1, t: i, dir: 'S' as const, text: `250-line ${i} ${'x'.repeat(60)}` })) };
    const text = JSON.stringify(big);
    expect(text.length).toBeGreaterThan(1024 * 1024);
    const result = await dispatchInvoke(handlers, 'report/open', { text, fileName: 'big.json' });
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.value.report.transcript).toHaveLength(20_000);
  });

  it('still caps other channels at 1 MiB', async () => {
    const result = await dispatchInvoke(handlers, 'profiles/import', { json: 'x'.repeat(2 * 1024 * 1024) });
    expect(result.ok === false && result.error.message).toMatch(/the limit is 1048576/);
  });
});
