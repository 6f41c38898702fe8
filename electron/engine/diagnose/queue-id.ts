/**
 * Queue ids in the final 250 reply after DATA: what to search for in the server logs.
 * Formats differ per MTA; the patterns are anchored on literal words so they run in linear time.
 */
const PATTERNS: RegExp[] = [
  /queued as ([A-Za-z0-9][A-Za-z0-9._-]*)/i, // Postfix "250 2.0.0 Ok: queued as 4BXYZ", smtp-server
  /\bid=([A-Za-z0-9][A-Za-z0-9._-]*)/i, // Exim "250 OK id=1abcde-000123-AB"
  /InternalId=(\d+)/i, // Exchange "Queued mail for delivery [InternalId=...]"
  /^([A-Za-z0-9]{8,}) Message accepted/i, // Sendmail "250 2.0.0 t3520758032350 Message accepted for delivery"
  /Message Queued \(([A-Za-z0-9._-]+)\)/i, // Haraka
];

/** Returns the queue id from the text of a 250 reply (after the enhanced code), if any. */
export function parseQueueId(text: string): string | undefined {
  for (const pattern of PATTERNS) {
    const match = pattern.exec(text);
    if (match?.[1]) return match[1];
  }
  return undefined;
}
