/** The whole known-replies table. Entries are disjoint (proven by the tests), so order is not a tiebreak. */
import { BLOCKLIST_REPLIES } from './blocklist-replies.ts';
import { CONSUMER_REPLIES } from './consumer.ts';
import { GATEWAY_REPLIES } from './gateways.ts';
import { GOOGLE_REPLIES } from './google.ts';
import { MICROSOFT_REPLIES } from './microsoft.ts';
import { MTA_REPLIES } from './mta.ts';
import type { KnownReply } from './types.ts';

export const KNOWN_REPLIES: readonly KnownReply[] = [
  ...MICROSOFT_REPLIES,
  ...GOOGLE_REPLIES,
  ...CONSUMER_REPLIES,
  ...GATEWAY_REPLIES,
  ...BLOCKLIST_REPLIES,
  ...MTA_REPLIES,
];
