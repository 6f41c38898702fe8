/**
 * The shape of the known-replies table: what a receiver's own wording means, in plain words,
 * with the fix its documentation gives. Data only: the one matcher is in match.ts.
 */
import type { FindingCode } from '../finding-codes.ts';

/** Whose wording an entry recognises: a mail service, a gateway, a blocklist or an MTA's default text. */
export const RECEIVERS = [
  'Microsoft 365 / Exchange Online',
  'Exchange Server',
  'Exchange Online or Exchange Server',
  'Outlook.com',
  'Gmail / Google Workspace',
  'Yahoo/AOL',
  'Apple iCloud',
  'Proofpoint',
  'Mimecast',
  'Barracuda',
  'Sophos',
  'Spamhaus',
  'SpamCop',
  'SORBS',
  'UCEPROTECT',
  'PSBL',
  'Mailspike',
  'DNS blocklist',
  'Postfix',
  'postgrey',
  'policyd-weight',
  'Policyd (cluebringer)',
  'milter-greylist',
  'Exim',
  'cPanel (Exim)',
  'Sendmail',
  'Dovecot',
] as const;
export type Receiver = (typeof RECEIVERS)[number];

export interface DocLink {
  url: string;
  title: string;
}

export interface KnownReply {
  /** Stable id: "<receiver>-<what>", used by tests, fixtures and exports. */
  id: string;
  receiver: Receiver;
  /** Basic reply codes this wording comes with; absent = any. */
  codes?: readonly number[];
  /** Enhanced status codes this wording comes with; absent = any. */
  enhanced?: readonly string[];
  /**
   * The receiver's own wording. Named groups (`zone`, `ip`, `domain`, ...) fill the `{name}`
   * placeholders of `cause` and `fix`; a `zone` group is looked up in the blocklist table.
   */
  text: RegExp;
  /** What it means, in plain words. */
  cause: string;
  /** Steps: the exact setting, cmdlet or admin-center path where the receiver documents one. */
  fix: readonly string[];
  link: DocLink;
  /**
   * A zone of the blocklist this wording names without giving its zone ("blocked using Spamhaus").
   * It may take a named group of `text` ("{list}.spamhaus.org" for "listed on Spamhaus PBL").
   */
  listZone?: string;
  /** The run finding this reply yields, when a cause deserves its own code. */
  finding?: FindingCode;
}

/** A DNS blocklist, found by its zone (the name the receiver queried). */
export interface Blocklist {
  /** Stable id ("spamhaus-zen"), used for its link ids. */
  id: string;
  /** Zone suffixes this list answers under ("zen.spamhaus.org", "dq.spamhaus.net"). */
  zones: readonly string[];
  name: string;
  operator: Receiver;
  /** It lists domains, not IP addresses (a reply that does not name the domain gets "the listed domain"). */
  listsDomains?: true;
  /** What a listing on it means, in plain words. */
  meaning: string;
  /** What to do about a listing on this list in particular, when it differs from list to list. */
  remedy?: string;
  lookup: DocLink;
  /** Where to ask for removal (may equal the lookup page when the list offers it there). */
  delist: DocLink;
}

/** What the matcher is given: the reply as parsed (the text without its code prefixes). */
export interface ReplyToMatch {
  code?: number;
  enhanced?: string;
  text: string;
}

export interface KnownReplyMatch {
  entry: KnownReply;
  /** The entry's receiver, or the blocklist's operator when the text names a known list. */
  receiver: Receiver;
  cause: string;
  fix: string[];
  link: DocLink;
  /** The values the text named (named groups of the entry's pattern). */
  values: Record<string, string>;
  /** The blocklist the text named, when its zone is known. */
  list?: Blocklist;
}
