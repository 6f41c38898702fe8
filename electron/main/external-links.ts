/**
 * The one way out to the system browser (reliability A.6): only https URLs that are exactly one of
 * the fixed documentation links in the contract, or a receiver's page of the known-replies table on
 * one of its exact documentation hosts. The page passes a link id, never a URL; main still
 * re-checks the URL it is about to open, so a future caller cannot pass one through by mistake.
 */
import type { Shell } from 'electron';
import { EXTERNAL_LINKS } from '../../shared/reference-links.ts';
import { KNOWN_REPLY_LINKS, PROVIDER_DOC_HOSTS } from '../../shared/known-replies/index.ts';

/** The receivers' pages count only on their exact documentation hosts, so a table entry cannot widen the list. */
const PROVIDER_PAGES = Object.values(KNOWN_REPLY_LINKS).filter((url) => (PROVIDER_DOC_HOSTS as readonly string[]).includes(new URL(url).host));
const ALLOWED = new Set<string>([...Object.values(EXTERNAL_LINKS), ...PROVIDER_PAGES].map((link) => new URL(link).href));

/** True only for an https URL whose normalized form is on the list (same host, path and query). */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  return ALLOWED.has(parsed.href);
}

export class ExternalLinkRefused extends Error {
  readonly code = 'EFORBIDDEN';
  constructor() {
    super('Only the built-in documentation links can be opened.');
    this.name = 'ExternalLinkRefused';
  }
}

/** Opens `url` in the system browser if it is allowed; otherwise throws and launches nothing. */
export async function openExternalLink(shell: Pick<Shell, 'openExternal'>, url: string): Promise<void> {
  if (!isAllowedExternalUrl(url)) throw new ExternalLinkRefused();
  await shell.openExternal(url, { activate: true });
}
