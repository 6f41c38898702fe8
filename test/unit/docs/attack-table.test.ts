import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ATTACKS_END, ATTACKS_START, attackRowPrefix } from '../../../scripts/attack-table.ts';
import { ATTACKS } from '../../security/attacks.ts';

const root = new URL('../../../', import.meta.url);

async function tableRows(): Promise<string[]> {
  const page = await readFile(new URL('docs/RELIABILITY.md', root), 'utf8');
  const start = page.indexOf(ATTACKS_START);
  const end = page.indexOf(ATTACKS_END);
  expect(start, 'attack-table markers in docs/RELIABILITY.md').toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return page
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| # |'));
}

describe('docs/RELIABILITY.md attack table', () => {
  it('lists exactly the registry, in order (run `npm run docs:attacks` after changing test/security/attacks.ts)', async () => {
    const rows = await tableRows();
    expect(ATTACKS.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.slice(0, r.lastIndexOf(' |', r.length - 3) + 2))).toEqual(ATTACKS.map(attackRowPrefix));
  });

  it('shows every attack blocked by the last generating run', async () => {
    for (const row of await tableRows()) expect(row).toMatch(/ blocked \(test passed\) \|$/);
  });

  it('names tests that exist in their files', async () => {
    for (const a of ATTACKS) {
      const source = await readFile(new URL(a.file, root), 'utf8');
      expect(titleTemplates(source).some((t) => t.test(a.test)), `${a.file} has a test titled ${a.test}`).toBe(true);
    }
  });
});

/** Every string literal of a test file as a pattern: `${…}` and Vitest's %s/%j/%d placeholders match anything. */
function titleTemplates(source: string): RegExp[] {
  const literals = source.match(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g) ?? [];
  return literals.map((l) => {
    const body = l.slice(1, -1).replace(/\\(.)/g, '$1');
    const parts = body.split(/\$\{[^}]*\}|%[sjdi]/);
    return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  });
}
