/**
 * An app-wide host (the toast stack, the confirmation dialog) mounted the first time something is
 * shown in it instead of with the first screen: its component is a chunk of its own. Until then the
 * service's events are kept; once the host has mounted (and listens on the bus itself) they are
 * emitted again, in order, so nothing asked before it was there is lost.
 */
import { markRaw, shallowRef } from 'vue';
import type { Component, ShallowRef } from 'vue';
import type { EventBusOptions } from '@primeuix/utils/eventbus';

export interface OnDemandHost {
  /** The host's component once needed and loaded; undefined before. */
  component: Readonly<ShallowRef<Component | undefined>>;
  /** Call when the host has mounted (its own listeners are on the bus): hands it what was kept. */
  mounted: () => void;
  /** Stops keeping events (the app is unmounted). */
  dispose: () => void;
}

/**
 * `shows`: the events that need the host (a toast added, a confirmation asked); `others` are kept
 * too, in order, but do not load it (a remove or close with nothing shown yet).
 */
export function onDemandHost(bus: EventBusOptions, events: { shows: string[]; others: string[] }, importer: () => Promise<{ default: Component }>): OnDemandHost {
  const component = shallowRef<Component | undefined>();
  const kept: { type: string; payload: unknown }[] = [];
  let loading: Promise<void> | undefined;
  const load = (): Promise<void> =>
    (loading ??= importer().then((module) => {
      component.value = markRaw(module.default);
    }));
  const listeners = [...events.shows.map((type) => [type, true] as const), ...events.others.map((type) => [type, false] as const)].map(([type, shows]) => {
    const listener = (payload: unknown): void => {
      kept.push({ type, payload });
      if (shows) void load();
    };
    bus.on(type, listener);
    return { type, listener };
  });
  let listening = true;
  const dispose = (): void => {
    if (!listening) return;
    listening = false;
    for (const { type, listener } of listeners) bus.off(type, listener);
  };
  return {
    component,
    mounted() {
      dispose();
      for (const { type, payload } of kept.splice(0)) bus.emit(type, payload);
    },
    dispose,
  };
}
