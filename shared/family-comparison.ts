/**
 * The same check over IPv4 and over IPv6, side by side (`smtp-probe check --both-families`, the
 * wizard's "Both IP versions"): one full report per version, how each version went, and (pure, for
 * the engine and the wizard alike) their comparison: a finding in the report of the version that is
 * off. The common real-world case is an AAAA record pointing to an address where nothing listens:
 * IPv6 fails while IPv4 works, and senders that try IPv6 first deliver late or not at all. A version
 * the server has no address of is "no-address", not a failure: it does not decide the exit code.
 */
import type { Finding } from './finding-codes.ts';
import { makeFinding } from './findings.ts';
import { IP_VERSION_FAMILY, type FamilyComparison, type FamilyOutcome, type IpVersion } from './family-pair.ts';
import type { RunReport } from './report.ts';
import { STEP_IDS, STEP_LABELS } from './steps.ts';

// The comparison's shape lives apart (family-pair.ts), so the page can check a pair without the finding texts.
export { FAMILY_OUTCOMES, IP_VERSIONS, IP_VERSION_FAMILY, familyComparisonSchema } from './family-pair.ts';
export type { FamilyComparison, FamilyOutcome, IpVersion } from './family-pair.ts';

const RECORD = { ipv4: 'A', ipv6: 'AAAA' } as const satisfies Record<IpVersion, string>;
const OTHER = { ipv4: 'ipv6', ipv6: 'ipv4' } as const satisfies Record<IpVersion, IpVersion>;

/**
 * The server's name gave no address of this version. The system resolver says "not found" for a
 * name without an address of the version asked, so NXDOMAIN counts too: the other version's
 * address proves the name exists.
 */
function hasNoAddress(report: RunReport): boolean {
  const error = report.smtp?.connect?.error;
  return error?.code === 'EDNS' && (error.cause === 'nodata' || error.cause === 'nxdomain');
}

function outcomeOf(report: RunReport, other: RunReport): FamilyOutcome {
  if (hasNoAddress(report) && !hasNoAddress(other)) return 'no-address';
  return report.exitCode === 0 ? 'pass' : 'fail';
}

/** "IPv6 fails while IPv4 works", told by how the failing side failed (refused, timed out, or at a later step). */
function splitFinding(version: IpVersion, report: RunReport): Finding {
  const failed = STEP_IDS.find((id) => report.steps.some((s) => s.id === id && s.status === 'fail')) ?? 'connect';
  const error = report.smtp?.connect?.error;
  const variant = error?.code === 'ECONNREFUSED' ? 'refused' : error?.code === 'ETIMEDOUT' ? 'timeout' : undefined;
  const values = {
    family: IP_VERSION_FAMILY[version],
    other: IP_VERSION_FAMILY[OTHER[version]],
    record: RECORD[version],
    host: report.target.host ?? report.target.domain,
    address: report.target.address,
    port: report.target.port,
    step: STEP_LABELS[failed],
    summary: report.steps.find((s) => s.id === failed)?.summary ?? 'failed',
  };
  return makeFinding('connect.family-split', values, variant !== undefined ? { variant } : {});
}

function missingFinding(version: IpVersion, report: RunReport): Finding {
  const family = IP_VERSION_FAMILY[version];
  return makeFinding('connect.family-missing', { host: report.target.host ?? report.target.domain, record: RECORD[version], family, other: IP_VERSION_FAMILY[OTHER[version]] });
}

/** The finding a version's report gains from the comparison, if any. */
function comparisonFinding(version: IpVersion, outcomes: Record<IpVersion, FamilyOutcome>, report: RunReport): Finding | undefined {
  if (outcomes[version] === 'no-address') return missingFinding(version, report);
  if (outcomes[version] === 'fail' && outcomes[OTHER[version]] === 'pass') return splitFinding(version, report);
  return undefined;
}

export function compareFamilies(reports: Record<IpVersion, RunReport>): FamilyComparison {
  const outcomes = { ipv4: outcomeOf(reports.ipv4, reports.ipv6), ipv6: outcomeOf(reports.ipv6, reports.ipv4) };
  const withFinding = (version: IpVersion): RunReport => {
    const finding = comparisonFinding(version, outcomes, reports[version]);
    return finding === undefined ? reports[version] : { ...reports[version], findings: [finding, ...reports[version].findings] };
  };
  const failing = (['ipv4', 'ipv6'] as const).find((v) => outcomes[v] === 'fail');
  return { ipv4: withFinding('ipv4'), ipv6: withFinding('ipv6'), outcomes, exitCode: failing === undefined ? 0 : reports[failing].exitCode };
}
