/**
 * The one way out to the system browser (reliability A.6): only https URLs on the allow-list of
 * shared/known-replies/doc-links.ts. The page passes a link id, never a URL; main still re-checks
 * the URL it is about to open, so a future caller cannot pass one through by mistake.
 */
import type { Shell } from 'electron';
import { isAllowedExternalUrl } from '../../shared/known-replies/doc-links.ts';

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
