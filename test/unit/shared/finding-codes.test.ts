import { describe, expect, it, vi } from 'vitest';
import type * as Zod from 'zod';
import { FINDING_CODES, FINDING_CODE_LIST } from '../../../shared/finding-codes.ts';
import { STEP_IDS } from '../../../shared/steps.ts';

describe('finding code table', () => {
  it('assigns every code to a known step', () => {
    for (const code of FINDING_CODE_LIST) {
      expect(STEP_IDS).toContain(FINDING_CODES[code].step);
    }
  });

  it('builds the finding schema on first use, not at import (a check makes findings and never parses them), and only once', async () => {
    vi.resetModules();
    const shapes: object[] = [];
    vi.doMock('zod', async (importOriginal) => {
      const z = await importOriginal<typeof Zod>();
      return { ...z, object: (shape: Parameters<typeof z.object>[0]) => (shapes.push(shape ?? {}), z.object(shape)) };
    });
    try {
      const fresh = await import('../../../shared/finding-codes.ts');
      const findingShapes = () => shapes.filter((s) => 'code' in s && 'hint' in s).length;
      expect(findingShapes()).toBe(0);
      const schema = fresh.findingSchema();
      expect(fresh.findingSchema()).toBe(schema);
      expect(findingShapes()).toBe(1);
      expect(schema.safeParse({ code: 'timeout', severity: 'error', step: 'connect', message: 'm', hint: 'h' }).success).toBe(true);
    } finally {
      vi.doUnmock('zod');
      vi.resetModules();
    }
  });
});
