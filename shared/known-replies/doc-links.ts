/**
 * The receivers' documentation pages as fixed link ids ("reply:<entry id>", "lookup:<list id>",
 * "delist:<list id>"): the page asks main to open an id, never a URL (reliability A.6), and main
 * opens only pages on the exact hosts below.
 */
import { EXTERNAL_LINKS, type ExternalLinkId } from '../ipc/contract.ts';
import type { KnownReplyLinkId } from './link-id.ts';
import { BLOCKLISTS } from './blocklists.ts';
import { KNOWN_REPLIES } from './table.ts';

/** Exact hosts (no subdomains) the known-replies table may link to. */
export const PROVIDER_DOC_HOSTS = [
  'learn.microsoft.com',
  'sendersupport.olc.protection.outlook.com',
  'support.google.com',
  'senders.yahooinc.com',
  'support.apple.com',
  'ipcheck.proofpoint.com',
  'community.mimecast.com',
  'campus.barracuda.com',
  'www.barracudacentral.org',
  'check.spamhaus.org',
  'www.spamhaus.org',
  'www.spamcop.net',
  'www.sorbs.net',
  'www.uceprotect.net',
  'psbl.org',
  'mailspike.org',
  'www.postfix.org',
  'postgrey.schweikert.ch',
  'wiki.policyd.org',
  'hcpnet.free.fr',
  'www.policyd-weight.org',
  'www.exim.org',
  'www.sendmail.org',
  'doc.dovecot.org',
] as const;

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

/** The page behind a link id the page asked for (a fixed reference or a receiver's page), if there is one. */
export function openableUrl(link: string): string | undefined {
  if (Object.hasOwn(EXTERNAL_LINKS, link)) return EXTERNAL_LINKS[link as ExternalLinkId];
  return knownReplyUrl(link);
}
