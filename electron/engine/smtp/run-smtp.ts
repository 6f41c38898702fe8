/**
 * The step runner: one table of stages (STAGES) walked by one loop over one SmtpClient, filling
 * SmtpEvidence as it goes. Each stage is a small function that fills its part of the evidence
 * and returns what happens next: the following stage, a clean QUIT, or closing without QUIT.
 * The loop alone owns the pause gate (`beforeStep`), the step start/end events, `stopAfter`
 * (swaks' --quit-after) and the capture of a stray error into `evidence.error`.
 * It never throws for outcomes. The run's abort signal goes to the connection, which fails the
 * command under way (or the next one) with EABORTED/EDEADLINE.
 */
import type { EngineError, SmtpEvidence } from '../../../shared/evidence.ts';
import type { StepId } from '../../../shared/steps.ts';
import { validateSmtpRunOptions, type SmtpRunOptions } from './run-options.ts';
import { SmtpClient } from './smtp-client.ts';
import { auth, banner, compose, composeAside, composed, connect, ehlo, ehloAgain, starttls } from './session-stages.ts';
import { createStageContext, errorDetail, fail, since, type Next, type StageContext } from './stage-context.ts';
import { data, envelope, mail, moreTransactions, pipeline, quit, rcpt } from './transaction-stages.ts';

export { validateSmtpRunOptions, type SmtpRunOptions } from './run-options.ts';
export { parseQueueId } from './more-transactions.ts';

export interface Stage {
  readonly id: string;
  /** The wizard step the stage belongs to (gate and start/end events); none for checks between steps. */
  readonly step?: StepId;
  /** Whether the stage applies to this run (pure; a stage that does not apply is passed over). */
  readonly when?: (ctx: StageContext) => boolean;
  readonly run: (ctx: StageContext) => Promise<Next>;
}

/** The session in order. Stages of one step run under one gate and one pair of step events. */
export const STAGES = [
  { id: 'compose', when: (ctx) => !ctx.fast, run: compose },
  { id: 'connect', step: 'connect', run: connect },
  { id: 'banner', step: 'banner', run: banner },
  { id: 'compose-aside', when: (ctx) => ctx.fast, run: composeAside },
  { id: 'ehlo', step: 'ehlo', run: ehlo },
  { id: 'starttls', step: 'starttls', when: (ctx) => ctx.o.connection.security !== 'implicit', run: starttls },
  { id: 'ehlo-again', step: 'starttls', when: (ctx) => ctx.ev.starttls?.ok === true, run: ehloAgain },
  { id: 'auth', step: 'auth', run: auth },
  { id: 'composed', when: (ctx) => ctx.composing !== undefined, run: composed },
  { id: 'envelope', run: envelope },
  { id: 'pipeline', step: 'mail', when: (ctx) => ctx.fast, run: pipeline },
  { id: 'mail', step: 'mail', run: mail },
  { id: 'rcpt', step: 'rcpt', run: rcpt },
  { id: 'data', step: 'data', run: data },
  { id: 'more-transactions', step: 'data', when: (ctx) => ctx.deferred.length > 0, run: moreTransactions },
  { id: 'quit', step: 'quit', when: (ctx) => ctx.client.canSend() || ctx.client.quitAnswered(), run: quit },
] as const satisfies readonly Stage[];

export type StageId = (typeof STAGES)[number]['id'];

type StageHooks = Pick<SmtpRunOptions, 'beforeStep' | 'onStep' | 'stopAfter'>;

/**
 * Walks `stages`: the gate before each step, 'quit' jumps to the QUIT stage, 'drop' ends,
 * and after the step named by `stopAfter` the run goes to QUIT (unless QUIT is next anyway).
 */
export async function runStages(ctx: StageContext, hooks: StageHooks, stages: readonly Stage[] = STAGES): Promise<void> {
  const quitAt = stages.findIndex((s) => s.id === 'quit');
  const toQuit = () => (quitAt < 0 ? stages.length : quitAt);
  let open: StepId | undefined;
  const close = (): StepId | undefined => {
    const step = open;
    if (step !== undefined) hooks.onStep?.(step, 'end');
    open = undefined;
    return step;
  };
  let i = 0;
  while (i < stages.length) {
    const stage = stages[i] as Stage;
    i++;
    if (stage.when && !stage.when(ctx)) continue;
    if (stage.step !== open) {
      const closed = close();
      if (closed !== undefined && closed === hooks.stopAfter && stage.id !== 'quit') {
        ctx.transcript.add('info', `stopping after ${closed} as asked`);
        i = toQuit();
        continue;
      }
      if (stage.step !== undefined) {
        if (!(await openStep(ctx, stage.step, hooks))) break;
        open = stage.step;
      }
    }
    ctx.stageStartedAt = ctx.transcript.now();
    const next = await runStage(ctx, stage);
    if (next === 'next') continue;
    close();
    if (next === 'drop' || i > quitAt) break;
    i = toQuit();
  }
  close();
}

/** The gate, then the step's start event; a gate that fails ends the run (its error is kept). */
async function openStep(ctx: StageContext, step: StepId, hooks: StageHooks): Promise<boolean> {
  try {
    await hooks.beforeStep?.(step);
  } catch (err) {
    fail(ctx, errorDetail(err, 'command'));
    return false;
  }
  hooks.onStep?.(step, 'start');
  ctx.stepStartedAt = ctx.transcript.now();
  return true;
}

/** Stages return outcomes; anything thrown is a bug, kept as the run's error instead of escaping. */
async function runStage(ctx: StageContext, stage: Stage): Promise<Next> {
  try {
    return await stage.run(ctx);
  } catch (err) {
    return fail(ctx, errorDetail(err, 'command'));
  }
}

export async function runSmtp(o: SmtpRunOptions): Promise<SmtpEvidence> {
  const transcript = o.transcript;
  const { dial, port, security, source } = o.connection;
  const ev: SmtpEvidence = { target: { host: dial, port, security, ...(source !== undefined ? { sourceAddress: source } : {}) }, commands: [], violations: [], elapsedMs: 0 };
  if (o.stopAfter) ev.stopAfter = o.stopAfter;
  const t0 = transcript?.now?.() ?? 0;

  const problems = validateSmtpRunOptions(o);
  if (problems.length > 0) {
    for (const p of problems) transcript?.add?.('error', `invalid input: ${p.message}`);
    ev.error = problems[0] as EngineError;
    return ev;
  }

  const client = new SmtpClient({ connection: o.connection, transcript, ...(o.signal ? { signal: o.signal } : {}), ...(o.timeline ? { timeline: o.timeline } : {}), ...(o.early ? { early: o.early } : {}) });
  const ctx = createStageContext(o, client, ev);
  if (o.fast && !ctx.fast) transcript.add('info', 'fast mode is not used when the run stops after a step: one command per reply');
  o.onEvidence?.(() => collectEvidence(ctx, client, { ...ev, target: { ...ev.target } }, t0));
  try {
    await runStages(ctx, o);
  } finally {
    client.close();
    // A session that ended before the envelope leaves no composition running after the run.
    await ctx.composing;
    collectEvidence(ctx, client, ev, t0);
  }
  return ev;
}

/** What the client holds (commands, violations, TLS, addresses) copied into `ev`, and the time so far. */
function collectEvidence(ctx: StageContext, client: SmtpClient, ev: SmtpEvidence, t0: number): SmtpEvidence {
  ev.commands = [...client.commands];
  ev.violations = [...client.violations];
  if (client.closedByServer) ev.closedByServer = client.closedByServer;
  if (client.tlsReport) ev.tls = client.tlsReport;
  Object.assign(ev.target, client.remote);
  ev.elapsedMs = since(ctx, t0);
  return ev;
}
