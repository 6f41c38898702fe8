/**
 * The size caps of the contract's inputs (reliability A.9), without its schemas: the renderer's
 * bridge client checks them before sending and imports this file, so the page's first screen
 * creates no zod schema for them (contract.ts re-exports them for main).
 */
import type { InvokeChannel } from './channels.ts';
import { MAX_REPORT_FILE_BYTES } from '../report-file.ts';

/** Every payload is capped (reliability A.9): 1 MiB of JSON at most, but for the channels of PAYLOAD_LIMITS. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

/**
 * Channels that carry more than MAX_PAYLOAD_BYTES: a report file up to its limit, as a JSON string
 * (escaping can double the quotes and backslashes of the JSON inside it).
 */
const PAYLOAD_LIMITS: Partial<Record<InvokeChannel, number>> = { 'report/open': 2 * MAX_REPORT_FILE_BYTES + 4096 };

/** The cap on a channel's input as JSON in UTF-8 bytes (every host checks it before parsing). */
export function payloadLimit(channel: InvokeChannel): number {
  return PAYLOAD_LIMITS[channel] ?? MAX_PAYLOAD_BYTES;
}

/** The largest input any channel takes. */
export const LARGEST_PAYLOAD_BYTES = Math.max(MAX_PAYLOAD_BYTES, ...Object.values(PAYLOAD_LIMITS));
