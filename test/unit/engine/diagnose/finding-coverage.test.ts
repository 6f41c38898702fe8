import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../electron/engine/diagnose/index.ts';
import { FINDING_CODE_LIST } from '../../../../shared/finding-codes.ts';
import { SCENARIOS } from '../../../fixtures/evidence/scenarios/index.ts';

describe('finding coverage', () => {
  it('every finding code is triggered by at least one recorded-evidence fixture', () => {
    const triggered = new Set(SCENARIOS.flatMap((s) => diagnose(s.evidence, s.options).findings.map((f) => f.code)));
    const missing = FINDING_CODE_LIST.filter((code) => !triggered.has(code));
    expect(missing, `codes without a triggering fixture: ${missing.join(', ')}`).toEqual([]);
  });
});
