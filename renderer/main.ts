/**
 * Renderer entry: Pinia, PrimeVue (theme, toasts, confirmations, tooltips), then the app.
 * The renderer talks to main only through services/api.ts (window.api or the browser bridge).
 */
import './zod-csp.ts'; // first: before any schema exists
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import PrimeVue from 'primevue/config';
import ConfirmationService from 'primevue/confirmationservice';
import ToastService from 'primevue/toastservice';
import Tooltip from 'primevue/tooltip';
// The icons used, as CSS masks (scripts/vite-icon-subset.ts), not the whole primeicons font.
import 'virtual:icons.css';
import './styles/app.css';
import App from './App.vue';
import { primeVueThemeOptions } from './theme.ts';

const app = createApp(App);
app.use(createPinia());
app.use(PrimeVue, { theme: primeVueThemeOptions, ripple: false });
app.use(ConfirmationService);
app.use(ToastService);
app.directive('tooltip', Tooltip);
app.mount('#app');
