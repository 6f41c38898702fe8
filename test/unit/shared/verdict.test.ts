import { describe, expect, it } from 'vitest';
import { exportVerdictLine, verdictOf } from '../../../shared/verdict.ts';
import type { RunReport } from '../../../shared/report.ts';
import { runReportSchema } from '../../../shared/report.ts';
import relayDenied from '../renderer/wizard/fixtures/report-relay-denied.json' with { type: 'json' };

const failed = runReportSchema.parse(relayDenied) as unknown as RunReport;
const passed: RunReport = { ...failed, findings: [], steps: failed.steps.map((s) => ({ ...s, status: s.status === 'fail' || s.status === 'warn' ? 'pass' : s.status })), exitCode: 0 };

describe('verdictOf', () => {
  it('a failure names the first failed step, its summary and what to do in the app, without an exit code', () => {
    const v = verdictOf(failed);
    expect(v).toMatchObject({ tone: 'error', step: 'rcpt' });
    expect(v.text).toMatch(/^Finished: failed at RCPT TO\. .+ What to do: .+ \(1 problem, 1 warning\)$/);
    expect(v.text).not.toMatch(/exit code/i);
  });

  it('warnings only: no step failed, the first warning step is named', () => {
    const warned: RunReport = { ...failed, findings: failed.findings.filter((f) => f.severity !== 'error'), steps: failed.steps.map((s) => (s.status === 'fail' ? { ...s, status: 'pass' } : s)) };
    expect(verdictOf(warned)).toMatchObject({ tone: 'warn', step: 'starttls', text: 'Finished: no step failed, with 1 warning, the first at STARTTLS (0 problems, 1 warning).' });
  });

  it('every step passed', () => {
    expect(verdictOf(passed)).toEqual({ tone: 'success', text: 'Finished: every step passed or was not needed (0 problems, 0 warnings).' });
  });

  it('Stop: stopped by you, at the step it stopped', () => {
    expect(verdictOf({ ...failed, interrupted: { reason: 'cancelled', step: 'auth', deadlineMs: 60_000 } })).toMatchObject({ tone: 'info', step: 'auth', text: expect.stringMatching(/^Stopped by you at Auth\./) });
  });
});

describe('exportVerdictLine', () => {
  it('is the wizard verdict with the exit code the CLI returns', () => {
    expect(exportVerdictLine(failed)).toBe(`${verdictOf(failed).text} Exit code ${failed.exitCode}.`);
    expect(exportVerdictLine(passed)).toBe('Finished: every step passed or was not needed (0 problems, 0 warnings). Exit code 0.');
  });
});
