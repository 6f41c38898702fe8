/**
 * How MTAs word a DNS blocklist rejection. The zone they name is looked up in blocklists.ts, so one
 * entry per wording covers every list; the receiver shown is the list's operator when the zone is known.
 */
import type { DocLink, KnownReply } from './types.ts';

/** A DNS zone as it appears in the text: at least two labels. */
const ZONE = String.raw`(?<zone>[a-z0-9-]+(?:\.[a-z0-9-]+)+)`;
const IP = String.raw`(?<ip>[0-9a-f.:]+)`;
/** Spamhaus's answer to queries through public resolvers, which some MTAs report as a listing. */
const NOT_OPEN_RESOLVER = String.raw`^(?!.*(?:open resolver|spamhaus\.org/returnc/))`;

const CAUSE = 'The receiving server looked up {what} in the DNS blocklist {zone}, found it listed, and refused the mail.';
const CAUSE_IP = 'The receiving server looked up {ip} in the DNS blocklist {zone}, found it listed, and refused the mail.';
const FIRST_STEP = 'Find and stop the cause first (a compromised account or device, an open relay, a web form sending spam); a removal without that does not last.';
const POSTCONF_RBL: DocLink = { url: 'https://www.postfix.org/postconf.5.html#reject_rbl_client', title: 'Postfix postconf(5): reject_rbl_client' };

export const BLOCKLIST_REPLIES: readonly KnownReply[] = [
  {
    id: 'postfix-rbl-blocked',
    receiver: 'Postfix',
    codes: [554, 550, 450, 451, 521],
    text: new RegExp(String.raw`${NOT_OPEN_RESOLVER}.*Service unavailable; [A-Za-z ]{3,40}\[(?<what>[^\]\s]+)\] blocked using ${ZONE}`, 'i'),
    cause: CAUSE,
    fix: [FIRST_STEP],
    link: POSTCONF_RBL,
    finding: 'rcpt.blocklisted',
  },
  {
    id: 'exim-dnslist',
    receiver: 'Exim',
    codes: [550, 554, 451],
    text: new RegExp(String.raw`${NOT_OPEN_RESOLVER}.*\b${IP} is in an? (?:black ?list|block ?list|blocked list) at ${ZONE}`, 'i'),
    cause: CAUSE_IP,
    fix: [FIRST_STEP],
    link: { url: 'https://www.exim.org/exim-html-current/doc/html/spec_html/ch-access_control_lists.html', title: 'Exim specification: access control lists (dnslists)' },
    finding: 'rcpt.blocklisted',
  },
  {
    id: 'sendmail-dnsbl',
    receiver: 'Sendmail',
    codes: [550, 554, 451],
    text: new RegExp(String.raw`${NOT_OPEN_RESOLVER}.*Rejected: ${IP} listed at ${ZONE}`, 'i'),
    cause: CAUSE_IP,
    fix: [FIRST_STEP],
    link: { url: 'https://www.sendmail.org/~ca/email/doc8.12/cf/m4/anti-spam.html', title: 'sendmail cf: anti-spam features (dnsbl)' },
    finding: 'rcpt.blocklisted',
  },
  {
    id: 'exo-blocked-using-spamhaus',
    receiver: 'Microsoft 365 / Exchange Online',
    codes: [550],
    enhanced: ['5.7.1'],
    text: /Client host \[(?<ip>[0-9a-f.:]+)\] blocked using Spamhaus\. To request removal from this list/i,
    cause: 'Microsoft 365 refused {ip} because Spamhaus lists it; Microsoft cannot remove it, Spamhaus can.',
    fix: [FIRST_STEP],
    link: { url: 'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online', title: 'Email non-delivery reports and SMTP errors in Exchange Online' },
    listZone: 'zen.spamhaus.org',
    finding: 'rcpt.blocklisted',
  },
  {
    id: 'spamhaus-open-resolver',
    receiver: 'Spamhaus',
    text: /Error: open resolver|spamhaus\.org\/returnc\/pub/i,
    cause: 'Not a listing of yours: the receiving server asks Spamhaus through a public DNS resolver, Spamhaus refuses such queries with a special answer, and the server wrongly treats that answer as "listed".',
    fix: [
      'Tell the receiving administrator (postmaster@ their domain) with the full reply: their server must query Spamhaus through its own recursive resolver (not 8.8.8.8, 1.1.1.1 or the like) or use a Spamhaus DQS key.',
      'You can confirm your IP is clean at https://check.spamhaus.org/',
    ],
    link: { url: 'https://www.spamhaus.org/returnc/pub/', title: 'Spamhaus: return codes of the public mirrors' },
  },
  {
    id: 'dnsbl-listed-in-zone',
    receiver: 'DNS blocklist',
    text: new RegExp(String.raw`${NOT_OPEN_RESOLVER}.*\b(?:listed (?:in|on|by)|blacklisted by|found in|in an RBL on) (?<zone>(?:[a-z0-9-]+\.)+(?:spamhaus\.(?:org|net)|spamcop\.net|barracudacentral\.org|sorbs\.net|uceprotect\.net|surriel\.com|mailspike\.net))`, 'i'),
    cause: 'The receiving server found the sending address listed in the DNS blocklist {zone} and refused the mail.',
    fix: [FIRST_STEP],
    link: POSTCONF_RBL,
    finding: 'rcpt.blocklisted',
  },
  {
    id: 'spamcop-blocked-see',
    receiver: 'SpamCop',
    text: new RegExp(String.raw`${NOT_OPEN_RESOLVER}(?!.*(?:blocked using|listed at| is in an? \w+ ?list at)).*Blocked - see https?://www\.spamcop\.net/bl\.shtml\?${IP}`, 'i'),
    cause: 'The receiving server (or its filtering service) refused {ip} because SpamCop lists it; this text is SpamCop\'s own, passed on by the receiver.',
    fix: [FIRST_STEP],
    link: { url: 'https://www.spamcop.net/bl.shtml', title: 'SpamCop blocking list lookup' },
    listZone: 'bl.spamcop.net',
    finding: 'rcpt.blocklisted',
  },
];
