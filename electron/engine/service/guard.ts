/**
 * The one place where an unexpected exception becomes a result: handlers never throw across a
 * boundary. Store errors keep their code; anything else is EINTERNAL with a generic message and a
 * reference, never the exception's text (it could quote a secret, a path or server text). The
 * detail goes to the host's log under the same reference, with control characters made visible.
 */
import { randomBytes } from 'node:crypto';
import { fail } from '../../../shared/ipc/result.ts';
import type { Result } from '../../../shared/ipc/result.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { SandboxError } from '../sandbox/sandbox-error.ts';
import { StoreError } from '../store/store-error.ts';

/** Where a host writes what must not reach a page (stderr, the app log). */
export type HostLog = (line: string) => void;

const consoleLog: HostLog = (line) => console.error(line);

function errorDetail(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : typeof error === 'string' ? error : `a thrown ${typeof error}`;
  return text.split(/\r?\n/).map(visibleText).join('\n    ');
}

/** The page's answer to a bug: generic text and a reference to the log line that has the detail. */
export function internalFailure(channel: string, error: unknown, log: HostLog = consoleLog): Result<never> {
  const ref = randomBytes(4).toString('hex');
  log(`internal error ${ref} in ${channel}: ${errorDetail(error)}`);
  return fail('EINTERNAL', `Internal error in ${channel} (reference ${ref}); the details are in the log. Please report this.`);
}

export function toFailure(channel: string, err: unknown, log?: HostLog): Result<never> {
  if (err instanceof StoreError) return fail(err.code, err.message, err.field);
  // The built-in server's messages are plain and hold no secret (its password is never in them).
  if (err instanceof SandboxError) return fail(err.code === 'EADDRINUSE' ? 'EBUSY' : 'EINTERNAL', `The built-in test server could not start: ${err.message}`);
  return internalFailure(channel, err, log);
}

export function guard<I, O>(channel: string, handler: (input: I) => Promise<Result<O>>, log?: HostLog): (input: I) => Promise<Result<O>> {
  return async (input) => {
    try {
      return await handler(input);
    } catch (err) {
      return toFailure(channel, err, log);
    }
  };
}
