/**
 * Reply classes by first digit (RFC 5321 §4.2.1), for the engine, the diagnosis and the renderer.
 * A module without zod: a CLI session asks this of every reply without building the report's schemas.
 */
import type { SmtpReply } from './evidence.ts';

/** 2yz: the command was done. An absent reply (nothing came back) is not positive. */
export function isPositive(reply: SmtpReply | undefined): boolean {
  return reply !== undefined && reply.code >= 200 && reply.code < 300;
}
