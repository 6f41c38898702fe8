/** Run step / continue / Stop over a scripted runCheck: the gate, the states, the events. */
import { describe, expect, it } from 'vitest';
import { RunController, type RunCheckFn } from '../../../../electron/engine/service/run-controller.ts';
import type { CheckRequest } from '../../../../shared/check-request.ts';
import type { RunState } from '../../../../shared/ipc/contract.ts';
import type { RunReport } from '../../../../shared/report.ts';
import type { StepId } from '../../../../shared/steps.ts';
import type { TranscriptEvent } from '../../../../shared/transcript.ts';
import { buildReport, passedStep } from '../../../fixtures/reports/build-report.ts';

const STEPS: StepId[] = ['connect', 'banner', 'ehlo', 'starttls', 'auth', 'quit'];
/** A report of the steps run, each with one finding, and a transcript line. */
const report = (steps: StepId[]): RunReport =>
  buildReport({
    steps: steps.map((id) => passedStep(id)),
    findings: steps.map((step) => ({ code: 'message.accepted', severity: 'info', step, message: 'x', hint: 'x' })),
    transcript: [{ seq: 1, t: 0, dir: 'S', text: '250 ok' }],
  });

/** A fake run that goes through STEPS, honouring the gate and the abort signal. */
const fakeRun: RunCheckFn = async (_req, hooks) => {
  const ran: StepId[] = [];
  for (const step of STEPS) {
    // What the engine knows at the gate: the steps run, and (as a partial diagnosis may) a finding ahead.
    await hooks.beforeStep?.(step, () => ({ ...report(ran), findings: [...report(ran).findings, { step, code: 'ahead' }] }) as unknown as RunReport);
    if (hooks.signal?.aborted) break;
    hooks.onStep?.(step, 'start');
    ran.push(step);
    hooks.onStep?.(step, 'end');
  }
  return report(ran);
};

function controller(run: RunCheckFn = fakeRun) {
  const events: { channel: string; payload: unknown }[] = [];
  const saved: string[] = [];
  const c = new RunController({
    emit: (channel, payload) => void events.push({ channel, payload }),
    runCheck: run,
    saveReport: async (_p, runId) => void saved.push(runId),
  });
  return { c, events, saved };
}

const req = {} as CheckRequest;
const ran = (r: RunReport | undefined) => r?.steps.map((s) => s.id);

describe('RunController', () => {
  it('Run all: runs every step, saves, ends done', async () => {
    const { c, saved } = controller();
    const r = await c.start('r1', 'p1', req, undefined);
    expect(r).toMatchObject({ ok: true, value: { status: 'done' } });
    expect(r.ok && ran(r.value.report)).toEqual(STEPS);
    expect(saved).toEqual(['r1']);
  });

  it('gives Run all no gate (nothing can pause it, so the engine may ask DNS ahead) and Run step one', async () => {
    const gated: boolean[] = [];
    const { c } = controller(async (request, hooks) => {
      gated.push(hooks.beforeStep !== undefined);
      return fakeRun(request, hooks);
    });
    await c.start('r1', 'p1', req, undefined);
    await c.start('r2', 'p1', req, 'banner');
    await c.cancel('r2');
    expect(gated).toEqual([false, true]);
  });

  it('until pauses before the next step; continue moves to the next until', async () => {
    const { c, events } = controller();
    expect(await c.start('r1', 'p1', req, 'banner')).toMatchObject({ ok: true, value: { runId: 'r1', status: 'paused', nextStep: 'ehlo' } });
    expect(c.busy('p1')).toBe(true);
    expect(await c.continue('r1', 'starttls')).toMatchObject({ ok: true, value: { runId: 'r1', status: 'paused', nextStep: 'auth' } });
    const done = await c.continue('r1', undefined);
    expect(done.ok && ran(done.value.report)).toEqual(STEPS);
    expect(c.busy('p1')).toBe(false);
    const states = events.filter((e) => e.channel === 'run/state').map((e) => (e.payload as { status: string }).status);
    expect(states).toEqual(['running', 'paused', 'running', 'paused', 'running', 'done']);
  });

  it('a paused state carries the results of the steps run so far: their findings only, no transcript (the events carried it)', async () => {
    const { c, events } = controller();
    const r = await c.start('r1', 'p1', req, 'banner');
    const paused = r.ok ? r.value.report : undefined;
    expect(ran(paused)).toEqual(['connect', 'banner']);
    expect(paused?.findings.map((f) => f.step)).toEqual(['connect', 'banner']);
    expect(paused?.transcript).toEqual([]);
    const event = events.find((e) => e.channel === 'run/state' && (e.payload as { status: string }).status === 'paused');
    expect((event?.payload as { report?: RunReport }).report).toEqual(paused);
    await c.cancel('r1');
  });

  it('cancel while paused ends the run with the steps done so far', async () => {
    const { c, saved } = controller();
    await c.start('r1', 'p1', req, 'ehlo');
    const r = await c.cancel('r1');
    expect(r.ok && r.value.status).toBe('done');
    expect(r.ok && ran(r.value.report)).toEqual(['connect', 'banner', 'ehlo']);
    expect(saved).toEqual(['r1']);
    expect(await c.cancel('r1')).toMatchObject({ ok: true, value: { status: 'done' } });
  });

  describe('the final report is sent once', () => {
    const finalReports = (events: { channel: string; payload: unknown }[]) => events.filter((e) => e.channel === 'run/state' && (e.payload as RunState).status === 'done').map((e) => (e.payload as RunState).report);

    it('Run all: in the answer to run/start; the final run/state event and a late continue or Stop say done alone', async () => {
      const { c, events } = controller();
      const r = await c.start('r1', 'p1', req, undefined);
      expect(r.ok && ran(r.value.report)).toEqual(STEPS);
      expect(finalReports(events)).toEqual([undefined]);
      expect(await c.continue('r1', undefined)).toEqual({ ok: true, value: { runId: 'r1', status: 'done' } });
      expect(await c.cancel('r1')).toEqual({ ok: true, value: { runId: 'r1', status: 'done' } });
    });

    it('step by step: in the answer to the run/continue that reached the end', async () => {
      const { c, events } = controller();
      await c.start('r1', 'p1', req, 'banner');
      const done = await c.continue('r1', undefined);
      expect(done.ok && ran(done.value.report)).toEqual(STEPS);
      expect(finalReports(events)).toEqual([undefined]);
    });

    it('Stop while run/start waits: the report goes to run/start, Stop answers done alone', async () => {
      let ready!: () => void;
      const started = new Promise<void>((resolve) => (ready = resolve));
      const { c, events } = controller(async (r, hooks) => {
        ready();
        await new Promise((resolve) => hooks.signal?.addEventListener('abort', resolve));
        return fakeRun(r, hooks);
      });
      const first = c.start('r1', 'p1', req, undefined);
      await started;
      const stopped = await c.cancel('r1');
      expect(stopped).toEqual({ ok: true, value: { runId: 'r1', status: 'done' } });
      const answer = await first;
      expect(answer.ok && answer.value.status).toBe('done');
      expect(answer.ok && answer.value.report).toBeDefined();
      expect(finalReports(events)).toEqual([undefined]);
    });

    it('Stop of a paused run (no call waits): the report goes to Stop, once', async () => {
      const { c, events } = controller();
      await c.start('r1', 'p1', req, 'ehlo');
      const [first, second] = await Promise.all([c.cancel('r1'), c.cancel('r1')]);
      expect(first.ok && ran(first.value.report)).toEqual(['connect', 'banner', 'ehlo']);
      expect(second).toEqual({ ok: true, value: { runId: 'r1', status: 'done' } });
      expect(finalReports(events)).toEqual([undefined]);
    });
  });

  it('one run per profile, run ids unique, continue only when paused', async () => {
    let release!: () => void;
    const slow: RunCheckFn = async (r, hooks) => {
      await new Promise<void>((resolve) => (release = resolve));
      return fakeRun(r, hooks);
    };
    const { c } = controller(slow);
    const first = c.start('r1', 'p1', req, undefined);
    expect(await c.start('r2', 'p1', req, undefined)).toMatchObject({ ok: false, error: { code: 'ECONFLICT' } });
    expect(await c.start('r1', 'p2', req, undefined)).toMatchObject({ ok: false, error: { code: 'ECONFLICT' } });
    expect(await c.continue('r1', undefined)).toMatchObject({ ok: false, error: { code: 'ECONFLICT' } });
    release();
    expect((await first).ok).toBe(true);
  });

  it('a run that throws (a bug) is EINTERNAL and frees the profile', async () => {
    const { c } = controller(async () => {
      throw new RangeError('secret detail');
    });
    const r = await c.start('r1', 'p1', req, undefined);
    expect(r).toMatchObject({ ok: false, error: { code: 'EINTERNAL' } });
    expect(JSON.stringify(r)).not.toContain('secret detail');
    expect(c.busy('p1')).toBe(false);
  });

  it('a report that cannot be saved still comes back, with a line saying so', async () => {
    const c = new RunController({
      emit: () => undefined,
      runCheck: fakeRun,
      saveReport: async () => {
        throw new Error('disk full');
      },
    });
    const r = await c.start('r1', 'p1', req, undefined);
    expect(r.ok && r.value.report?.transcript.at(-1)).toMatchObject({ dir: 'error', text: 'this run could not be saved: disk full' });
  });

  describe('transcript lines in batches', () => {
    const line = (seq: number): TranscriptEvent => ({ seq, t: seq, dir: 'S', text: `250 line ${seq}` });
    /** What the renderer would see, in order: lines as `L<seq>`, steps as `<step>:<phase>`, states by status. */
    function timeline(events: { channel: string; payload: unknown }[]): string[] {
      return events.flatMap((e) => {
        if (e.channel === 'run/transcript') return (e.payload as { events: TranscriptEvent[] }).events.map((l) => `L${l.seq}`);
        if (e.channel === 'run/step') return [`${(e.payload as { step: string }).step}:${(e.payload as { phase: string }).phase}`];
        return [`state:${(e.payload as { status: string }).status}`];
      });
    }
    /** Each step writes `perStep` lines between its start and its end, all in the same turn. */
    const chatty =
      (perStep: number): RunCheckFn =>
      async (_req, hooks) => {
        let seq = 0;
        const ran: StepId[] = [];
        for (const step of STEPS) {
          await hooks.beforeStep?.(step, () => report(ran));
          if (hooks.signal?.aborted) break;
          hooks.onStep?.(step, 'start');
          for (let i = 0; i < perStep; i++) hooks.onTranscript?.(line(++seq));
          ran.push(step);
          hooks.onStep?.(step, 'end');
        }
        // One last line right before the end: it must still come before the final state.
        hooks.onTranscript?.(line(seq + 1));
        return report(ran);
      };

    it('every line arrives, in order, before the step end and the final state that follow it', async () => {
      const { c, events } = controller(chatty(2));
      await c.start('r1', 'p1', req, undefined);
      const expected = ['state:running'];
      let seq = 0;
      for (const step of STEPS) expected.push(`${step}:start`, `L${++seq}`, `L${++seq}`, `${step}:end`);
      expected.push(`L${seq + 1}`, 'state:done');
      expect(timeline(events)).toEqual(expected);
      // Lines of one step travel together: one message per step here, not one per line.
      expect(events.filter((e) => e.channel === 'run/transcript').map((e) => (e.payload as { events: unknown[] }).events.length)).toEqual([...STEPS.map(() => 2), 1]);
      expect(events.every((e) => e.channel !== 'run/transcript' || (e.payload as { runId: string }).runId === 'r1')).toBe(true);
    });

    it('a flood is cut into batches of at most 1000 lines, none lost', async () => {
      const { c, events } = controller(chatty(2500));
      await c.start('r1', 'p1', req, undefined);
      const sizes = events.filter((e) => e.channel === 'run/transcript').map((e) => (e.payload as { events: unknown[] }).events.length);
      expect(Math.max(...sizes)).toBe(1000);
      const lines = timeline(events).filter((t) => t.startsWith('L'));
      expect(lines).toEqual(Array.from({ length: STEPS.length * 2500 + 1 }, (_, i) => `L${i + 1}`));
    });

    it('the lines before a pause arrive before the paused state; cancel still delivers them before done', async () => {
      const { c, events } = controller(chatty(1));
      await c.start('r1', 'p1', req, 'banner');
      expect(timeline(events)).toEqual(['state:running', 'connect:start', 'L1', 'connect:end', 'banner:start', 'L2', 'banner:end', 'state:paused']);
      await c.cancel('r1');
      expect(timeline(events).slice(-3)).toEqual(['state:running', 'L3', 'state:done']);
    });
  });
});
