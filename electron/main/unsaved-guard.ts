/**
 * Unsaved work is not lost by closing the window without a question: while a profile has unsaved
 * edits (the Settings form, a wizard command being edited) or the console's DATA editor holds a
 * message not yet sent, the page cancels `beforeunload`; Electron then fires `will-prevent-unload`
 * here and we ask. "Leave" lets the window close (preventDefault ignores the page's veto); "Stay"
 * keeps it open with the edits. Other typed text (the console's command line, a search) does not
 * count.
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
  message: 'There are unsaved changes.',
  detail: 'A profile has unsaved edits, or the console holds a message not sent. Close SMTP Probe and lose them?',
};
