/**
 * The same check over IPv4 and over IPv6, side by side (`smtp-probe check --both-families`, the
 * wizard's "Both IP versions"): one full report per version, and how each version went. A version
 * the server has no address of is "no-address", not a failure: it does not decide the exit code.
 */
import { z } from 'zod';
import { runReportSchema } from './report.ts';

export const IP_VERSIONS = ['ipv4', 'ipv6'] as const;
export type IpVersion = (typeof IP_VERSIONS)[number];

/** The family number of each side, as CheckRequest.family takes it. */
export const IP_VERSION_FAMILY = { ipv4: 4, ipv6: 6 } as const satisfies Record<IpVersion, 4 | 6>;

export const FAMILY_OUTCOMES = ['pass', 'fail', 'no-address'] as const;
export type FamilyOutcome = (typeof FAMILY_OUTCOMES)[number];

export const familyComparisonSchema = z.object({
  ipv4: runReportSchema,
  ipv6: runReportSchema,
  outcomes: z.object({ ipv4: z.enum(FAMILY_OUTCOMES), ipv6: z.enum(FAMILY_OUTCOMES) }),
  /** The first failing version's exit code (IPv4 first); 0 when every version with an address passed. */
  exitCode: z.number().int().min(0).max(255),
});
export type FamilyComparison = z.infer<typeof familyComparisonSchema>;
