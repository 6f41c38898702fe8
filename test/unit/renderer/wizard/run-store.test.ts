// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { isProxy, isReactive } from 'vue';
import type { RunState } from '../../../../shared/ipc/contract.ts';
import type { RunReport } from '../../../../shared/report.ts';
import { runReportSchema } from '../../../../shared/report.ts';
import relayDenied from './fixtures/report-relay-denied.json';
import { fakeApi } from './fake-api.ts';

vi.mock('../../../../renderer/services/api.ts', async () => (await import('./fake-api.ts')).apiModule());

const { useRunStore } = await import('../../../../renderer/stores/run.ts');

const PROFILE = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const report = runReportSchema.parse(relayDenied);

/** A run/start that stays pending until the test settles it, like a real run. */
function pendingStart(): { settle: (state: Omit<RunState, 'runId'>) => void } {
  let settle: (state: Omit<RunState, 'runId'>) => void = () => {};
  fakeApi.handle('run/start', (input) => new Promise((resolve) => (settle = (state) => resolve({ ok: true, value: { runId: input.runId, ...state } }))));
  return { settle: (state) => settle(state) };
}

/** A run/continue that stays pending (the run goes on). */
function pendingContinue(): void {
  fakeApi.handle('run/continue', () => new Promise(() => undefined));
}

describe('run store', () => {
  beforeEach(() => {
    fakeApi.reset();
    setActivePinia(createPinia());
  });

  it('subscribes to the three run events once', () => {
    useRunStore();
    expect(fakeApi.listenerCount('run/transcript')).toBe(1);
    expect(fakeApi.listenerCount('run/step')).toBe(1);
    expect(fakeApi.listenerCount('run/state')).toBe(1);
  });

  it('a run mode goes into run/start: inspect anyway alone, with until, and together with fast', async () => {
    const run = useRunStore();
    fakeApi.handle('run/start', (input) => ({ ok: true, value: { runId: input.runId, status: 'done' } }));
    await run.start(PROFILE, undefined, { inspectAnyway: true });
    await run.start(PROFILE, 'ehlo', { inspectAnyway: true });
    await run.start(PROFILE, undefined, { fast: true, inspectAnyway: true });
    expect(fakeApi.calls('run/start')).toEqual([
      { runId: expect.any(String), profileId: PROFILE, inspectAnyway: true },
      { runId: expect.any(String), profileId: PROFILE, until: 'ehlo', inspectAnyway: true },
      { runId: expect.any(String), profileId: PROFILE, fast: true, inspectAnyway: true },
    ]);
  });

  it('Run all: invokes run/start without until, shows live steps and lines of its own run only, then the report', async () => {
    const run = useRunStore();
    const start = pendingStart();
    const done = run.start(PROFILE);
    expect(run.status).toBe('running');
    const [input] = fakeApi.calls('run/start');
    expect(input).toEqual({ runId: run.runId, profileId: PROFILE });
    const runId = run.runId!;

    fakeApi.emit('run/step', { runId, step: 'mx', phase: 'start' });
    expect(run.steps.find((s) => s.id === 'mx')?.status).toBe('running');
    fakeApi.emit('run/transcript', { runId, events: [{ seq: 1, t: 1, dir: 'info', text: 'MX of peer.probe.test' }] });
    // Another run's events are not ours.
    fakeApi.emit('run/transcript', { runId: '99999999-9999-4999-8999-999999999999', events: [{ seq: 1, t: 1, dir: 'S', text: '220 other' }] });
    fakeApi.emit('run/step', { runId: '99999999-9999-4999-8999-999999999999', step: 'ptr', phase: 'start' });
    expect(run.transcript.map((l) => l.text)).toEqual(['MX of peer.probe.test']);
    expect(run.steps.find((s) => s.id === 'ptr')?.status).toBe('pending');
    fakeApi.emit('run/step', { runId, step: 'mx', phase: 'end' });
    expect(run.steps.find((s) => s.id === 'mx')?.status).toBe('ran');

    start.settle({ status: 'done', report });
    await done;
    expect(run.status).toBe('done');
    expect(run.nextStep).toBeNull();
    const rcpt = run.steps.find((s) => s.id === 'rcpt')!;
    expect(rcpt.status).toBe('fail');
    expect(rcpt.findings.map((f) => f.code)).toEqual(['rcpt.relay-denied']);
    expect(run.steps.find((s) => s.id === 'starttls')?.findings.map((f) => f.code)).toEqual(['tls.cert-untrusted']);
    expect(run.steps.find((s) => s.id === 'mx')?.elapsedMs).toBe(5);
  });

  it('Run step (up to the next step) pauses before the one after; continue and the state event move it on', async () => {
    const run = useRunStore();
    fakeApi.handle('run/start', (input) => ({ ok: true, value: { runId: input.runId, status: 'paused', nextStep: 'connect' } }));
    await run.runTo(PROFILE, run.nextStep!);
    expect(fakeApi.calls('run/start')[0]).toMatchObject({ profileId: PROFILE, until: 'mx' });
    expect(run.status).toBe('paused');
    expect(run.nextStep).toBe('connect');
    // MX and PTR never started (no events) before the pause: shown as skipped, the rest pending.
    expect(run.steps.find((s) => s.id === 'mx')?.status).toBe('skipped');
    expect(run.steps.find((s) => s.id === 'connect')?.status).toBe('pending');

    fakeApi.handle('run/continue', (input) => ({ ok: true, value: { runId: input.runId, status: 'paused', nextStep: 'banner' } }));
    await run.runTo(PROFILE, run.nextStep!);
    expect(fakeApi.calls('run/continue')).toEqual([{ runId: run.runId, until: 'connect' }]);
    expect(run.nextStep).toBe('banner');

    // The final state may come as an event before (or instead of) the invoke's answer.
    fakeApi.emit('run/state', { runId: run.runId!, status: 'done', report });
    expect(run.status).toBe('done');
    expect(run.steps.find((s) => s.id === 'rcpt')?.status).toBe('fail');
  });

  it('the final run/state event comes without the report: the steps so far are no verdict, the answer to continue brings the report', async () => {
    const run = useRunStore();
    fakeApi.handle('run/start', (input) => ({ ok: true, value: { runId: input.runId, status: 'paused', nextStep: 'starttls', report } }));
    await run.runTo(PROFILE, 'ehlo');
    let answer!: (state: RunState) => void;
    fakeApi.handle('run/continue', () => new Promise((resolve) => (answer = (state) => resolve({ ok: true, value: state }))));
    const continued = run.continueTo();
    const runId = run.runId!;
    fakeApi.emit('run/state', { runId, status: 'done' });
    expect(run.status).toBe('done');
    expect(run.report).toBeNull();
    answer({ runId, status: 'done', report });
    await continued;
    expect(run.report?.exitCode).toBe(report.exitCode);
    expect(run.steps.find((s) => s.id === 'rcpt')?.status).toBe('fail');
  });

  it('a paused run shows the steps not reached yet as pending, even if its report says skipped', () => {
    const run = useRunStore();
    run.select(PROFILE);
    run.loadReport(report, '33333333-3333-4333-8333-333333333333');
    fakeApi.emit('run/state', { runId: '33333333-3333-4333-8333-333333333333', status: 'paused', nextStep: 'data', report });
    expect(run.steps.find((s) => s.id === 'data')?.status).toBe('pending');
    expect(run.steps.find((s) => s.id === 'quit')?.status).toBe('pending');
    expect(run.steps.find((s) => s.id === 'rcpt')?.status).toBe('fail');
  });

  it('step by step: a paused state with the report so far shows the verdict of each step run at once, and nothing of the steps after', async () => {
    const run = useRunStore();
    fakeApi.handle('run/start', (input) => ({ ok: true, value: { runId: input.runId, status: 'paused', nextStep: 'starttls', report } }));
    await run.runTo(PROFILE, 'ehlo');
    const ehlo = run.steps.find((s) => s.id === 'ehlo')!;
    expect(ehlo.status).toBe('pass');
    expect(ehlo.result?.summary).toBe(report.steps.find((s) => s.id === 'ehlo')?.summary);
    // The report so far ends at the pause: STARTTLS has no verdict yet, not even while the run goes on.
    expect(run.steps.find((s) => s.id === 'starttls')).toMatchObject({ status: 'pending', findings: [] });
    pendingContinue();
    void run.continueTo();
    expect(run.status).toBe('running');
    expect(run.steps.find((s) => s.id === 'rcpt')).toMatchObject({ status: 'pending', findings: [] });
    expect(run.steps.find((s) => s.id === 'ehlo')?.status).toBe('pass');
  });

  it('Stop invokes run/cancel with the runId and ends running steps', async () => {
    const run = useRunStore();
    pendingStart();
    void run.start(PROFILE);
    const runId = run.runId!;
    fakeApi.emit('run/step', { runId, step: 'connect', phase: 'start' });
    fakeApi.handle('run/cancel', () => ({ ok: true, value: { runId, status: 'done' } }));
    await run.cancel();
    expect(fakeApi.calls('run/cancel')).toEqual([{ runId }]);
    expect(run.status).toBe('done');
    expect(run.steps.find((s) => s.id === 'connect')?.status).toBe('ran');
  });

  it('a refused start shows the error and leaves nothing running', async () => {
    const run = useRunStore();
    fakeApi.handle('run/start', () => ({ ok: false, error: { code: 'ECONFLICT', message: 'A run is already going for this profile.' } }));
    await run.start(PROFILE);
    expect(run.status).toBe('idle');
    expect(run.error?.code).toBe('ECONFLICT');
  });

  it('a report that does not fit the report schema is not shown: the error says what is wrong', async () => {
    const run = useRunStore();
    const start = pendingStart();
    const done = run.start(PROFILE);
    // Format 1 (the TLS report repeated at the top, untyped step details) is for the runs store to migrate, not for the page.
    // The cast is the point: the channel promises a RunReport, and this is what arrives when that promise is broken.
    const bad = { ...report, schemaVersion: 1, steps: [{ ...report.steps[0], status: 'fine' }] } as unknown as RunReport;
    start.settle({ status: 'done', report: bad });
    await done;
    expect(run.report).toBeNull();
    expect(run.error?.message).toMatch(/does not match the report format: schemaVersion: .*; steps\[0\]\.status: /);
    expect(run.status).toBe('done');
  });

  it('keeps each profile its own run: a background run collects its events while another profile is shown', async () => {
    const run = useRunStore();
    pendingStart();
    void run.start(PROFILE);
    const runId = run.runId!;
    run.select(OTHER);
    expect(run.status).toBe('idle');
    expect(run.transcript).toEqual([]);
    fakeApi.emit('run/transcript', { runId, events: [{ seq: 1, t: 2, dir: 'C', text: 'EHLO x' }] });
    fakeApi.emit('run/state', { runId, status: 'done', report });
    expect(run.transcript).toEqual([]);
    run.select(PROFILE);
    expect(run.status).toBe('done');
    expect(run.transcript.map((l) => l.text)).toEqual(['EHLO x']);
  });

  it('keeps 100,000 transcript lines, sent in batches, as one plain array in order (no per-line proxies)', () => {
    const run = useRunStore();
    pendingStart();
    void run.start(PROFILE);
    const runId = run.runId!;
    const line = (i: number) => ({ seq: i, t: i, dir: 'S' as const, text: `250-line ${i}` });
    for (let b = 0; b < 100; b++) fakeApi.emit('run/transcript', { runId, events: Array.from({ length: 1000 }, (_, i) => line(b * 1000 + i + 1)) });
    expect(run.transcript.length).toBe(100_000);
    expect(run.transcript[0]?.text).toBe('250-line 1');
    expect(run.transcript[99_999]?.text).toBe('250-line 100000');
    expect(isReactive(run.transcript[500])).toBe(false);
    expect(isProxy(run.transcript[500])).toBe(false);
  });

  it('takes one batch far larger than the argument limit of push(...spread)', () => {
    const run = useRunStore();
    pendingStart();
    void run.start(PROFILE);
    const runId = run.runId!;
    fakeApi.emit('run/transcript', { runId, events: [{ seq: 1, t: 1, dir: 'C', text: 'EHLO x' }] });
    const huge = Array.from({ length: 300_000 }, (_, i) => ({ seq: i + 2, t: i, dir: 'S' as const, text: `250 ${i}` }));
    fakeApi.emit('run/transcript', { runId, events: huge });
    expect(run.transcript.length).toBe(300_001);
    expect(run.transcript.map((l) => l.seq).every((seq, i) => seq === i + 1)).toBe(true);
  });

  it('a batch for a background run goes to that run, not to the shown one', async () => {
    const run = useRunStore();
    pendingStart();
    void run.start(PROFILE);
    const runId = run.runId!;
    run.select(OTHER);
    fakeApi.emit('run/transcript', { runId, events: [{ seq: 1, t: 1, dir: 'C', text: 'EHLO x' }, { seq: 2, t: 2, dir: 'S', text: '250 ok' }] });
    expect(run.transcript).toEqual([]);
    run.select(PROFILE);
    expect(run.transcript.map((l) => l.text)).toEqual(['EHLO x', '250 ok']);
  });

  it('an opened report is shown read-only in place of the profile, whose run goes on in its record until Close', async () => {
    const run = useRunStore();
    pendingStart();
    void run.start(PROFILE);
    const runId = run.runId!;
    run.showOpened(report);
    expect(run.opened).toBe(true);
    expect(run.runId).toBeNull();
    expect(run.status).toBe('done');
    expect(run.transcript.length).toBe(report.transcript.length);
    // The profile's run keeps its events; the opened report never takes any.
    fakeApi.emit('run/transcript', { runId, events: [{ seq: 1, t: 2, dir: 'C', text: 'EHLO x' }] });
    expect(run.transcript.length).toBe(report.transcript.length);
    run.closeOpened();
    expect(run.opened).toBe(false);
    expect(run.runId).toBe(runId);
    expect(run.status).toBe('running');
    expect(run.transcript.map((l) => l.text)).toEqual(['EHLO x']);
  });

  it('choosing the same profile again leaves an opened report', () => {
    const run = useRunStore();
    run.select(PROFILE);
    run.showOpened(report);
    run.select(PROFILE);
    expect(run.opened).toBe(false);
    expect(run.status).toBe('idle');
  });

  it('loadReport shows a saved run with its transcript', () => {
    const run = useRunStore();
    run.select(PROFILE);
    run.loadReport(report, '44444444-4444-4444-8444-444444444444');
    expect(run.status).toBe('done');
    expect(run.runId).toBe('44444444-4444-4444-8444-444444444444');
    expect(run.transcript.length).toBe(report.transcript.length);
  });
});
