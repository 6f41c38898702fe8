/**
 * Opens one of the app's pages by id (a reference or a receiver's page; reliability A.6): the page
 * names an id, main resolves it through its allow-list. The desktop opens it in the system browser;
 * in browser mode main hands back the allow-listed URL and it opens in a new tab, as a link would.
 */
import type { OpenableLinkId } from '../../shared/ipc/contract.ts';
import { api } from './api.ts';

/** Opens the page; resolves with the words to show when it was refused, '' when it opened. */
export async function openLink(link: OpenableLinkId): Promise<string> {
  const result = await api.invoke('external/open', { link });
  if (!result.ok) return result.error.message;
  if (result.value.opened) return '';
  // No opener and no referrer: the new tab cannot reach this page or learn its address (and token).
  window.open(result.value.url, '_blank', 'noopener,noreferrer');
  return '';
}
