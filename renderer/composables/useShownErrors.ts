/**
 * When a form shows a field's message: once the field was left (blur), or for every field after a
 * save attempt. A nested key (`timeouts.connect`) shows once its field group (`timeouts`) was left.
 * Shared by the profile form and the wizard's inline command editor.
 */
import { ref } from 'vue';
import type { Ref } from 'vue';

export interface ShownErrors {
  /** A save was attempted: every message shows. */
  submitted: Ref<boolean>;
  /** The field was left. */
  blurred: (field: string) => void;
  /** Whether the message of `key` shows now. */
  shows: (key: string) => boolean;
  /** Only the messages that show now, of all of them. */
  shownOf: <T extends string>(errors: Partial<Record<T, string>>) => Partial<Record<T, string>>;
  /** Back to a fresh form: nothing left, no save attempted. */
  clear: () => void;
}

export function useShownErrors(): ShownErrors {
  const touched = ref(new Set<string>());
  const submitted = ref(false);

  function blurred(field: string): void {
    touched.value = new Set(touched.value).add(field);
  }
  function shows(key: string): boolean {
    return submitted.value || touched.value.has(key) || touched.value.has(key.split('.')[0] ?? key);
  }
  function shownOf<T extends string>(errors: Partial<Record<T, string>>): Partial<Record<T, string>> {
    return Object.fromEntries(Object.entries(errors).filter(([key]) => shows(key))) as Partial<Record<T, string>>;
  }
  function clear(): void {
    touched.value = new Set();
    submitted.value = false;
  }
  return { submitted, blurred, shows, shownOf, clear };
}
