/**
 * Likely causes and next steps for the enhanced status codes admins meet most, keyed
 * "X.Y.Z" (any class) or a full code ("4.7.1") when the class changes the story.
 * The registry itself (titles, descriptions) is in enhanced-status-codes.ts.
 */

export interface Advice {
  causes: string[];
  actions: string[];
}

export const ENHANCED_ADVICE: Record<string, Advice> = {
  'X.1.1': {
    causes: ['The recipient address is misspelled or the mailbox was deleted.'],
    actions: ['Check the spelling of the address.', 'If the mailbox should exist, check it on the server (alias, license, directory sync).'],
  },
  'X.1.2': {
    causes: ['The recipient domain does not exist or has no mail server.'],
    actions: ['Check the domain part of the address and its MX record.'],
  },
  'X.1.3': { causes: ['The address is malformed (missing <>, spaces, bad characters).'], actions: ['Write the address as <user@example.com>.'] },
  'X.1.8': {
    causes: ['The sender domain does not exist in DNS or has no MX/A record, so bounces could not return.'],
    actions: ['Use a sender address of a real domain with working DNS.'],
  },
  'X.1.10': { causes: ['The recipient domain publishes a null MX.'], actions: ['The domain does not take mail; use another address.'] },
  'X.2.1': { causes: ['The mailbox is disabled or suspended.'], actions: ['Ask the recipient or their administrator.'] },
  'X.2.2': { causes: ['The recipient mailbox is over quota.'], actions: ['Ask the recipient to free space; retry later.'] },
  'X.2.3': { causes: ['The message is larger than the mailbox accepts.'], actions: ['Send a smaller message or share large files by link.'] },
  'X.3.4': { causes: ['The message is larger than the server accepts (see SIZE in the EHLO reply).'], actions: ['Send a smaller message, or raise the server\'s size limit.'] },
  'X.4.1': { causes: ['The next hop did not answer (firewall, server down).'], actions: ['Check that the next server is reachable on port 25.'] },
  'X.4.4': { causes: ['No MX or address for the destination, or a routing misconfiguration.'], actions: ['Check the recipient domain\'s MX records.'] },
  'X.5.1': { causes: ['A command out of sequence or not supported (e.g. MAIL before EHLO).'], actions: ['Follow the order EHLO, STARTTLS, EHLO, AUTH, MAIL, RCPT, DATA.'] },
  'X.5.2': { causes: ['The command line is malformed.'], actions: ['Check the command syntax, e.g. MAIL FROM:<a@example.com>.'] },
  'X.5.3': { causes: ['Too many recipients in one message.'], actions: ['Split the recipients into smaller batches (100 or fewer).'] },
  'X.5.4': { causes: ['An argument is invalid or not supported (e.g. an unknown parameter or AUTH mechanism).'], actions: ['Remove the parameter or use one the server advertises.'] },
  'X.7.0': {
    causes: ['Authentication is required before sending (530 5.7.0).', 'STARTTLS is required first ("Must issue a STARTTLS command first").'],
    actions: ['Run STARTTLS, then authenticate with AUTH before MAIL FROM.'],
  },
  '4.7.0': {
    causes: ['A temporary policy block: rate limit, greylisting, or TLS temporarily unavailable (454 4.7.0).'],
    actions: ['Wait and retry later.', 'If it persists, check blocklists and the server\'s logs.'],
  },
  'X.7.1': {
    causes: [
      'Relaying denied: the server is not responsible for the recipient domain and you are not logged in.',
      'Your IP address or domain is blocked by policy (blocklist, SPF, reputation).',
      'The recipient only accepts mail from certain senders.',
    ],
    actions: ['Authenticate (AUTH) or send to the recipient domain\'s own MX.', 'Check your IP against blocklists; read the reply text for the named policy.'],
  },
  '4.7.1': {
    causes: ['Greylisting: the server defers unknown senders once and accepts the retry.', 'A temporary policy block (rate limit, reputation).'],
    actions: ['Retry after a few minutes; real mail servers do this by themselves.'],
  },
  'X.7.8': {
    causes: ['Wrong user name or password.', 'SMTP AUTH is disabled for the account, or an app password is required.'],
    actions: ['Check the credentials (the user name is often the full address).', 'Check that SMTP authentication is allowed for the account.'],
  },
  'X.7.9': { causes: ['The server refuses this login method (too weak).'], actions: ['Use TLS and another mechanism from the AUTH list.'] },
  'X.7.10': { causes: ['The action needs an encrypted connection.'], actions: ['Use STARTTLS or implicit TLS (port 465).'] },
  'X.7.11': { causes: ['PLAIN/LOGIN login attempted without TLS.'], actions: ['Start TLS first, then authenticate.'] },
  'X.7.13': { causes: ['The account is disabled.'], actions: ['Ask the administrator to enable the account.'] },
  'X.7.23': { causes: ['Your sending IP is not listed in the sender domain\'s SPF record.'], actions: ['Add the IP (or your provider\'s include) to the SPF record of the sender domain.'] },
  'X.7.25': { causes: ['Your IP has no reverse DNS (PTR), or the PTR does not resolve back to it.'], actions: ['Ask your ISP or hosting provider to set a PTR that matches a forward A record.'] },
  'X.7.26': { causes: ['Several of SPF, DKIM and reverse DNS checks failed.'], actions: ['Fix SPF and DKIM for the sender domain and the PTR of your IP.'] },
  'X.7.28': { causes: ['Too many messages or connections from your address in a short time.'], actions: ['Slow down and retry later.'] },
};

/** Advice for a canonical code: the class-specific entry wins over the "X." entry. */
export function adviceFor(code: string): Advice | undefined {
  return ENHANCED_ADVICE[code] ?? ENHANCED_ADVICE[`X.${code.split('.').slice(1).join('.')}`];
}
