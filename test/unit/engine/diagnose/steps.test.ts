import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { diagnose, exitCodeFor } from '../../../../electron/engine/diagnose/index.ts';
import { assembleSteps } from '../../../../electron/engine/diagnose/steps.ts';
import { findingSchema, type Finding } from '../../../../shared/finding-codes.ts';
import { EXIT_CODES } from '../../../../shared/exit-codes.ts';
import { runEvidenceSchema, type RunEvidence } from '../../../../shared/evidence.ts';
import { stepResultSchema } from '../../../../shared/step-result.ts';
import { STEP_IDS, type StepResult } from '../../../../shared/steps.ts';
import { okRun } from '../../../fixtures/evidence/builders.ts';
import { SCENARIOS } from '../../../fixtures/evidence/scenarios/index.ts';

const step = (id: StepResult['id'], status: StepResult['status']): StepResult => ({ id, status, durationMs: 0, summary: '' });

describe('steps', () => {
  it('lists every step exactly once, in wizard order, for every scenario', () => {
    for (const s of SCENARIOS) {
      const { steps } = diagnose(s.evidence, s.options);
      expect(steps.map((x) => x.id), s.name).toEqual([...STEP_IDS]);
      for (const x of steps) {
        expect(x.summary.length, `${s.name}/${x.id} summary`).toBeGreaterThan(0);
        if (x.status === 'skipped') expect(x.durationMs).toBe(0);
      }
    }
  });

  it('builds evidence and step details that fit the report schema, for every scenario', () => {
    // That one is outside the schema on purpose: the diagnosis copes with a reason it has no words for.
    const outside = (name: string) => name.startsWith('AUTH not done for a reason the diagnosis has no words for');
    for (const s of SCENARIOS.filter((x) => !outside(x.name))) {
      expect(runEvidenceSchema.safeParse(s.evidence).error, s.name).toBeUndefined();
      const { steps, findings } = diagnose(s.evidence, s.options);
      expect(z.array(stepResultSchema).safeParse(steps).error, s.name).toBeUndefined();
      expect(z.array(findingSchema()).safeParse(findings).error, s.name).toBeUndefined();
      expect(steps.filter((x) => x.status !== 'skipped' && x.details === undefined && (x.id === 'mx' || x.id === 'ehlo')), s.name).toEqual([]);
    }
  });

  it('skips everything for a run that has no evidence yet', () => {
    const empty: RunEvidence = { startedAt: '2026-11-24T00:00:00Z', request: { server: 'mx.example.net', port: 25, security: 'none', ehloName: 'x.example', to: [] }, dns: {} };
    const { steps, findings } = diagnose(empty);
    expect(steps.every((x) => x.status === 'skipped')).toBe(true);
    expect(steps[0]?.summary).toMatch(/server was given/);
    expect(findings).toEqual([]);
    expect(exitCodeFor(steps)).toBe(0);
  });

  it('gives the UI the details it shows', () => {
    const { steps } = diagnose(okRun());
    const by = Object.fromEntries(steps.map((x) => [x.id, x.details ?? {}]));
    const mx = steps.find((x) => x.id === 'mx');
    expect(mx?.id === 'mx' ? mx.details?.rows : undefined).toEqual([
      { priority: 10, exchange: 'mx.example.net', addresses: ['203.0.113.10'], addressOutcome: 'ok' },
      { priority: 20, exchange: 'mx2.example.net', addresses: ['203.0.113.11'], addressOutcome: 'ok' },
    ]);
    expect(by.ptr).toMatchObject({ server: { address: '203.0.113.10', names: ['mx.example.net'], forwardConfirmed: true }, client: { publicIp: '198.51.100.7' } });
    expect(by.banner).toMatchObject({ code: 220, text: ['220 mx.example.net ESMTP Postfix'], hostname: 'mx.example.net' });
    const ehlo = steps.find((x) => x.id === 'ehlo');
    const caps = ehlo?.id === 'ehlo' ? (ehlo.details?.capabilities ?? []) : [];
    expect(caps.find((c) => c.keyword === 'AUTH')?.meaning).toMatch(/PLAIN, LOGIN/);
    expect(caps.some((c) => c.keyword === 'STARTTLS')).toBe(false);
    expect(by.starttls).toMatchObject({ tls: { protocol: 'TLSv1.3', authorized: true } });
    expect(by.auth).toMatchObject({ mechanism: 'PLAIN', ok: true, user: 'alice@example.net' });
    expect(by.data).toMatchObject({ queueId: '4BXYZ12', sizeOctets: 512, sizeLimit: 10240000 });
    expect(by.rcpt).toMatchObject({ accepted: 1, total: 1 });
    const durations = Object.fromEntries(steps.map((x) => [x.id, x.durationMs]));
    expect(durations).toMatchObject({ mx: 30, connect: 25, banner: 40, ehlo: 29, starttls: 60, data: 24 });
  });

  it('says why a step did not run', () => {
    const stopped = SCENARIOS.find((s) => s.name === 'stop after EHLO')!;
    const { steps } = diagnose(stopped.evidence);
    expect(steps.find((x) => x.id === 'starttls')?.summary).toMatch(/stopped after ehlo/);
    const refused = SCENARIOS.find((s) => s.name === 'connection refused')!;
    expect(diagnose(refused.evidence).steps.find((x) => x.id === 'banner')?.summary).toMatch(/earlier step failed/);
  });
});

describe('exitCodeFor', () => {
  it('is 0 when every step passed, warned or was skipped', () => {
    expect(exitCodeFor(STEP_IDS.map((id, i) => step(id, (['pass', 'warn', 'skipped'] as const)[i % 3]!)))).toBe(0);
  });
  it.each(STEP_IDS.map((id) => [id] as const))('gives %s its own code', (id) => {
    expect(exitCodeFor(STEP_IDS.map((s) => step(s, s === id ? 'fail' : 'pass')))).toBe(EXIT_CODES[id]);
  });
  it('reports the first failed stage when several failed', () => {
    expect(exitCodeFor([step('quit', 'fail'), step('rcpt', 'fail'), step('connect', 'pass')])).toBe(EXIT_CODES.rcpt);
  });

  it.each(['pass', 'warn', 'fail', 'skipped'] as const)('an info finding never lowers (or raises) a %s step; a warning or error after it still counts', (status) => {
    const info = (step: StepResult['id']): Finding => ({ code: 'message.accepted', severity: 'info', step, message: 'm', hint: 'h' });
    const draft = { id: 'data' as const, status, durationMs: 1, summary: 'draft' };
    const assembled = assembleSteps([draft], [info('data'), info('data'), info('rcpt')], okRun());
    expect(assembled.find((x) => x.id === 'data')?.status).toBe(status);
    // No draft and only info: still not run.
    expect(assembled.find((x) => x.id === 'rcpt')?.status).toBe('skipped');
    const warned = assembleSteps([draft], [{ ...info('data'), severity: 'warning' }, info('data')], okRun());
    expect(warned.find((x) => x.id === 'data')?.status).toBe(status === 'fail' ? 'fail' : 'warn');
  });
});
