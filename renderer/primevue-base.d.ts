/** PrimeVue modules that ship no types: the record of its injected core stylesheets, the services' event buses. */
declare module '@primevue/core/base' {
  const Base: {
    isStyleNameLoaded(name: string): boolean;
    setLoadedStyleName(name: string): void;
    clearLoadedStyleNames(): void;
  };
  export default Base;
}

/** The buses PrimeVue's toast and confirmation services emit on (no types shipped either). */
declare module 'primevue/toasteventbus' {
  import type { EventBusOptions } from '@primeuix/utils/eventbus';
  const bus: EventBusOptions;
  export default bus;
}
declare module 'primevue/confirmationeventbus' {
  import type { EventBusOptions } from '@primeuix/utils/eventbus';
  const bus: EventBusOptions;
  export default bus;
}
