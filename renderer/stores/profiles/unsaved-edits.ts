/**
 * What the user typed and has not saved: the profile form's edits (`dirty`, set by the form) and
 * inline drafts by editor id (the wizard's commands, the console's DATA message). The switch and
 * close guards read `hasUnsavedEdits`; only "Discard changes" lets go of them.
 */
import { computed, ref } from 'vue';

export function useUnsavedEdits() {
  /** Set by the profile form while it holds edits not yet saved (the switch guard reads it). */
  const dirty = ref(false);
  /** Editors holding a changed draft, by editor id. */
  const drafts = ref(new Set<string>());
  const hasUnsavedEdits = computed(() => dirty.value || drafts.value.size > 0);

  function markDraft(editor: string, changed: boolean): void {
    if (changed === drafts.value.has(editor)) return;
    const next = new Set(drafts.value);
    if (changed) next.add(editor);
    else next.delete(editor);
    drafts.value = next;
  }

  /** After "Discard changes": the form and every inline draft let go. */
  function discardEdits(): void {
    dirty.value = false;
    drafts.value = new Set();
  }

  return { dirty, drafts, hasUnsavedEdits, markDraft, discardEdits };
}
