/**
 * Nothing the user typed is lost by closing the window: while a profile has unsaved edits the page
 * cancels `beforeunload`; Electron then fires `will-prevent-unload` here and we ask. "Leave" lets the
 * window close (preventDefault ignores the page's veto); "Stay" keeps it open with the edits.
 */
export interface UnloadGuardTarget {
  on(event: 'will-prevent-unload', listener: (event: { preventDefault(): void }) => void): unknown;
}

export function guardUnsavedChanges(contents: UnloadGuardTarget, askLeave: () => boolean): void {
  contents.on('will-prevent-unload', (event) => {
    if (askLeave()) event.preventDefault();
  });
}

/** The question, as Electron's message box options; button 0 = leave. */
export const LEAVE_QUESTION = {
  type: 'question' as const,
  buttons: ['Leave without saving', 'Stay'],
  defaultId: 1,
  cancelId: 1,
  message: 'A profile has unsaved changes.',
  detail: 'Close SMTP Probe and lose them?',
};
