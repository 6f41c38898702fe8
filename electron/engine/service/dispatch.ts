/**
 * The one gate every host puts in front of the handler table (reliability A.9): the WebSocket bridge
 * of browser mode and the Electron IPC adapter both call `dispatchInvoke` with whatever arrived.
 * It checks, in order: a known channel, the size cap, the channel's zod schema; then runs the
 * handler. It never throws and never rejects: every outcome is a `Result`. A handler's exception
 * reaches the page as a generic EINTERNAL with a reference; its text goes only to the host's log.
 */
import { INVOKE, payloadLimit } from '../../../shared/ipc/contract.ts';
import type { Handlers, InvokeChannel, InvokeOutputs } from '../../../shared/ipc/contract.ts';
import { fail } from '../../../shared/ipc/result.ts';
import type { Result } from '../../../shared/ipc/result.ts';
import { internalFailure } from './guard.ts';
import type { HostLog } from './guard.ts';

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  // Own keys only: "__proto__", "constructor" or "toString" are not channels.
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(INVOKE, channel);
}

/**
 * Size of the payload as JSON in UTF-8 bytes, or undefined when it cannot be JSON
 * (cycles, BigInt). Stops early is not possible with JSON.stringify, but hosts cap the raw
 * message before parsing, so what reaches here is already bounded by the transport.
 */
function jsonBytes(payload: unknown): number | undefined {
  try {
    const text = JSON.stringify(payload);
    return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
  } catch {
    return undefined;
  }
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && typeof v.error === 'object' && v.error !== null;
}

/** Validates `channel` and `payload` and runs the handler; always resolves to a Result. */
export async function dispatchInvoke<C extends InvokeChannel>(handlers: Handlers, channel: C, payload: unknown, log?: HostLog): Promise<Result<InvokeOutputs[C]>>;
export async function dispatchInvoke(handlers: Handlers, channel: unknown, payload: unknown, log?: HostLog): Promise<Result<unknown>>;
export async function dispatchInvoke(handlers: Handlers, channel: unknown, payload: unknown, log?: HostLog): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) {
    return fail('EINVALID', `Unknown channel: ${typeof channel === 'string' ? JSON.stringify(channel.slice(0, 64)) : typeof channel}.`);
  }
  const bytes = jsonBytes(payload);
  if (bytes === undefined) return fail('EINVALID', `The input of ${channel} is not plain JSON data.`);
  const limit = payloadLimit(channel);
  if (bytes > limit) return fail('EINVALID', `The input of ${channel} is ${bytes} bytes; the limit is ${limit}.`);

  let parsed: { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  try {
    parsed = INVOKE[channel].safeParse(payload) as typeof parsed;
  } catch {
    // A getter or proxy in the payload can throw while zod reads it: the caller's own input.
    return fail('EINVALID', `The input of ${channel} could not be read.`);
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
    const message = issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'invalid input';
    return fail('EINVALID', `Invalid input for ${channel}: ${message}`, field);
  }

  try {
    const handler = handlers[channel] as (input: unknown) => Promise<Result<unknown>>;
    const result: unknown = await handler(parsed.data);
    if (!isResult(result)) return fail('EINTERNAL', `The handler of ${channel} returned no result.`);
    return result;
  } catch (error) {
    // A handler must return fail(...) for expected failures; an exception is a bug, reported as one.
    return internalFailure(channel, error, log);
  }
}
