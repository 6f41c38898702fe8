/**
 * Runs with Run step / Run to here / Run all / Run all (fast) / Stop. A run is one runCheck whose
 * `beforeStep` gate pauses before the first step after `until`, with the connection open; no
 * deadline runs while it waits (the gate sits between commands, and the run's time budget stops
 * its clock there), though the server's own idle timeout may still close the connection, and then
 * the run ends with what the server said. What a server sends meanwhile is capped
 * (smtp/unread-replies.ts): past the cap the connection is closed and the run ends with
 * session.flood. `run/continue` opens the gate up to the next `until`; `run/cancel` aborts the
 * run's one signal (DNS and SMTP alike) and still yields a report. A paused state carries the
 * report of the steps run so far (the wizard shows each step's reply and verdict at once), final
 * only at 'done'. Run all runs without the gate (nothing can pause it), so the engine may ask DNS
 * ahead and, in fast mode, pipeline (run-check.ts keeps step mode whenever a gate is given). One run at a time per profile.
 * Transcript lines go out in batches (transcript-batcher.ts); every other event of the run flushes
 * them first, so the renderer sees a step end or the final state only after the lines before it.
 * The final report (with a long transcript, megabytes) is sent once: in the answer to the call that
 * waits for the run (start or continue; Stop of a paused run, when none waits). The final
 * `run/state` event, Stop while a call waits, and a late continue or Stop say only `done`
 * (`runs/get` has the saved report).
 */
import type { CheckRequest } from '../../../shared/check-request.ts';
import type { EventPayloads, RunState } from '../../../shared/ipc/contract.ts';
import { fail, ok } from '../../../shared/ipc/result.ts';
import type { Result } from '../../../shared/ipc/result.ts';
import type { RunReport } from '../../../shared/report.ts';
import { STEP_IDS } from '../../../shared/steps.ts';
import type { StepId } from '../../../shared/steps.ts';
import type { CheckHooks } from '../check/run-check.ts';
import type { Emit } from './service-deps.ts';
import { createTranscriptBatcher, type TranscriptBatcher } from './transcript-batcher.ts';

export type RunCheckFn = (request: CheckRequest, hooks: CheckHooks) => Promise<RunReport>;

interface ActiveRun {
  runId: string;
  profileId: string;
  until: StepId | undefined;
  abort: AbortController;
  state: RunState;
  /** The run's transcript lines not sent yet. */
  lines: TranscriptBatcher;
  /** Opens the gate of a paused run. */
  release: (() => void) | undefined;
  /** The call waiting for the run (start, continue, Stop of a paused run): answered at the next pause or at the end. */
  settle: ((result: Result<RunState>) => void) | undefined;
  /** The end, without the report: for Stop while a call waits. */
  done: Promise<Result<RunState>>;
}

const FINISHED_KEPT = 10;
/** A finished run's state as every answer but one says it: the report went to the call that waited. */
const DONE_WITHOUT_REPORT = (runId: string): RunState => ({ runId, status: 'done' });
const after = (step: StepId, until: StepId | undefined) => until !== undefined && STEP_IDS.indexOf(step) > STEP_IDS.indexOf(until);

/**
 * A paused run's report: the steps before `next` as diagnosed so far, and only their findings (a
 * step not run yet has no verdict); its transcript is left out, the events carried it already.
 */
export function reportBefore(report: RunReport, next: StepId): RunReport {
  const ran = (step: StepId) => STEP_IDS.indexOf(step) < STEP_IDS.indexOf(next);
  return { ...report, findings: report.findings.filter((f) => ran(f.step)), transcript: [] };
}

export class RunController {
  private readonly active = new Map<string, ActiveRun>();
  private readonly finished = new Map<string, RunState>();

  constructor(
    private readonly o: {
      emit: Emit;
      runCheck: RunCheckFn;
      /** Stores the final report; a failure is noted in the report's transcript, the run still ends. */
      saveReport: (profileId: string, runId: string, report: RunReport) => Promise<void>;
    },
  ) {}

  busy(profileId: string): boolean {
    return [...this.active.values()].some((r) => r.profileId === profileId);
  }

  /** One run at a time per profile (a paused run holds its connection): the refusal, or undefined when none is going. */
  refuseIfBusy(profileId: string): Result<never> | undefined {
    return this.busy(profileId) ? fail('ECONFLICT', 'A run of this profile is already going: stop it or wait for it to end', 'profileId') : undefined;
  }

  /** `until`: the step to pause after, or undefined to run all, without gates: nothing pauses it (a fast request always runs all). */
  start(runId: string, profileId: string, request: CheckRequest, until: StepId | undefined): Promise<Result<RunState>> {
    if (this.active.has(runId) || this.finished.has(runId)) return Promise.resolve(fail('ECONFLICT', 'This run id was used already', 'runId'));
    const busy = this.refuseIfBusy(profileId);
    if (busy) return Promise.resolve(busy);
    let settle!: (r: Result<RunState>) => void;
    const first = new Promise<Result<RunState>>((resolve) => (settle = resolve));
    let finish!: (r: Result<RunState>) => void;
    const done = new Promise<Result<RunState>>((resolve) => (finish = resolve));
    const lines = createTranscriptBatcher({ deliver: (events) => this.o.emit('run/transcript', { runId, events }) });
    const run: ActiveRun = { runId, profileId, until: request.fast ? undefined : until, abort: new AbortController(), state: { runId, status: 'running' }, lines, release: undefined, settle, done };
    this.active.set(runId, run);
    this.emitAfterLines(run, 'run/state', run.state);

    const hooks: CheckHooks = {
      signal: run.abort.signal,
      onTranscript: (event) => lines.add(event),
      onStep: (step, phase) => this.emitAfterLines(run, 'run/step', { runId, step, phase }),
      // Run all never pauses (only a paused run takes run/continue): no gate, so the engine may look ahead.
      ...(run.until === undefined ? {} : { beforeStep: (step: StepId, soFar: () => RunReport) => this.gate(run, step, soFar) }),
    };
    this.o
      .runCheck(request, hooks)
      .then(async (report) => {
        await this.o.saveReport(profileId, runId, report).catch((err: unknown) => {
          const why = err instanceof Error ? err.message : 'error';
          report.transcript.push({ seq: (report.transcript.at(-1)?.seq ?? 0) + 1, t: report.transcript.at(-1)?.t ?? 0, dir: 'error', text: `this run could not be saved: ${why}` });
        });
        return ok<RunState>({ runId, status: 'done', report });
      })
      .catch((err: unknown) => fail('EINTERNAL', `the run failed unexpectedly (${err instanceof Error ? err.name : typeof err}); please report this`))
      .then((result) => {
        this.active.delete(runId);
        // Every line of the run goes out before its final state; no timer outlives the run.
        lines.close();
        const ended = result.ok ? ok(DONE_WITHOUT_REPORT(runId)) : result;
        if (ended.ok) {
          run.state = ended.value;
          this.remember(ended.value);
          this.o.emit('run/state', ended.value);
        }
        this.answer(run, result);
        finish(ended);
      });
    return first;
  }

  /** Resolves 'held' after a pause (the report's timing keeps it as the user's time), at once otherwise. */
  private gate(run: ActiveRun, step: StepId, soFar: () => RunReport): Promise<void | 'held'> {
    if (run.abort.signal.aborted || !after(step, run.until)) return Promise.resolve();
    return new Promise<'held'>((resolve) => {
      run.release = () => {
        run.release = undefined;
        run.state = { runId: run.runId, status: 'running' };
        this.emitAfterLines(run, 'run/state', run.state);
        resolve('held');
      };
      run.state = { runId: run.runId, status: 'paused', nextStep: step, report: reportBefore(soFar(), step) };
      this.emitAfterLines(run, 'run/state', run.state);
      this.answer(run, ok(run.state));
    });
  }

  continue(runId: string, until: StepId | undefined): Promise<Result<RunState>> {
    const run = this.active.get(runId);
    if (!run) {
      const done = this.finished.get(runId);
      return Promise.resolve(done ? ok(done) : fail('ENOTFOUND', 'No such run', 'runId'));
    }
    if (run.state.status !== 'paused' || !run.release) return Promise.resolve(fail('ECONFLICT', 'The run is not paused', 'runId'));
    const next = new Promise<Result<RunState>>((resolve) => (run.settle = resolve));
    run.until = until;
    run.release();
    return next;
  }

  /**
   * Stop: one abort destroys the sockets and cancels the DNS questions at once; the report of what
   * happened so far is still made and saved. It goes to the call waiting for the run, or, when the
   * run is paused and no call waits, to this one.
   */
  async cancel(runId: string): Promise<Result<RunState>> {
    const run = this.active.get(runId);
    if (!run) {
      const done = this.finished.get(runId);
      return done ? ok(done) : fail('ENOTFOUND', 'No such run', 'runId');
    }
    const answer = run.settle === undefined ? new Promise<Result<RunState>>((resolve) => (run.settle = resolve)) : run.done;
    run.abort.abort();
    run.lines.flush();
    run.release?.();
    return answer;
  }

  /** Stops the runs of one profile (it is being deleted). */
  async cancelProfile(profileId: string): Promise<void> {
    await Promise.all([...this.active.values()].filter((r) => r.profileId === profileId).map((r) => this.cancel(r.runId)));
  }

  async cancelAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.cancel(id)));
  }

  /** Answers the call waiting for the run, once. */
  private answer(run: ActiveRun, result: Result<RunState>): void {
    const settle = run.settle;
    run.settle = undefined;
    settle?.(result);
  }

  /** Sends the run's pending transcript lines, then the event: the renderer sees them in the order they happened. */
  private emitAfterLines<E extends 'run/state' | 'run/step'>(run: ActiveRun, channel: E, payload: EventPayloads[E]): void {
    run.lines.flush();
    this.o.emit(channel, payload);
  }

  private remember(state: RunState): void {
    this.finished.set(state.runId, state);
    while (this.finished.size > FINISHED_KEPT) {
      const oldest = this.finished.keys().next().value;
      if (oldest === undefined) break;
      this.finished.delete(oldest);
    }
  }
}
