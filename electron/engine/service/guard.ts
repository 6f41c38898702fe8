/**
 * The one place where an unexpected exception becomes a result: handlers never throw across a
 * boundary. Store errors keep their code; anything else is EINTERNAL with a message naming the
 * channel and the error's type only (an exception's text could carry a secret).
 */
import { fail } from '../../../shared/ipc/result.ts';
import type { Result } from '../../../shared/ipc/result.ts';
import { SandboxError } from '../sandbox/index.ts';
import { StoreError } from '../store/store-error.ts';

export function toFailure(channel: string, err: unknown): Result<never> {
  if (err instanceof StoreError) return fail(err.code, err.message, err.field);
  // The built-in server's messages are plain and hold no secret (its password is never in them).
  if (err instanceof SandboxError) return fail(err.code === 'EADDRINUSE' ? 'EBUSY' : 'EINTERNAL', `The built-in test server could not start: ${err.message}`);
  const kind = err instanceof Error ? err.name : typeof err;
  return fail('EINTERNAL', `${channel} failed unexpectedly (${kind}); please report this`);
}

export function guard<I, O>(channel: string, handler: (input: I) => Promise<Result<O>>): (input: I) => Promise<Result<O>> {
  return async (input) => {
    try {
      return await handler(input);
    } catch (err) {
      return toFailure(channel, err);
    }
  };
}
