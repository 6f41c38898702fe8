/**
 * How the app names a receiver's page: "reply:<entry id>", "lookup:<list id>", "delist:<list id>".
 * Only the shape lives here, so the IPC contract and the report schema can check an id without
 * carrying the table; doc-links.ts maps the ids to their pages.
 */
import * as z from 'zod';

export type KnownReplyLinkId = `reply:${string}` | `lookup:${string}` | `delist:${string}`;

const LINK_ID = /^(reply|lookup|delist):[a-z0-9][a-z0-9.-]{0,80}$/;

/** A string shaped like a receiver page's id (whether the page exists is the table's business). */
export const knownReplyLinkIdSchema = z.custom<KnownReplyLinkId>((v) => typeof v === 'string' && LINK_ID.test(v), 'not a receiver page id');

/** The page a matched reply points to: the blocklist's lookup page when the text named a list, else the entry's own. */
export function knownReplyLinkId(entryId: string, listId?: string): KnownReplyLinkId {
  return listId !== undefined ? `lookup:${listId}` : `reply:${entryId}`;
}
