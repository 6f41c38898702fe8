/**
 * A stand-in for renderer/services/api.ts in component and store tests: records every invoke,
 * answers from per-channel handlers, and lets a test push events as main would.
 * Use: vi.mock('<path>/renderer/services/api.ts', async () => (await import('./fake-api.ts')).apiModule());
 */
import { vi } from 'vitest';
import type { EventChannel, EventPayloads, InvokeChannel, InvokeInput, InvokeOutputs, RendererApi } from '../../../../shared/ipc/contract.ts';
import type { Result } from '../../../../shared/ipc/result.ts';

type Handler<C extends InvokeChannel> = (input: InvokeInput<C>) => Result<InvokeOutputs[C]> | Promise<Result<InvokeOutputs[C]>>;

const listeners = new Map<EventChannel, Set<(payload: never) => void>>();
let handlers: { [C in InvokeChannel]?: Handler<C> } = {};

const invoke = vi.fn(async (channel: InvokeChannel, input: unknown) => {
  const handler = handlers[channel] as ((input: unknown) => unknown) | undefined;
  if (!handler) return { ok: false, error: { code: 'EINTERNAL', message: `no fake handler for ${channel}` } };
  return handler(input);
});

export const fakeApi = {
  invoke,
  /** Answer `channel` with this handler from now on. */
  handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): void {
    (handlers as Record<string, unknown>)[channel] = handler;
  },
  /** Push an event as main would. */
  emit<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void {
    for (const listener of listeners.get(channel) ?? []) (listener as (p: EventPayloads[E]) => void)(payload);
  },
  listenerCount(channel: EventChannel): number {
    return listeners.get(channel)?.size ?? 0;
  },
  /** The inputs of every invoke of one channel, in order. */
  calls<C extends InvokeChannel>(channel: C): InvokeInput<C>[] {
    return invoke.mock.calls.filter(([c]) => c === channel).map(([, input]) => input as InvokeInput<C>);
  },
  reset(): void {
    handlers = {};
    listeners.clear();
    invoke.mockClear();
  },
};

const api: RendererApi = {
  invoke: invoke as unknown as RendererApi['invoke'],
  on(channel, listener) {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  },
};

export function apiModule(): { api: RendererApi } {
  return { api };
}
