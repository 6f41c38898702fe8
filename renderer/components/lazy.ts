/**
 * Views a session may never open, each a chunk of its own that loads the first time it is shown:
 * the first screen's JavaScript holds the sidebar and the wizard only (docs/PERFORMANCE.md; the
 * built chunk list is checked by test/unit/scripts/renderer-bundle.test.ts).
 */
import { defineAsyncComponent, ref, watch } from 'vue';
import type { Ref } from 'vue';

export const ConsolePanel = defineAsyncComponent(() => import('./console/ConsolePanel.vue'));
export const ProfileForm = defineAsyncComponent(() => import('./profiles/ProfileForm.vue'));
export const ProfileRecentRuns = defineAsyncComponent(() => import('./profiles/ProfileRecentRuns.vue'));
export const SandboxDrawer = defineAsyncComponent(() => import('./app/SandboxDrawer.vue'));
export const AppAbout = defineAsyncComponent(() => import('./app/AppAbout.vue'));
export const ExportDialog = defineAsyncComponent(() => import('./export/ExportDialog.vue'));
// A report opened from a file (the ticket round trip) is rare on the first screen.
export const OpenedReportView = defineAsyncComponent(() => import('./report/OpenedReportView.vue'));
export const ReplyExplainDialog = defineAsyncComponent(() => import('./transcript/ReplyExplainDialog.vue'));
// Shown only after a run: where its time went, and the comparison of a run over both IP versions.
export const RunWaterfall = defineAsyncComponent(() => import('./results/RunWaterfall.vue'));
export const WizardFamilies = defineAsyncComponent(() => import('./wizard/WizardFamilies.vue'));
// A step's tables (DataTable and its paginator) are drawn only once a step has run.
export const MxResult = defineAsyncComponent(() => import('./results/MxResult.vue'));
export const PtrResult = defineAsyncComponent(() => import('./results/PtrResult.vue'));
export const EhloResult = defineAsyncComponent(() => import('./results/EhloResult.vue'));
export const TlsResult = defineAsyncComponent(() => import('./results/TlsResult.vue'));
export const AuthResult = defineAsyncComponent(() => import('./results/AuthResult.vue'));
export const SendResult = defineAsyncComponent(() => import('./results/SendResult.vue'));

/**
 * True from the first time `when()` holds, then for good: a lazy view is mounted when first needed
 * (its chunk loads then) and stays mounted afterwards, keeping its state like the eager views did.
 */
export function shownOnce(when: () => boolean): Readonly<Ref<boolean>> {
  const shown = ref(when());
  if (!shown.value) {
    const stop = watch(when, (now) => {
      if (!now) return;
      shown.value = true;
      stop();
    });
  }
  return shown;
}
