/**
 * DNS blocklists by zone: what a listing means, where to look an address up and where to ask for
 * removal. A reply names the zone it queried ("blocked using zen.spamhaus.org"); the matcher maps it here.
 */
import type { Blocklist } from './types.ts';

const SPAMHAUS_CHECK = { url: 'https://check.spamhaus.org/', title: 'Spamhaus IP and domain reputation checker' };

export const BLOCKLISTS: readonly Blocklist[] = [
  {
    id: 'spamhaus-sbl',
    zones: ['sbl.spamhaus.org', 'sbl.dq.spamhaus.net'],
    name: 'Spamhaus SBL',
    operator: 'Spamhaus',
    meaning: 'The SBL lists addresses Spamhaus has seen sending spam or hosting spam operations; listings are made by hand and say why.',
    lookup: SPAMHAUS_CHECK,
    delist: SPAMHAUS_CHECK,
  },
  {
    id: 'spamhaus-xbl',
    zones: ['xbl.spamhaus.org', 'xbl.dq.spamhaus.net'],
    name: 'Spamhaus XBL (exploits)',
    operator: 'Spamhaus',
    meaning: 'The XBL lists addresses that behaved like infected machines or open proxies: usually malware on a host behind that address.',
    lookup: SPAMHAUS_CHECK,
    delist: SPAMHAUS_CHECK,
  },
  {
    id: 'spamhaus-pbl',
    zones: ['pbl.spamhaus.org', 'pbl.dq.spamhaus.net'],
    name: 'Spamhaus PBL (policy)',
    operator: 'Spamhaus',
    meaning: 'The PBL lists address ranges that should not send mail directly to the internet (home and dynamic ranges); it is a policy, not a spam accusation.',
    lookup: SPAMHAUS_CHECK,
    delist: SPAMHAUS_CHECK,
  },
  {
    id: 'spamhaus-dbl',
    zones: ['dbl.spamhaus.org', 'dbl.dq.spamhaus.net', 'zrd.spamhaus.org'],
    name: 'Spamhaus DBL (domains)',
    operator: 'Spamhaus',
    meaning: 'The DBL lists domains (in the sender, the HELO name or links in the message), not IP addresses.',
    lookup: SPAMHAUS_CHECK,
    delist: SPAMHAUS_CHECK,
  },
  {
    id: 'spamhaus-zen',
    zones: ['zen.spamhaus.org', 'zen.dq.spamhaus.net', 'sbl-xbl.spamhaus.org', 'spamhaus.org', 'spamhaus.net'],
    name: 'Spamhaus ZEN (SBL, XBL and PBL together)',
    operator: 'Spamhaus',
    meaning: 'ZEN combines the SBL (spam sources), XBL (infected hosts) and PBL (ranges that should not send directly); the lookup says which one.',
    lookup: SPAMHAUS_CHECK,
    delist: SPAMHAUS_CHECK,
  },
  {
    id: 'spamcop',
    zones: ['bl.spamcop.net'],
    name: 'SpamCop',
    operator: 'SpamCop',
    meaning: 'SpamCop lists an address after recipients reported spam from it; a listing expires on its own about a day after the reports stop.',
    lookup: { url: 'https://www.spamcop.net/bl.shtml', title: 'SpamCop blocking list lookup' },
    delist: { url: 'https://www.spamcop.net/bl.shtml', title: 'SpamCop lookup (listings expire on their own)' },
  },
  {
    id: 'barracuda',
    zones: ['b.barracudacentral.org', 'bb.barracudacentral.org'],
    name: 'Barracuda Reputation Block List',
    operator: 'Barracuda',
    meaning: 'The Barracuda Reputation Block List lists addresses its appliances saw sending spam.',
    lookup: { url: 'https://www.barracudacentral.org/lookups', title: 'Barracuda Central lookup' },
    delist: { url: 'https://www.barracudacentral.org/rbl/removal-request', title: 'Barracuda Central removal request' },
  },
  {
    id: 'sorbs',
    zones: ['sorbs.net'],
    name: 'SORBS',
    operator: 'SORBS',
    meaning: 'SORBS was shut down in 2024; a server still rejecting by it has a stale configuration (a dead list may answer "listed" for everything).',
    lookup: { url: 'https://www.sorbs.net/', title: 'SORBS (discontinued)' },
    delist: { url: 'https://www.sorbs.net/', title: 'SORBS (discontinued): ask the receiving administrator to remove the list' },
  },
  {
    id: 'uceprotect',
    zones: ['dnsbl-1.uceprotect.net', 'dnsbl-2.uceprotect.net', 'dnsbl-3.uceprotect.net', 'uceprotect.net'],
    name: 'UCEPROTECT',
    operator: 'UCEPROTECT',
    meaning: 'UCEPROTECT level 1 lists single addresses and expires them after a week without spam; levels 2 and 3 list whole ranges and providers for their neighbours\' behaviour.',
    lookup: { url: 'https://www.uceprotect.net/en/rblcheck.php', title: 'UCEPROTECT lookup' },
    delist: { url: 'https://www.uceprotect.net/en/rblcheck.php', title: 'UCEPROTECT lookup (level 1 expires on its own)' },
  },
  {
    id: 'psbl',
    zones: ['psbl.surriel.com'],
    name: 'PSBL (Passive Spam Block List)',
    operator: 'PSBL',
    meaning: 'PSBL lists addresses that sent mail to its spam traps; removal is self-service.',
    lookup: { url: 'https://psbl.org/', title: 'PSBL lookup and removal' },
    delist: { url: 'https://psbl.org/', title: 'PSBL lookup and removal' },
  },
  {
    id: 'mailspike',
    zones: ['bl.mailspike.net', 'z.mailspike.net', 'rep.mailspike.net'],
    name: 'Mailspike',
    operator: 'Mailspike',
    meaning: 'Mailspike scores addresses by the mail it sees from them; a bad score lists the address.',
    lookup: { url: 'https://mailspike.org/iplookup.html', title: 'Mailspike IP lookup' },
    delist: { url: 'https://mailspike.org/iplookup.html', title: 'Mailspike IP lookup' },
  },
];
