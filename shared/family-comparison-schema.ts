/** The schema of a comparison over IPv4 and IPv6 (family-comparison.ts), to check one read back. */
import * as z from 'zod';
import { FAMILY_OUTCOMES } from './family-comparison.ts';
import { runReportSchema } from './report.ts';

export const familyComparisonSchema = z.object({
  ipv4: runReportSchema,
  ipv6: runReportSchema,
  outcomes: z.object({ ipv4: z.enum(FAMILY_OUTCOMES), ipv6: z.enum(FAMILY_OUTCOMES) }),
  /** The first failing version's exit code (IPv4 first); 0 when every version with an address passed. */
  exitCode: z.number().int().min(0).max(255),
});
export type FamilyComparison = z.infer<typeof familyComparisonSchema>;
