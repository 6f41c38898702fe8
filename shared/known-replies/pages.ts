/**
 * The receivers' pages by link id (link-id.ts): the one place an id becomes a URL, for main's
 * allow-list (doc-links.ts) and the exports. It does not import the IPC contract, which imports
 * the exports' module (report formats).
 */
import { BLOCKLISTS } from './blocklists.ts';
import type { KnownReplyLinkId } from './link-id.ts';
import { KNOWN_REPLIES } from './table.ts';

export const KNOWN_REPLY_LINKS: Readonly<Record<KnownReplyLinkId, string>> = Object.fromEntries([
  ...KNOWN_REPLIES.map((entry) => [`reply:${entry.id}`, entry.link.url]),
  ...BLOCKLISTS.flatMap((list) => [
    [`lookup:${list.id}`, list.lookup.url],
    [`delist:${list.id}`, list.delist.url],
  ]),
]) as Record<KnownReplyLinkId, string>;

/** A receiver's page by its id, from the table only: never a URL written in a report or a reply. */
export function knownReplyUrl(link: string): string | undefined {
  return Object.hasOwn(KNOWN_REPLY_LINKS, link) ? KNOWN_REPLY_LINKS[link as KnownReplyLinkId] : undefined;
}
