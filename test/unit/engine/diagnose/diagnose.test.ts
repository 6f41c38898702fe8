import { describe, expect, it } from 'vitest';
import { diagnose, exitCodeFor } from '../../../../electron/engine/diagnose/index.ts';
import type { FindingCode } from '../../../../shared/finding-codes.ts';
import { SCENARIOS } from '../../../fixtures/evidence/scenarios/index.ts';

describe('diagnose over recorded evidence', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    const { steps, findings } = diagnose(scenario.evidence, scenario.options);
    const codes = findings.map((f) => f.code);
    for (const code of scenario.expect) expect(codes, `expected ${code}`).toContain(code);
    for (const code of scenario.absent ?? []) expect(codes, `did not expect ${code}`).not.toContain(code);
    if (scenario.expect.length === 0) expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const status = Object.fromEntries(steps.map((s) => [s.id, s.status]));
    for (const [id, want] of Object.entries(scenario.steps ?? {})) expect(status[id], `step ${id}`).toBe(want);
    if (scenario.exitCode !== undefined) expect(exitCodeFor(steps)).toBe(scenario.exitCode);
    const first = (code: FindingCode) => findings.find((f) => f.code === code);
    for (const [code, parts] of Object.entries(scenario.messageIncludes ?? {})) {
      for (const part of parts ?? []) expect(first(code as FindingCode)?.message, `${code} message`).toContain(part);
    }
    for (const [code, severity] of Object.entries(scenario.severity ?? {})) expect(first(code as FindingCode)?.severity, `${code} severity`).toBe(severity);
    for (const [code, text] of Object.entries(scenario.verbatim ?? {})) expect(first(code as FindingCode)?.evidence, `${code} evidence`).toBe(text);
    for (const [code, step] of Object.entries(scenario.findingStep ?? {})) expect(first(code as FindingCode)?.step, `${code} step`).toBe(step);
    // No placeholder may leak into what the admin reads.
    for (const f of findings) {
      expect(f.message).not.toMatch(/\{[a-zA-Z]+\}/);
      expect(f.hint).not.toMatch(/\{[a-zA-Z]+\}/);
      expect(f.message).not.toContain('(unknown)');
    }
  });

  it('is pure: the same evidence gives the same result and is not modified', () => {
    const scenario = SCENARIOS[0]!;
    const before = JSON.stringify(scenario.evidence);
    const a = diagnose(scenario.evidence);
    const b = diagnose(scenario.evidence);
    expect(a).toEqual(b);
    expect(JSON.stringify(scenario.evidence)).toBe(before);
  });

  it('reports a server hang-up once even when both the error and closedByServer record it', () => {
    const scenario = SCENARIOS.find((s) => s.name.includes('421 and hangs up'))!;
    const { findings } = diagnose(scenario.evidence);
    expect(findings.filter((f) => f.code === 'session.closed')).toHaveLength(1);
  });

  it('orders findings by step', () => {
    for (const scenario of SCENARIOS) {
      const { steps, findings } = diagnose(scenario.evidence, scenario.options);
      const order = steps.map((s) => s.id);
      const positions = findings.map((f) => order.indexOf(f.step));
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
    }
  });
});
