/**
 * The toasts the sidebar's profile actions show: one place for their wording and how long each
 * stays, so Duplicate, Rename, Delete, Import and Export say things the same way.
 */
import type { ToastMessageOptions } from 'primevue/toast';
import type { InvokeOutputs } from '../../../shared/ipc/contract.ts';

/** An action that did not happen: what was tried, and the reason given. */
export function failureToast(summary: string, message: string): ToastMessageOptions {
  return { severity: 'error', summary, detail: message, life: 8000 };
}

/** A copy is made without the password: said louder when the original logs in with one. */
export function duplicatedToast(copyName: string, originalLogsIn: boolean): ToastMessageOptions {
  const detail = originalLogsIn ? `The password was not copied: set it in the copy's Settings before it logs in.` : 'Passwords are never copied.';
  return { severity: 'info', summary: `Copied as "${copyName}"`, detail, life: 8000 };
}

/** What an import brought in, and each profile it skipped with the reason (shown longer then). */
export function importedToast({ imported, skipped }: InvokeOutputs['profiles/import']): ToastMessageOptions {
  const skippedText = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  return {
    severity: skipped.length > 0 ? 'warn' : 'success',
    summary: `Imported ${imported.length} profile${imported.length === 1 ? '' : 's'}`,
    detail: skipped.length > 0 ? `Skipped ${skipped.length}: ${skippedText}` : 'Passwords are never part of an export; set them again.',
    life: skipped.length > 0 ? 15000 : 5000,
  };
}
