/**
 * Main -> renderer events: the service's emit() lands here and goes to the window's webContents,
 * only for channels the contract lists (a typo or a stray channel is dropped and logged, never sent).
 */
import { EVENT_CHANNELS } from '../../shared/ipc/channels.ts';
import type { Emit } from '../engine/service/service-deps.ts';

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

const ALLOWED = new Set<string>(EVENT_CHANNELS);

/** emit() for the service; `target()` is the current window's webContents (null before/after it). */
export function createEventForwarder(target: () => EventTarget | null): Emit {
  return (channel, payload) => {
    if (!ALLOWED.has(channel)) {
      console.error(`Dropped an event on an unknown channel: ${String(channel)}`);
      return;
    }
    const contents = target();
    if (!contents || contents.isDestroyed()) return; // no window: nobody to tell
    contents.send(channel, payload);
  };
}
