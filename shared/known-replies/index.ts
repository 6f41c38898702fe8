/** Known replies: what the big receivers' and the common MTAs' own reply texts mean, and their fixes. */
export { blocklistForZone, matchingEntries, matchKnownReply, normalizeReplyText } from './match.ts';
export { BLOCKLISTS } from './blocklists.ts';
export { PROVIDER_DOC_HOSTS } from './doc-links.ts';
export { KNOWN_REPLY_LINKS, knownReplyUrl } from './pages.ts';
export { knownReplyLinkId, type KnownReplyLinkId } from './link-id.ts';
export { KNOWN_REPLIES } from './table.ts';
export { RECEIVERS } from './types.ts';
export type { Blocklist, DocLink, KnownReply, KnownReplyMatch, Receiver, ReplyToMatch } from './types.ts';
