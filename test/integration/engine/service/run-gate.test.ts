/**
 * runCheck's beforeStep gate against the built-in server: awaited before every step in order, and
 * a run held at the gate goes on where it stopped (the connection stays open meanwhile). And what
 * the service adds to a run stays off the session's path: its events go out synchronously (no
 * acknowledgement is awaited) and the run file is written once, after QUIT.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../../../electron/engine/check/run-check.ts';
import { RunController } from '../../../../electron/engine/service/run-controller.ts';
import { startSandbox, type Sandbox } from '../../../../electron/engine/sandbox/index.ts';
import { checkRequestSchema } from '../../../../shared/check-request.ts';
import type { RunState } from '../../../../shared/ipc/contract.ts';
import type { Result } from '../../../../shared/ipc/result.ts';
import type { RunReport } from '../../../../shared/report.ts';
import type { StepId } from '../../../../shared/steps.ts';
import { DNS_PEER_SERVER } from '../../../helpers/dns-peer.ts';

let dir: string;
let sandbox: Sandbox;

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-gate-'));
  sandbox = await startSandbox({ dataDir: path.join(dir, 'sandbox'), smtpPort: 0, tlsPort: 0 });
});
afterAll(async () => {
  await sandbox?.close();
  await fsp.rm(dir, { recursive: true, force: true });
});

const request = (extra: { fast?: boolean } = {}) =>
  checkRequestSchema.parse({
    ...extra,
    server: '127.0.0.1',
    port: sandbox.smtpPort,
    security: 'starttls',
    ca: [sandbox.certificatePem],
    ehloName: 'client.smtp-probe.test',
    auth: { user: sandbox.credentials.user, password: sandbox.credentials.password },
    from: 'me@sandbox.smtp-probe.test',
    to: ['you@sandbox.smtp-probe.test'],
    dnsServer: DNS_PEER_SERVER,
    publicIpResolvers: [],
  });

describe('beforeStep', () => {
  it('is awaited before each step, in order, each before the step starts', async () => {
    const seen: string[] = [];
    const report = await runCheck(request(), {
      beforeStep: async (step) => void seen.push(`gate:${step}`),
      onStep: (step, phase) => phase === 'start' && seen.push(step),
    });
    expect(report.exitCode).toBe(0);
    const order: StepId[] = ['ptr', 'connect', 'banner', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'quit'];
    expect(seen).toEqual(order.flatMap((s) => [`gate:${s}`, s]));
  });

  it('a run held before AUTH with the connection open goes on to the end when released', async () => {
    let release!: () => void;
    let held = false;
    const run = runCheck(request(), {
      beforeStep: (step) => {
        if (step !== 'auth') return Promise.resolve();
        held = true;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    while (!held) await new Promise((r) => setTimeout(r, 5));
    release();
    const report = await run;
    expect(report.exitCode).toBe(0);
    expect(report.steps.find((s) => s.id === 'auth')?.status).toBe('pass');
  });

  it('gives the gate the report so far: the steps before it diagnosed from the live session', async () => {
    let atAuth: RunReport | undefined;
    const report = await runCheck(request(), {
      beforeStep: async (step, soFar) => {
        if (step === 'auth') atAuth = soFar();
      },
    });
    expect(report.exitCode).toBe(0);
    const status = (id: StepId) => atAuth?.steps.find((s) => s.id === id)?.status;
    expect(['connect', 'banner', 'ehlo', 'starttls'].map((id) => status(id as StepId))).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(atAuth?.smtp?.banner?.reply?.code).toBe(220);
    expect(atAuth?.smtp?.starttls?.reply?.code).toBe(220);
    expect(atAuth?.smtp?.auth).toBeUndefined();
  });
});

describe('a run through the service', () => {
  for (const fast of [false, true]) {
    it(`${fast ? 'Run all (fast)' : 'Run all'}: every command is sent before the run file is written; the answer waits for the save`, async () => {
      const order: string[] = [];
      let releaseSave!: () => void;
      let saveAsked!: () => void;
      const asked = new Promise<void>((resolve) => (saveAsked = resolve));
      const saves: RunReport[] = [];
      const runs = new RunController({
        emit: (channel, payload) => {
          if (channel === 'run/step') order.push(`${(payload as { step: string }).step}:${(payload as { phase: string }).phase}`);
        },
        runCheck,
        saveReport: (_profileId, _runId, report) => {
          order.push('save');
          saves.push(report);
          saveAsked();
          return new Promise<void>((resolve) => (releaseSave = resolve));
        },
      });
      let answered: Result<RunState> | undefined;
      const answer = runs.start(`run-${String(fast)}`, 'p1', request(fast ? { fast } : {}), undefined).then((r) => (answered = r));
      await asked;
      // The session is over on the wire by the time the store is first asked: QUIT went out and was answered.
      const transcript = saves[0]!.transcript.map((e) => `${e.dir} ${e.text}`);
      expect(transcript.some((line) => /^C QUIT/.test(line))).toBe(true);
      expect(transcript.some((line) => /^S 221\b/.test(line))).toBe(true);
      expect(order.at(-2)).toBe('quit:end');
      expect(order.filter((o) => o === 'save')).toEqual(['save']);
      // Held save: the waiting call has no answer yet.
      await new Promise((resolve) => setImmediate(resolve));
      expect(answered).toBeUndefined();
      releaseSave();
      const result = await answer;
      expect(result).toMatchObject({ ok: true, value: { status: 'done' } });
    });
  }
});
