/** PrimeVue's record of the core stylesheets it has injected (@primevue/core/base ships no types). */
declare module '@primevue/core/base' {
  const Base: {
    isStyleNameLoaded(name: string): boolean;
    setLoadedStyleName(name: string): void;
    clearLoadedStyleNames(): void;
  };
  export default Base;
}
