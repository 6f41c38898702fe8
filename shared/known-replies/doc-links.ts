/**
 * The receivers' documentation pages as fixed link ids ("reply:<entry id>", "lookup:<list id>",
 * "delist:<list id>"): the page asks main to open an id, never a URL (reliability A.6), and main
 * opens only pages on the exact hosts below.
 */
import { EXTERNAL_LINKS, type ExternalLinkId } from '../reference-links.ts';
import { knownReplyUrl } from './pages.ts';

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
  'www.sophos.com',
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

/** The page behind a link id the page asked for (a fixed reference or a receiver's page), if there is one. */
export function openableUrl(link: string): string | undefined {
  if (Object.hasOwn(EXTERNAL_LINKS, link)) return EXTERNAL_LINKS[link as ExternalLinkId];
  return knownReplyUrl(link);
}
