import { shallowRef } from 'vue';

/**
 * A module imported on first use rather than with the first screen, loaded once. `loaded` is
 * reactive, so a computed that found nothing yet runs again once the module is there.
 */
export function lazyModule<T>(importer: () => Promise<T>): { load: () => Promise<T>; loaded: () => T | undefined } {
  const value = shallowRef<T | undefined>();
  let loading: Promise<T> | undefined;
  return {
    load: () => (loading ??= importer().then((module) => (value.value = module))),
    loaded: () => value.value,
  };
}
