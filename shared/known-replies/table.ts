/** The whole known-replies table, in match order. Entries are disjoint (proven by the tests), so order is not a tiebreak. */
import { MICROSOFT_REPLIES } from './microsoft.ts';
import type { KnownReply } from './types.ts';

export const KNOWN_REPLIES: readonly KnownReply[] = [...MICROSOFT_REPLIES];
