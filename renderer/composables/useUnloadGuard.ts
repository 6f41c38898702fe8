/**
 * Closing the window (or the browser tab) with unsaved work (profiles.hasUnsavedEdits) asks first;
 * main (or the browser) shows the question.
 */
import { onScopeDispose } from 'vue';
import { useProfilesStore } from '../stores/profiles.ts';

export function useUnloadGuard(): void {
  const profiles = useProfilesStore();
  function guardUnsaved(event: BeforeUnloadEvent): void {
    if (!profiles.hasUnsavedEdits) return;
    event.preventDefault();
    event.returnValue = '';
  }
  window.addEventListener('beforeunload', guardUnsaved);
  onScopeDispose(() => window.removeEventListener('beforeunload', guardUnsaved));
}
