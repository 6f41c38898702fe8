/** Filtering gateways in front of many organisations' mail (Proofpoint, Mimecast, Barracuda, Sophos): their own reply texts. */
import type { DocLink, KnownReply } from './types.ts';

const MIMECAST: DocLink = { url: 'https://community.mimecast.com/docs/DOC-1369', title: 'Mimecast SMTP error codes' };
const BARRACUDA_EGD: DocLink = { url: 'https://campus.barracuda.com/product/emailgatewaydefense/', title: 'Barracuda Email Gateway Defense documentation' };
const PROOFPOINT_IPCHECK: DocLink = { url: 'https://ipcheck.proofpoint.com/', title: 'Proofpoint IP reputation check and removal request' };

export const GATEWAY_REPLIES: readonly KnownReply[] = [
  {
    id: 'proofpoint-ip-blocked',
    receiver: 'Proofpoint',
    codes: [550, 554, 521],
    // The older link went to support.proofpoint.com's dnsbl-lookup page (with or without 'ip='), once after a
    // longer sentence; the IP may be followed by ': <recipient>'.
    text: /(?:Blocked - see|refused by Proofpoint Reputation Services\.\s+SENDER please see and take action:) https?:\/\/(?:ipcheck\.proofpoint\.com\/?\?ip=|support\.proofpoint\.com\/dnsbl-lookup\.cgi\?(?:ip=)?)(?<ip>[0-9a-f.:]*[0-9a-f])/i,
    cause: 'Proofpoint\'s reputation service blocks {ip}: every organisation behind Proofpoint (and some large mailbox providers) refuses it.',
    fix: ['Open the link, check the reason, and request removal there once the cause (spam, compromised account) is fixed.'],
    link: PROOFPOINT_IPCHECK,
    finding: 'rcpt.blocklisted',
  },
  {
    id: 'mimecast-envelope-blocked',
    receiver: 'Mimecast',
    codes: [550, 554],
    text: /Administrative prohibition - envelope blocked|^Envelope blocked - (?:User|User Domain|Policy) Entry/i,
    cause: 'Mimecast refused the envelope (sender or recipient address) by a block entry or policy of the receiving organisation, not by content.',
    fix: ['Ask the recipient\'s IT to check their Mimecast blocked senders and policies for your address or domain (a user may have blocked you personally).'],
    link: MIMECAST,
    finding: 'rcpt.rejected',
  },
  {
    id: 'mimecast-invalid-recipient',
    receiver: 'Mimecast',
    codes: [550],
    text: /^Invalid Recipient - https?:\/\/community\.mimecast\.com/i,
    cause: 'The recipient does not exist for Mimecast (its directory sync of the receiving organisation does not know the address).',
    fix: ['Check the address; the receiving IT may need to add it or sync their directory to Mimecast.'],
    link: MIMECAST,
    finding: 'rcpt.unknown-user',
  },
  {
    id: 'mimecast-anti-spoofing',
    receiver: 'Mimecast',
    codes: [550, 554],
    text: /Rejected by header based Anti-Spoofing policy/i,
    cause: 'Your message claims a From address in the recipient\'s own domain (or a protected one) from outside, and their Mimecast anti-spoofing policy blocks that.',
    fix: ['If it is legitimate (a service sending as their domain), the recipient\'s IT must add an anti-spoofing bypass for your IP or use an authenticated route.'],
    link: MIMECAST,
    finding: 'data.rejected',
  },
  {
    id: 'mimecast-resource-unavailable',
    receiver: 'Mimecast',
    codes: [451, 421],
    text: /Internal resource temporarily unavailable - https?:\/\/community\.mimecast\.com/i,
    cause: 'A temporary problem inside Mimecast, or the receiving organisation\'s account there (often a missing or expired subscription, or a greylisting-like hold).',
    fix: ['Let the server retry; if it lasts, the recipient\'s IT should open a case with Mimecast.'],
    link: MIMECAST,
  },
  {
    id: 'barracuda-reputation',
    receiver: 'Barracuda',
    codes: [554, 550],
    text: /blocked using Barracuda Reputation/i,
    cause: 'The receiving Barracuda appliance refused your IP because the Barracuda Reputation Block List lists it.',
    fix: ['Request removal from the Barracuda list (free, reviewed by hand, usually within a day).'],
    link: { url: 'https://www.barracudacentral.org/lookups', title: 'Barracuda Central lookup' },
    listZone: 'b.barracudacentral.org',
    finding: 'rcpt.blocklisted',
  },
  {
    id: 'barracuda-ess-blocked',
    receiver: 'Barracuda',
    codes: [550],
    text: /permanent failure for one or more recipients \((?<recipient>[^\s:]+):blocked\)/i,
    cause: 'Barracuda Email Security (the cloud service) blocked the message for {recipient}: its spam scoring, the recipient\'s blocked senders, or an organisation policy.',
    fix: ['The recipient\'s IT can look up the message in the Barracuda message log and tell you which rule blocked it.'],
    link: BARRACUDA_EGD,
    finding: 'data.rejected',
  },
  {
    id: 'mimecast-blocked-senders',
    receiver: 'Mimecast',
    codes: [550, 554],
    text: /Rejected by header based (?:manually )?Blocked Senders/i,
    cause: 'The receiving organisation (or one of its users) has your From address or domain on its Mimecast blocked senders list.',
    fix: ['Only the recipient\'s side can lift it: ask them to remove the entry (user-level entries in the Mimecast personal portal, organisation-level under Gateway > Policies > Blocked Senders).'],
    link: MIMECAST,
    finding: 'data.rejected',
  },
  {
    id: 'mimecast-open-relay',
    receiver: 'Mimecast',
    codes: [451, 550, 554],
    text: /Open relay not allowed/i,
    cause: 'Mimecast was asked to relay to an outside domain from an address or IP that is not one of its customer\'s authorised outbound sources.',
    fix: ['If you are the Mimecast customer: send outbound from an IP registered in the Mimecast account (Administration > Gateway > Policies > Connection / authorised outbounds) or with SMTP authentication; otherwise send to the recipient\'s MX, not to Mimecast\'s outbound hosts.'],
    link: MIMECAST,
    finding: 'rcpt.relay-denied',
  },
  {
    id: 'sophos-ip-blacklisted',
    receiver: 'Sophos',
    codes: [550, 554],
    enhanced: ['5.7.1'],
    // "is blacklisted" alone is many products' wording: only Sophos's own lookup link makes it Sophos's.
    text: /Client host \[(?<ip>[0-9a-f.:]+)\] is blacklisted\. Visit https?:\/\/www\.sophos\.com\/[a-z-]+\/threat-center\/ip-lookup\.aspx\?ip=/i,
    cause: 'A Sophos email gateway in front of the recipient refused {ip} because SophosLabs\' IP reputation data classifies it as a spam source.',
    fix: [
      'Open the Sophos lookup page the reply names for {ip}: it shows how SophosLabs classifies the address.',
      'Find and stop what sent spam from {ip} (a compromised account, an open relay, a web form), then request delisting on that page; Sophos reviews it, the recipient cannot lift it for you.',
    ],
    link: { url: 'https://www.sophos.com/en-us/threat-center/ip-lookup.aspx', title: 'Sophos IP address lookup and delisting' },
    finding: 'rcpt.blocklisted',
  },
  {
    id: 'mimecast-poor-reputation',
    receiver: 'Mimecast',
    codes: [550, 554],
    // Mimecast names the reputation source it consulted as "<source>.mimecast.org": csi is Cloudmark Sender Intelligence.
    text: /\bcsi\.mimecast\.org Poor Reputation Sender\b/i,
    cause: 'Mimecast refused the sending IP for its poor reputation with Cloudmark Sender Intelligence (CSI), the reputation service the "csi.mimecast.org" in the reply names; it applies to every organisation behind Mimecast that uses it.',
    fix: [
      'Stop what hurt the reputation first (spam from a compromised account, sends to old or bought lists).',
      'Then ask Cloudmark to reset the IP\'s statistics: https://csi.cloudmark.com/en/reset/ (confirm the e-mail it sends; CSI is a reputation score, so it resets rather than "delists", usually within a business day).',
      'Meanwhile only the recipient\'s Mimecast administrator can let you in, with a permitted-senders policy for your IP or domain.',
    ],
    link: MIMECAST,
    finding: 'rcpt.blocklisted',
  },
  {
    id: 'mimecast-security-policies',
    receiver: 'Mimecast',
    codes: [550, 554],
    text: /^Email rejected due to security policies - https?:\/\/community\.mimecast\.com/i,
    cause: 'Mimecast refused the message itself (not your address) by a security policy of the receiving organisation: most often an attachment type it blocks, a virus or malware detection, or a content rule.',
    fix: [
      'Ask the recipient\'s IT to look the message up in Mimecast\'s message tracking: it names the policy that rejected it.',
      'Meanwhile send the file as a download link instead of an attachment, and leave out executables, macros and password-protected archives.',
    ],
    link: MIMECAST,
    finding: 'data.rejected',
  },
  {
    id: 'barracuda-no-such-user',
    receiver: 'Barracuda',
    codes: [550],
    // "cuda_nsu" (no such user) leads whatever the mail server behind the gateway said about the address.
    text: /^cuda_nsu \d\.\d\.\d{1,3}\b/i,
    cause: 'The Barracuda gateway in front of the recipient\'s mail server checked the address (against its directory, or by asking the server behind it) and found no such recipient.',
    fix: [
      'Check the address with the recipient.',
      'If it should exist, the recipient\'s IT should check the gateway\'s recipient verification (LDAP or SMTP verification against the server behind it, or its list of valid recipients): a mailbox created recently may not have reached it yet.',
    ],
    link: BARRACUDA_EGD,
    finding: 'rcpt.unknown-user',
  },
];
