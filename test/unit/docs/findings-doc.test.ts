import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FINDING_CODE_LIST } from '../../../shared/finding-codes.ts';
import { renderFindingsDoc } from '../../../scripts/findings-doc.ts';

describe('docs/FINDINGS.md', () => {
  it('is up to date with the catalog (run `npm run docs` after changing findings or exit codes)', async () => {
    const committed = await readFile(new URL('../../../docs/FINDINGS.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderFindingsDoc());
  });

  it('lists every finding code', () => {
    const doc = renderFindingsDoc();
    for (const code of FINDING_CODE_LIST) expect(doc).toContain(`| \`${code}\` |`);
  });
});
