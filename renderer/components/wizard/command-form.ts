/**
 * The inline command editor's form (WizardCommandForm.vue, with PrimeVue's Select and the other
 * inputs it uses): a chunk loaded by the first Edit, which opens once it is there
 * (use-command-edit.ts), so the form renders at once and takes the focus.
 */
import { lazyModule } from '../../services/lazy-module.ts';

export const commandForm = lazyModule(() => import('./WizardCommandForm.vue'));
