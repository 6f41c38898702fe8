/**
 * Where the keyboard goes in the profile form when its buttons act: it never drops to the page.
 */
import { nextTick } from 'vue';

/**
 * Save and Revert disable themselves once nothing is left to save, which would drop a keyboard
 * user's focus to the page: when focus was in the form and is gone after `action`, it goes back
 * to the form itself (Tab then continues with its first field).
 */
export async function keepingFocus(form: HTMLFormElement | undefined, action: () => Promise<void> | void): Promise<void> {
  const hadFocus = form !== undefined && form.contains(document.activeElement);
  await action();
  await nextTick();
  const active = document.activeElement;
  // Browsers differ: focus either leaves a button that became disabled, or stays on it, unusable.
  if (hadFocus && (!form.contains(active) || (active instanceof HTMLElement && active.matches(':disabled')))) form.focus();
}

/** After a refused Save: the first field with a message takes the focus, so the fix starts there. */
export async function focusFirstError(form: () => HTMLFormElement | undefined): Promise<void> {
  await nextTick();
  form()?.querySelector<HTMLElement>('[aria-invalid="true"], .p-invalid input, input.p-invalid')?.focus();
}
