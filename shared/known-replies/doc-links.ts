/**
 * The one way from a link id to a page the app may open (reliability A.6): the fixed references and
 * the receivers' documentation pages ("reply:<entry id>", "lookup:<list id>", "delist:<list id>").
 * The page asks for an id, never a URL; the service resolves it here, and only an https page on the
 * allow-list comes back, for the desktop to open in the system browser or for browser mode's page
 * to open in a new tab.
 */
import { EXTERNAL_LINKS, type ExternalLinkId } from '../reference-links.ts';
import { KNOWN_REPLY_LINKS, knownReplyUrl } from './pages.ts';

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

/**
 * The page behind a link id the page asked for (a fixed reference or a receiver's page), only when
 * the allow-list above takes it: an unknown id, or a table entry that is not https on one of the
 * exact hosts, gives nothing.
 */
export function openableUrl(link: string): string | undefined {
  const url = Object.hasOwn(EXTERNAL_LINKS, link) ? EXTERNAL_LINKS[link as ExternalLinkId] : knownReplyUrl(link);
  return url !== undefined && isAllowedExternalUrl(url) ? url : undefined;
}
