// @vitest-environment happy-dom
/**
 * The report check loads after the first screen (renderer/services/report-check.ts): a run's states
 * that come before it has loaded wait for it, keep their order, and their report is checked.
 * The first test runs with the check not loaded yet, as on a page that has just opened (each test
 * file has modules of its own).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { RunState } from '../../../../shared/ipc/contract.ts';
import { runReportSchema } from '../../../../shared/report.ts';
import { loadReportCheck, loadedReportCheck } from '../../../../renderer/services/report-check.ts';
import relayDenied from '../wizard/fixtures/report-relay-denied.json';
import { fakeApi } from '../wizard/fake-api.ts';

vi.mock('../../../../renderer/services/api.ts', async () => (await import('../wizard/fake-api.ts')).apiModule());

const { useRunStore } = await import('../../../../renderer/stores/run.ts');

const PROFILE = '11111111-1111-4111-8111-111111111111';
const report = runReportSchema.parse(relayDenied);

describe('the report check, loaded on first use', () => {
  beforeEach(() => {
    fakeApi.reset();
    setActivePinia(createPinia());
  });

  it("a run's states that come before it has loaded wait for it and apply in the order they came", async () => {
    expect(loadedReportCheck()).toBeUndefined();
    const run = useRunStore();
    let settle: (state: RunState) => void = () => undefined;
    fakeApi.handle('run/start', () => new Promise((resolve) => (settle = (state) => resolve({ ok: true, value: state }))));
    const done = run.start(PROFILE);
    const runId = run.runId!;
    // Paused (an event), then done (the answer), both before the check has loaded.
    fakeApi.emit('run/state', { runId, status: 'paused', nextStep: 'starttls', report });
    settle({ runId, status: 'done', report });
    expect(loadedReportCheck()).toBeUndefined();
    expect(run.status).toBe('running');
    await done;
    expect(loadedReportCheck()).toBeDefined();
    expect(run.status).toBe('done');
    expect(run.report?.target).toEqual(report.target);
  });

  it('refuses a report that does not fit: the run shows an error, never the report', async () => {
    const parse = await loadReportCheck();
    expect(loadedReportCheck()).toBe(parse);
    expect(parse(report).ok).toBe(true);
    const run = useRunStore();
    fakeApi.handle('run/start', (input) => ({ ok: true, value: { runId: input.runId, status: 'done', report: { ...report, steps: 'not steps' } } }) as never);
    await run.start(PROFILE);
    expect(run.report).toBeNull();
    expect(run.error?.code).toBe('EINTERNAL');
    expect(run.error?.message).toContain('report format');
  });
});
