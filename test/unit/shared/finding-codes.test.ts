import { describe, expect, it } from 'vitest';
import { FINDING_CODES, FINDING_CODE_LIST } from '../../../shared/finding-codes.ts';
import { STEP_IDS } from '../../../shared/steps.ts';

describe('finding code table', () => {
  it('assigns every code to a known step', () => {
    for (const code of FINDING_CODE_LIST) {
      expect(STEP_IDS).toContain(FINDING_CODES[code].step);
    }
  });
});
