/**
 * The two IP versions of a check over both, and how each went: plain values, without zod, so the
 * CLI's check starts without building the pair's schema over two whole reports (family-pair.ts,
 * which re-exports these, holds the shape and the check of a pair read back).
 */
export const IP_VERSIONS = ['ipv4', 'ipv6'] as const;
export type IpVersion = (typeof IP_VERSIONS)[number];

/** The family number of each side, as CheckRequest.family takes it. */
export const IP_VERSION_FAMILY = { ipv4: 4, ipv6: 6 } as const satisfies Record<IpVersion, 4 | 6>;

export const FAMILY_OUTCOMES = ['pass', 'fail', 'no-address'] as const;
export type FamilyOutcome = (typeof FAMILY_OUTCOMES)[number];

/** How each outcome reads in the wizard's comparison and the exports' table. */
export const FAMILY_OUTCOME_LABELS: Record<FamilyOutcome, string> = { pass: 'works', fail: 'fails', 'no-address': 'no address' };

/** EDNS's cause when the name has addresses, but only of the IP version other than the one asked for. */
export const OTHER_FAMILY_ONLY = 'other-family-only';
