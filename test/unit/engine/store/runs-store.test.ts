/** Recent runs: newest 20 kept per profile, listed newest first, schema-checked when read back. */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUNS_KEPT, RunsStore } from '../../../../electron/engine/store/runs-store.ts';
import { REPORT_SCHEMA_VERSION, type RunReport } from '../../../../shared/report.ts';
import { buildReport } from '../../../fixtures/reports/build-report.ts';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-runs-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const PROFILE = '88888888-8888-4888-8888-888888888888';
/** A real run saved in report format 1 (the TLS report repeated as `tls`, step details as they were then). */
const V1_REPORT = path.join(import.meta.dirname, '../../../fixtures/reports/v1-relay-denied.json');
const runId = (i: number) => `99999999-9999-4999-8999-${String(i).padStart(12, '0')}`;

function report(i: number): RunReport {
  return buildReport({
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    finishedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i + 1)).toISOString(),
    findings: [{ code: 'tls.cert-untrusted', severity: 'error', step: 'starttls', message: 'm', hint: 'h' }],
    exitCode: i % 2,
  });
}

describe('RunsStore', () => {
  it(`keeps the newest ${RUNS_KEPT} runs per profile, newest first`, async () => {
    const store = new RunsStore({ dataDir: dir });
    for (let i = 0; i < RUNS_KEPT + 3; i++) await store.save(PROFILE, runId(i), report(i));
    const list = await store.list(PROFILE);
    expect(list).toHaveLength(RUNS_KEPT);
    expect(list[0]).toMatchObject({ runId: runId(RUNS_KEPT + 2), profileId: PROFILE, target: 'mail.example.com', exitCode: (RUNS_KEPT + 2) % 2, errors: 1, warnings: 0 });
    expect(list.at(-1)?.runId).toBe(runId(3));
    await expect(store.get(PROFILE, runId(0))).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('a damaged run file is ESTORAGE when opened and left out of the list', async () => {
    const store = new RunsStore({ dataDir: dir });
    await store.save(PROFILE, runId(1), report(1));
    await fsp.writeFile(path.join(dir, 'runs', PROFILE, `${runId(2)}.json`), '{"schemaVersion":1}');
    await expect(store.get(PROFILE, runId(2))).rejects.toMatchObject({ code: 'ESTORAGE' });
    expect((await store.list(PROFILE)).map((r) => r.runId)).toEqual([runId(1)]);
  });

  it('a run saved by an older version (report format 1) loads in the current format, with nothing lost', async () => {
    const file = path.join(dir, 'runs', PROFILE, `${runId(7)}.json`);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    const original = await fsp.readFile(V1_REPORT, 'utf8');
    await fsp.writeFile(file, original);
    const old = JSON.parse(original) as Record<string, unknown> & { tls: unknown; smtp: Record<string, unknown>; steps: Record<string, unknown>[] };
    expect(old.schemaVersion).toBe(1);

    const store = new RunsStore({ dataDir: dir });
    const loaded = await store.get(PROFILE, runId(7));
    expect(loaded.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(loaded).not.toHaveProperty('tls');
    expect(loaded.smtp?.tls).toEqual(old.tls);
    // What the user saw is kept as saved: verdicts, findings, transcript, evidence.
    expect(loaded.steps.map(({ id, status, summary }) => ({ id, status, summary }))).toEqual(old.steps.map(({ id, status, summary }) => ({ id, status, summary })));
    for (const key of ['findings', 'transcript', 'dns', 'request', 'target', 'startedAt', 'exitCode'] as const) expect(loaded[key]).toEqual(old[key]);
    expect({ ...loaded.smtp, tls: undefined }).toEqual({ ...old.smtp, tls: undefined });
    // Timing was not recorded then: the run reads without it (and shows no waterfall).
    expect(loaded.timing).toBeUndefined();
    // Details written before a field existed are derived again from the saved evidence.
    const rcpt = loaded.steps.find((s) => s.id === 'rcpt');
    expect(rcpt?.id === 'rcpt' && rcpt.details).toMatchObject({ accepted: 0, total: 1, transactions: 1 });
    expect((old.steps.find((s) => s.id === 'rcpt')?.details as Record<string, unknown>).transactions).toBeUndefined();
    expect((await store.list(PROFILE)).map((r) => r.runId)).toEqual([runId(7)]);
    // Read, not rewritten: the file stays as the older version wrote it.
    expect(await fsp.readFile(file, 'utf8')).toBe(original);
  });

  it('a run file that does not fit the report format says what does not fit; a newer format says so', async () => {
    const store = new RunsStore({ dataDir: dir });
    const file = path.join(dir, 'runs', PROFILE, `${runId(3)}.json`);
    await store.save(PROFILE, runId(3), report(3));
    const doc = JSON.parse(await fsp.readFile(file, 'utf8')) as { steps: unknown[]; exitCode: unknown };
    await fsp.writeFile(file, JSON.stringify({ ...doc, steps: [{ id: 'mx', status: 'fine', durationMs: 1, summary: 's' }], exitCode: 'one' }));
    await expect(store.get(PROFILE, runId(3))).rejects.toMatchObject({ code: 'ESTORAGE', message: expect.stringMatching(/does not match the report format: steps\[0\]\.status: .*; exitCode: /) });
    await fsp.writeFile(file, JSON.stringify({ ...doc, schemaVersion: REPORT_SCHEMA_VERSION + 1 }));
    await expect(store.get(PROFILE, runId(3))).rejects.toMatchObject({ code: 'ESTORAGE', message: expect.stringMatching(/written by a newer version of SMTP Probe \(report format \d+; this version reads up to \d+\)/) });
  });

  it('ids that are not UUIDs never become paths', async () => {
    const store = new RunsStore({ dataDir: dir });
    await expect(store.get('../../etc', runId(1))).rejects.toMatchObject({ code: 'EINVALID' });
    await expect(store.save(PROFILE, '../x', report(1))).rejects.toMatchObject({ code: 'EINVALID' });
  });

  it('an unknown profile has no runs', async () => {
    const store = new RunsStore({ dataDir: dir });
    expect(await store.list(PROFILE)).toEqual([]);
    expect(await store.latest(PROFILE)).toBeUndefined();
  });

  it('says how each run ended: pass, fail, or stopped by Stop (a deadline is a failure)', async () => {
    const store = new RunsStore({ dataDir: dir });
    const stopped = { ...report(3), interrupted: { reason: 'cancelled', step: 'ehlo', deadlineMs: 1000 } } as RunReport;
    const late = { ...report(4), exitCode: 0, interrupted: { reason: 'deadline', step: 'ehlo', deadlineMs: 1000 } } as RunReport;
    for (const [i, r] of [report(0), report(1), stopped, late].entries()) await store.save(PROFILE, runId(i), r);
    const outcomes = Object.fromEntries((await store.list(PROFILE)).map((s) => [s.runId, s.outcome]));
    expect(outcomes).toEqual({ [runId(0)]: 'pass', [runId(1)]: 'fail', [runId(2)]: 'stopped', [runId(3)]: 'fail' });
  });

  it('latest is the newest readable run, passing over a damaged newer file', async () => {
    const store = new RunsStore({ dataDir: dir });
    await store.save(PROFILE, runId(1), report(1));
    await store.save(PROFILE, runId(2), report(2));
    expect(await store.latest(PROFILE)).toMatchObject({ runId: runId(2), outcome: 'pass' });
    await fsp.writeFile(path.join(dir, 'runs', PROFILE, `${runId(3)}.json`), 'not json');
    expect(await store.latest(PROFILE)).toMatchObject({ runId: runId(2) });
  });
});
