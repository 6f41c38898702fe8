/** Filtering gateways in front of many organisations' mail (Proofpoint, Mimecast, Barracuda): their own reply texts. */
import type { DocLink, KnownReply } from './types.ts';

const MIMECAST: DocLink = { url: 'https://community.mimecast.com/docs/DOC-1369', title: 'Mimecast SMTP error codes' };
const PROOFPOINT_IPCHECK: DocLink = { url: 'https://ipcheck.proofpoint.com/', title: 'Proofpoint IP reputation check and removal request' };

export const GATEWAY_REPLIES: readonly KnownReply[] = [
  {
    id: 'proofpoint-ip-blocked',
    receiver: 'Proofpoint',
    codes: [550, 554, 521],
    text: /Blocked - see https?:\/\/ipcheck\.proofpoint\.com\/?\?ip=(?<ip>[0-9a-f.:]+)/i,
    cause: 'Proofpoint\'s reputation service blocks {ip}: every organisation behind Proofpoint (and some large mailbox providers) refuses it.',
    fix: ['Open the link, check the reason, and request removal there once the cause (spam, compromised account) is fixed.'],
    link: PROOFPOINT_IPCHECK,
    finding: 'rcpt.rejected',
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
    finding: 'rcpt.rejected',
  },
  {
    id: 'barracuda-ess-blocked',
    receiver: 'Barracuda',
    codes: [550],
    text: /permanent failure for one or more recipients \((?<recipient>[^\s:]+):blocked\)/i,
    cause: 'Barracuda Email Security (the cloud service) blocked the message for {recipient}: its spam scoring, the recipient\'s blocked senders, or an organisation policy.',
    fix: ['The recipient\'s IT can look up the message in the Barracuda message log and tell you which rule blocked it.'],
    link: { url: 'https://campus.barracuda.com/product/emailgatewaydefense/', title: 'Barracuda Email Gateway Defense documentation' },
    finding: 'data.rejected',
  },
];
