/**
 * window.api, built from the contract's channel lists and nothing else (reliability A.7): `invoke`
 * for the INVOKE channels, `on` for the event channels. The page never sees ipcRenderer or Electron's event object:
 * listeners get the payload alone, and `on` returns the function that unsubscribes.
 */
// Names only (channels.ts): the schemas and zod stay out of the sandboxed preload; main validates.
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../shared/ipc/channels.ts';
import type { EventChannel, InvokeChannel } from '../../shared/ipc/channels.ts';
import type { InvokeInput, InvokeOutputs, RendererApi } from '../../shared/ipc/contract.ts';
import { fail } from '../../shared/ipc/result.ts';
import type { Result } from '../../shared/ipc/result.ts';

/** The two ipcRenderer calls the API needs (tests pass a fake). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const INVOKES = new Set<string>(INVOKE_CHANNELS);
const EVENTS = new Set<string>(EVENT_CHANNELS);

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && INVOKES.has(channel);
}

export function isEventChannel(channel: unknown): channel is EventChannel {
  return typeof channel === 'string' && EVENTS.has(channel);
}

export function createPreloadApi(ipc: IpcRendererLike): RendererApi {
  const api: RendererApi = {
    invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<Result<InvokeOutputs[C]>> {
      // An unknown channel never reaches main; the page gets the same Result shape as any refusal.
      if (!isInvokeChannel(channel)) return Promise.resolve(fail('EINVALID', 'Unknown channel.'));
      return ipc.invoke(channel, input) as Promise<Result<InvokeOutputs[C]>>;
    },
    on(channel, listener) {
      if (!isEventChannel(channel)) throw new TypeError(`Unknown event channel: ${String(channel).slice(0, 64)}`);
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
      const forward = (_event: unknown, payload: unknown): void => listener(payload as never);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    },
  };
  return Object.freeze(api);
}
