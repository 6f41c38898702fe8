/**
 * Which of a finding's two hints a host shows. Apart from the finding texts (findings.ts) so the
 * page's first screen, which only shows findings the service made, does not carry the catalog.
 */
import type { Finding } from './finding-codes.ts';

/** Where a finding is shown: the command line names flags, the app (desktop and browser) the profile's controls. */
export type HintHost = 'cli' | 'app';

/** The hint of a finding as `host` should show it. */
export function hintFor(finding: Finding, host: HintHost): string {
  return host === 'app' ? (finding.uiHint ?? finding.hint) : finding.hint;
}
