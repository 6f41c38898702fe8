/**
 * The bridge client's requests waiting for their answer, in the order they were made: sent once
 * the socket is open, answered by id, failed as a group when the connection says so.
 */
import { fail } from '../../../shared/ipc/result.ts';
import type { Result } from '../../../shared/ipc/result.ts';
import { messageOf } from './message-of.ts';

export type Pending = { resolve: (result: Result<unknown>) => void; text: string; sent: boolean };

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return true;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error.message === 'string';
}

export function createPendingRequests(warn: (message: string) => void) {
  const pending = new Map<string, Pending>();

  /** Every request the predicate picks resolves as EINTERNAL with this message. */
  function failWhere(predicate: (p: Pending) => boolean, message: string): void {
    for (const [id, p] of pending) {
      if (!predicate(p)) continue;
      pending.delete(id);
      p.resolve(fail('EINTERNAL', message));
    }
  }

  /** Sends the requests not sent yet, in order; a send that throws leaves the rest for the next open. */
  function sendUnsent(send: (text: string) => void): void {
    for (const p of pending.values()) {
      if (p.sent) continue;
      try {
        send(p.text);
        p.sent = true;
      } catch (error) {
        warn(`browser mode: sending failed: ${messageOf(error)}`);
        return;
      }
    }
  }

  /** The server's answer to request `id` (an unknown id is ignored); a malformed one is EINTERNAL. */
  function settle(id: string, result: unknown): void {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    p.resolve(isResult(result) ? result : fail('EINTERNAL', 'The server sent a malformed result.'));
  }

  function add(id: string, p: Pending): void {
    pending.set(id, p);
  }

  return { add, failWhere, sendUnsent, settle };
}
