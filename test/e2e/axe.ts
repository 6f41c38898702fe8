/** axe-core in the page under test: the serious and critical WCAG 2.0/2.1 A and AA violations of what is shown. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeGlobals {
  document: unknown;
  axe: { run(c: unknown, o: unknown): Promise<{ violations: { id: string; impact?: string; nodes: { target: string[] }[] }[] }> };
}

/** axe (WCAG 2.0/2.1 A and AA) on the page as shown: the serious and critical violations, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const g = globalThis as unknown as AxeGlobals;
    const { violations } = await g.axe.run(g.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
