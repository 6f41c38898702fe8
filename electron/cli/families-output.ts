/**
 * Output of `smtp-probe check --both-families`: the two runs' steps side by side, each version's
 * findings, and one result line per version. Server text goes through visibleText, as everywhere.
 */
import type { FamilyComparison, FamilyOutcome, IpVersion } from '../../shared/family-comparison.ts';
import { IP_VERSIONS, IP_VERSION_FAMILY } from '../../shared/family-comparison.ts';
import type { RunReport } from '../../shared/report.ts';
import { targetLine } from '../../shared/report-format.ts';
import { STEP_IDS } from '../../shared/steps.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { paintFinding, paintStatus, type Painter } from './output.ts';

/** Width of one version's column: the status and as much of the step's summary as fits. */
const COLUMN = 44;

const label = (version: IpVersion): string => `IPv${IP_VERSION_FAMILY[version]}`;

function cell(report: RunReport, id: string, p: Painter): string {
  const step = report.steps.find((s) => s.id === id);
  if (step === undefined) return p.dim('-'.padEnd(COLUMN));
  const summary = visibleText(step.summary);
  const room = COLUMN - 8;
  const text = summary.length > room ? `${summary.slice(0, room - 1)}…` : summary.padEnd(room);
  return `${paintStatus(step, p)} ${text}`;
}

const OUTCOME_WORDS: Record<FamilyOutcome, string> = { pass: 'every step passed or only warned', fail: 'a step failed', 'no-address': 'no address of this version: not checked' };

function resultLine(version: IpVersion, c: FamilyComparison, p: Painter): string {
  const outcome = c.outcomes[version];
  const text = `${label(version)}: ${OUTCOME_WORDS[outcome]}${outcome === 'fail' ? ` (exit ${c[version].exitCode})` : ''}`;
  return outcome === 'fail' ? p.fail(text) : outcome === 'pass' ? p.pass(text) : p.dim(text);
}

export function familySummaryLines(c: FamilyComparison, p: Painter): string[] {
  const out = ['', p.bold(`Target over IPv4: ${visibleText(targetLine(c.ipv4))}`), p.bold(`Target over IPv6: ${visibleText(targetLine(c.ipv6))}`), ''];
  out.push(p.bold(`${'Steps'.padEnd(11)}${label('ipv4').padEnd(COLUMN + 2)}${label('ipv6')}`));
  for (const id of STEP_IDS) {
    if (!IP_VERSIONS.some((v) => c[v].steps.some((s) => s.id === id))) continue;
    out.push(`  ${id.padEnd(9)}${cell(c.ipv4, id, p)}  ${cell(c.ipv6, id, p)}`.trimEnd());
  }
  for (const version of IP_VERSIONS) {
    out.push('', p.bold(`Findings over ${label(version)}`));
    if (c[version].findings.length === 0) out.push('  none');
    for (const f of c[version].findings) out.push(...paintFinding(f, p));
  }
  out.push('', ...IP_VERSIONS.map((v) => resultLine(v, c, p)));
  out.push(c.exitCode === 0 ? p.pass('Result: every version with an address passed (exit 0).') : p.fail(`Result: a version failed (exit ${c.exitCode}).`));
  return out;
}
