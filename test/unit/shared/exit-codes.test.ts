import { describe, expect, it } from 'vitest';
import { EXIT_CODES, EXIT_CODE_DESCRIPTIONS } from '../../../shared/exit-codes.ts';
import { STEP_IDS } from '../../../shared/steps.ts';

describe('exit codes', () => {
  it('gives every step its own code, distinct from ok, internal and usage', () => {
    const values = Object.values(EXIT_CODES);
    expect(new Set(values).size).toBe(values.length);
    for (const id of STEP_IDS) expect(EXIT_CODES[id]).toBeGreaterThanOrEqual(10);
    expect(EXIT_CODES.ok).toBe(0);
    expect(EXIT_CODES.usage).toBe(2);
  });
  it('describes every code', () => {
    for (const name of Object.keys(EXIT_CODES) as (keyof typeof EXIT_CODES)[]) expect(EXIT_CODE_DESCRIPTIONS[name].length).toBeGreaterThan(10);
  });
});
