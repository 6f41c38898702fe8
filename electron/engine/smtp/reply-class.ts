/**
 * Reply classes by first digit (RFC 5321 §4.2.1), declared once for the engine and the diagnosis.
 */
import type { SmtpReply } from '../../../shared/evidence.ts';

/** 2yz: the command was done. An absent reply (nothing came back) is not positive. */
export function isPositive(reply: SmtpReply | undefined): boolean {
  return reply !== undefined && reply.code >= 200 && reply.code < 300;
}
