/**
 * The IANA "SMTP Enhanced Status Codes" registry (RFC 3463 structure, RFC 5248 registry),
 * with the codes added by RFC 3886, 4468, 4954, 5248, 6531, 6710, 7293, 7372, 7505, 8617, 8689.
 * Syntax (RFC 3463 §2): class "." subject "." detail; class 2, 4 or 5; subject and detail 1-3 digits.
 * Titles follow the registry; descriptions are short plain-language summaries.
 */

export interface EnhancedCodeInfo {
  title: string;
  description: string;
  /** The RFC that registered it. */
  source: string;
}

/** Class (first number): RFC 3463 §3.1. */
export const ENHANCED_CLASSES = {
  '2': { title: 'Success', description: 'The action succeeded. The detail may say what was done (e.g. a conversion).', source: 'RFC 3463' },
  '4': {
    title: 'Persistent transient failure',
    description: 'The message is valid, but a temporary condition stopped it. Sending again later may succeed.',
    source: 'RFC 3463',
  },
  '5': {
    title: 'Permanent failure',
    description: 'Resending the message unchanged will fail again. Something about the message or the destination must change.',
    source: 'RFC 3463',
  },
} as const satisfies Record<string, EnhancedCodeInfo>;

/** Subject (second number): RFC 3463 §3.2, keyed "X.Y". */
export const ENHANCED_SUBJECTS = {
  'X.0': { title: 'Other or undefined status', description: 'No more detail than the class is known.', source: 'RFC 3463' },
  'X.1': { title: 'Addressing status', description: 'Something about the sender or recipient address.', source: 'RFC 3463' },
  'X.2': { title: 'Mailbox status', description: 'Something about the recipient mailbox (exists, but disabled, full, ...).', source: 'RFC 3463' },
  'X.3': { title: 'Mail system status', description: 'Something about the receiving mail system as a whole.', source: 'RFC 3463' },
  'X.4': { title: 'Network and routing status', description: 'Something about the network or the routing of the message.', source: 'RFC 3463' },
  'X.5': { title: 'Mail delivery protocol status', description: 'Something about the SMTP conversation itself (commands, syntax).', source: 'RFC 3463' },
  'X.6': { title: 'Message content or media status', description: 'Something about the content of the message (media types, conversion, UTF-8).', source: 'RFC 3463' },
  'X.7': { title: 'Security or policy status', description: 'Security or policy: authorization, authentication, encryption, anti-spam checks.', source: 'RFC 3463' },
} as const satisfies Record<string, EnhancedCodeInfo>;

/** Detail (full code), keyed "X.Y.Z" as in the registry. */
export const ENHANCED_DETAILS: Record<string, EnhancedCodeInfo> = {
  'X.0.0': { title: 'Other undefined status', description: 'Only the class of the status is known; no further detail.', source: 'RFC 3463' },

  'X.1.0': { title: 'Other address status', description: 'Something about an address caused this status.', source: 'RFC 3463' },
  'X.1.1': { title: 'Bad destination mailbox address', description: 'The mailbox does not exist: the part left of the @ is not valid at the destination.', source: 'RFC 3463' },
  'X.1.2': { title: 'Bad destination system address', description: 'The destination system (the part right of the @) does not exist or cannot accept mail.', source: 'RFC 3463' },
  'X.1.3': { title: 'Bad destination mailbox address syntax', description: 'The recipient address is not syntactically valid.', source: 'RFC 3463' },
  'X.1.4': { title: 'Destination mailbox address ambiguous', description: 'The address matches more than one recipient at the destination.', source: 'RFC 3463' },
  'X.1.5': { title: 'Destination address valid', description: 'The recipient address is valid (used with success replies).', source: 'RFC 3463' },
  'X.1.6': { title: 'Destination mailbox has moved, no forwarding address', description: 'The mailbox used to exist but no longer accepts mail, and no forwarding address is known.', source: 'RFC 3463' },
  'X.1.7': { title: 'Bad sender\'s mailbox address syntax', description: 'The sender address is not syntactically valid.', source: 'RFC 3463' },
  'X.1.8': { title: 'Bad sender\'s system address', description: 'The sender\'s domain does not exist or cannot accept replies.', source: 'RFC 3463' },
  'X.1.9': { title: 'Message relayed to non-compliant mailer', description: 'The mailbox is valid, but the message went to a system that cannot report delivery status.', source: 'RFC 3886' },
  'X.1.10': { title: 'Recipient address has null MX', description: 'The recipient\'s domain publishes a null MX: it accepts no mail.', source: 'RFC 7505' },

  'X.2.0': { title: 'Other or undefined mailbox status', description: 'The mailbox exists, but something about it caused this status.', source: 'RFC 3463' },
  'X.2.1': { title: 'Mailbox disabled, not accepting messages', description: 'The mailbox exists but does not accept messages (disabled, suspended).', source: 'RFC 3463' },
  'X.2.2': { title: 'Mailbox full', description: 'The mailbox is over its quota.', source: 'RFC 3463' },
  'X.2.3': { title: 'Message length exceeds administrative limit', description: 'The message is larger than the per-mailbox limit.', source: 'RFC 3463' },
  'X.2.4': { title: 'Mailing list expansion problem', description: 'The address is a mailing list that could not be expanded.', source: 'RFC 3463' },

  'X.3.0': { title: 'Other or undefined mail system status', description: 'The destination system normally accepts mail, but something about it caused this status.', source: 'RFC 3463' },
  'X.3.1': { title: 'Mail system full', description: 'The mail system\'s storage is exhausted.', source: 'RFC 3463' },
  'X.3.2': { title: 'System not accepting network messages', description: 'The host does not accept mail right now (maintenance, shutdown, overload).', source: 'RFC 3463' },
  'X.3.3': { title: 'System not capable of selected features', description: 'A feature the message requires is not supported by the destination.', source: 'RFC 3463' },
  'X.3.4': { title: 'Message too big for system', description: 'The message is larger than the system-wide size limit.', source: 'RFC 3463' },
  'X.3.5': { title: 'System incorrectly configured', description: 'The destination system is misconfigured for this message.', source: 'RFC 3463' },
  'X.3.6': { title: 'Requested priority was changed', description: 'The message was accepted, but at a different priority than requested.', source: 'RFC 6710' },

  'X.4.0': { title: 'Other or undefined network or routing status', description: 'A network or routing problem with no more specific code.', source: 'RFC 3463' },
  'X.4.1': { title: 'No answer from host', description: 'The next host did not answer the connection attempt.', source: 'RFC 3463' },
  'X.4.2': { title: 'Bad connection', description: 'The connection was made but the transaction could not complete (timeout, drop).', source: 'RFC 3463' },
  'X.4.3': { title: 'Directory server failure', description: 'A directory service such as DNS was unavailable.', source: 'RFC 3463' },
  'X.4.4': { title: 'Unable to route', description: 'No route to the destination could be found (e.g. no MX or address).', source: 'RFC 3463' },
  'X.4.5': { title: 'Mail system congestion', description: 'The mail system is too busy right now.', source: 'RFC 3463' },
  'X.4.6': { title: 'Routing loop detected', description: 'The message was forwarded in a loop too many times.', source: 'RFC 3463' },
  'X.4.7': { title: 'Delivery time expired', description: 'The message stayed in the queue too long and was given up.', source: 'RFC 3463' },

  'X.5.0': { title: 'Other or undefined protocol status', description: 'A protocol problem with no more specific code.', source: 'RFC 3463' },
  'X.5.1': { title: 'Invalid command', description: 'The command is not valid here: unknown, out of sequence or not supported.', source: 'RFC 3463' },
  'X.5.2': { title: 'Syntax error', description: 'The command could not be parsed.', source: 'RFC 3463' },
  'X.5.3': { title: 'Too many recipients', description: 'More recipients than the server accepts in one transaction.', source: 'RFC 3463' },
  'X.5.4': { title: 'Invalid command arguments', description: 'The command\'s arguments are invalid or not supported.', source: 'RFC 3463' },
  'X.5.5': { title: 'Wrong protocol version', description: 'The protocol versions of client and server do not match.', source: 'RFC 3463' },
  'X.5.6': { title: 'Authentication exchange line is too long', description: 'An AUTH line was longer than the server accepts.', source: 'RFC 4954' },

  'X.6.0': { title: 'Other or undefined media error', description: 'Something about the content caused the failure.', source: 'RFC 3463' },
  'X.6.1': { title: 'Media not supported', description: 'A media type in the message is not supported on the path.', source: 'RFC 3463' },
  'X.6.2': { title: 'Conversion required and prohibited', description: 'The content needs conversion for delivery, but conversion is forbidden.', source: 'RFC 3463' },
  'X.6.3': { title: 'Conversion required but not supported', description: 'The content needs a conversion that is not possible.', source: 'RFC 3463' },
  'X.6.4': { title: 'Conversion with loss performed', description: 'The content was converted and some information was lost.', source: 'RFC 3463' },
  'X.6.5': { title: 'Conversion failed', description: 'A required conversion of the content failed.', source: 'RFC 3463' },
  'X.6.6': { title: 'Message content not available', description: 'The content could not be fetched from a remote source (BURL).', source: 'RFC 4468' },
  'X.6.7': { title: 'Non-ASCII addresses not permitted for that sender/recipient', description: 'An address with non-ASCII characters cannot be used here.', source: 'RFC 6531' },
  'X.6.8': { title: 'UTF-8 string reply is required, but not permitted by the SMTP client', description: 'The server needs to reply in UTF-8 but the client did not allow it.', source: 'RFC 6531' },
  'X.6.9': { title: 'UTF-8 header message cannot be transferred to one or more recipients', description: 'The message has UTF-8 headers that cannot be delivered to some recipients, so it is rejected.', source: 'RFC 6531' },
  'X.6.10': { title: 'UTF-8 string reply is required, but not permitted by the SMTP client', description: 'Duplicate of X.6.8, kept in the registry as deprecated.', source: 'RFC 6531' },

  'X.7.0': { title: 'Other or undefined security status', description: 'A security or policy problem with no more specific code (often "authentication required").', source: 'RFC 3463' },
  'X.7.1': { title: 'Delivery not authorized, message refused', description: 'The sender is not allowed to send to this destination: relaying denied, blocklisted, or refused by policy.', source: 'RFC 3463' },
  'X.7.2': { title: 'Mailing list expansion prohibited', description: 'The sender may not send to this mailing list.', source: 'RFC 3463' },
  'X.7.3': { title: 'Security conversion required but not possible', description: 'A conversion between security formats is needed but not possible.', source: 'RFC 3463' },
  'X.7.4': { title: 'Security features not supported', description: 'Requested security features are not supported on the path.', source: 'RFC 3463' },
  'X.7.5': { title: 'Cryptographic failure', description: 'Validation or decryption failed (missing or bad key).', source: 'RFC 3463' },
  'X.7.6': { title: 'Cryptographic algorithm not supported', description: 'The cryptographic algorithm used is not supported.', source: 'RFC 3463' },
  'X.7.7': { title: 'Message integrity failure', description: 'The message was corrupted or altered in transit.', source: 'RFC 3463' },
  'X.7.8': { title: 'Authentication credentials invalid', description: 'The login failed: wrong user name or password.', source: 'RFC 4954' },
  'X.7.9': { title: 'Authentication mechanism is too weak', description: 'The chosen login method is weaker than the server allows.', source: 'RFC 4954' },
  'X.7.10': { title: 'Encryption needed', description: 'An encrypted connection is needed for this action.', source: 'RFC 5248' },
  'X.7.11': { title: 'Encryption required for requested authentication mechanism', description: 'This login method is only allowed over TLS.', source: 'RFC 4954' },
  'X.7.12': { title: 'A password transition is needed', description: 'The user must log in once with another mechanism to convert the password.', source: 'RFC 4954' },
  'X.7.13': { title: 'User account disabled', description: 'The account exists but is disabled.', source: 'RFC 5248' },
  'X.7.14': { title: 'Trust relationship required', description: 'The server needs a configured trust relationship with the sending system.', source: 'RFC 5248' },
  'X.7.15': { title: 'Priority level is too low', description: 'The requested priority is below what the server accepts now.', source: 'RFC 6710' },
  'X.7.16': { title: 'Message is too big for the specified priority', description: 'Messages of this size are not accepted at the requested priority.', source: 'RFC 6710' },
  'X.7.17': { title: 'Mailbox owner has changed', description: 'The mailbox changed owner since the date the sender gave (RRVS).', source: 'RFC 7293' },
  'X.7.18': { title: 'Domain owner has changed', description: 'The domain changed owner since the date the sender gave (RRVS).', source: 'RFC 7293' },
  'X.7.19': { title: 'RRVS test cannot be completed', description: 'The server cannot evaluate the require-recipient-valid-since check.', source: 'RFC 7293' },
  'X.7.20': { title: 'No passing DKIM signature found', description: 'The message has no valid DKIM signature.', source: 'RFC 7372' },
  'X.7.21': { title: 'No acceptable DKIM signature found', description: 'DKIM signatures pass, but none is acceptable to local policy.', source: 'RFC 7372' },
  'X.7.22': { title: 'No valid author-matched DKIM signature found', description: 'No valid DKIM signature matches the From domain.', source: 'RFC 7372' },
  'X.7.23': { title: 'SPF validation failed', description: 'The sending IP is not allowed by the sender domain\'s SPF record.', source: 'RFC 7372' },
  'X.7.24': { title: 'SPF validation error', description: 'Evaluating the SPF record failed (syntax or DNS error).', source: 'RFC 7372' },
  'X.7.25': { title: 'Reverse DNS validation failed', description: 'The sending IP has no reverse DNS, or it does not match forward DNS.', source: 'RFC 7372' },
  'X.7.26': { title: 'Multiple authentication checks failed', description: 'More than one of SPF, DKIM, reverse DNS checks failed.', source: 'RFC 7372' },
  'X.7.27': { title: 'Sender address has null MX', description: 'The sender\'s domain publishes a null MX, so replies could not be delivered.', source: 'RFC 7505' },
  'X.7.28': { title: 'Mail flood detected', description: 'The message looks like part of a flood of similar messages (rate limit).', source: 'IANA registry' },
  'X.7.29': { title: 'ARC validation failure', description: 'The message failed Authenticated Received Chain validation.', source: 'RFC 8617' },
  'X.7.30': { title: 'REQUIRETLS support required', description: 'The message requires TLS all the way (REQUIRETLS) and the next hop does not support it.', source: 'RFC 8689' },
};

export type EnhancedClassDigit = keyof typeof ENHANCED_CLASSES;

export interface ParsedEnhancedCode {
  class: string;
  subject: string;
  detail: string;
  /** Canonical form without leading zeros: "5.7.1". */
  code: string;
  /** The class is one RFC 3463 allows (2, 4, 5). */
  validClass: boolean;
}

/** RFC 3463 §2: 1-3 digits per part. Returns null when the text is not of that shape. */
export function parseEnhancedCode(text: string): ParsedEnhancedCode | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!match) return null;
  const [cls, subject, detail] = [match[1], match[2], match[3]].map((part) => String(Number(part))) as [string, string, string];
  return { class: cls, subject, detail, code: `${cls}.${subject}.${detail}`, validClass: cls === '2' || cls === '4' || cls === '5' };
}

export interface EnhancedCodeLookup {
  class?: EnhancedCodeInfo;
  subject?: EnhancedCodeInfo;
  detail?: EnhancedCodeInfo;
}

/** Looks up the three parts of a code ("5.7.1") in the registry. */
export function lookupEnhancedCode(code: string): EnhancedCodeLookup {
  const parsed = parseEnhancedCode(code);
  if (!parsed) return {};
  const result: EnhancedCodeLookup = {};
  if (parsed.validClass) result.class = ENHANCED_CLASSES[parsed.class as EnhancedClassDigit];
  const subject = (ENHANCED_SUBJECTS as Record<string, EnhancedCodeInfo>)[`X.${parsed.subject}`];
  if (subject) result.subject = subject;
  const detail = ENHANCED_DETAILS[`X.${parsed.subject}.${parsed.detail}`];
  if (detail) result.detail = detail;
  return result;
}
