import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../electron/engine/diagnose/index.ts';
import { compareFamilies } from '../../../../shared/family-comparison.ts';
import { FINDING_CODE_LIST } from '../../../../shared/finding-codes.ts';
import { SCENARIOS } from '../../../fixtures/evidence/scenarios/index.ts';
import { FAMILY_SCENARIOS } from '../../../fixtures/evidence/scenarios/families.ts';

describe('finding coverage', () => {
  it('every finding code is triggered by at least one recorded-evidence fixture (the IP-version comparison by a pair of reports)', () => {
    const compared = FAMILY_SCENARIOS.map((s) => compareFamilies(s.reports)).flatMap((c) => [...c.ipv4.findings, ...c.ipv6.findings]);
    const triggered = new Set([...SCENARIOS.flatMap((s) => diagnose(s.evidence, s.options).findings), ...compared].map((f) => f.code));
    const missing = FINDING_CODE_LIST.filter((code) => !triggered.has(code));
    expect(missing, `codes without a triggering fixture: ${missing.join(', ')}`).toEqual([]);
  });
});
