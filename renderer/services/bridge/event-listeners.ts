/** The bridge client's event listeners by channel; one that throws is reported and the others still hear the event. */
import type { EventChannel } from '../../../shared/ipc/contract.ts';
import { messageOf } from './message-of.ts';

export type Listener = (payload: unknown) => void;

export function createEventListeners(warn: (message: string) => void) {
  const listeners = new Map<EventChannel, Set<Listener>>();

  /** Adds a listener; returns the function that removes it. */
  function on(channel: EventChannel, listener: Listener): () => void {
    const set = listeners.get(channel) ?? new Set<Listener>();
    listeners.set(channel, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  function emit(channel: EventChannel, payload: unknown): void {
    for (const listener of listeners.get(channel) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        warn(`browser mode: a listener of ${channel} threw: ${messageOf(error)}`);
      }
    }
  }

  return { on, emit };
}
