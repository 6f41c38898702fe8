/**
 * Renderer entry: Pinia, PrimeVue (theme, toasts, confirmations, tooltips), then the app.
 * The renderer talks to main only through services/api.ts (window.api or the browser bridge).
 */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import PrimeVue from 'primevue/config';
import ConfirmationService from 'primevue/confirmationservice';
import ToastService from 'primevue/toastservice';
import Tooltip from 'primevue/tooltip';
import { z } from 'zod';
import 'primeicons/primeicons.css';
import './styles/app.css';
import App from './App.vue';
import { primeVueThemeOptions } from './theme.ts';

// Reliability A.3: the page runs without 'unsafe-eval'; zod must not even probe `new Function`
// (the probe alone would raise a securitypolicyviolation).
z.config({ jitless: true });

const app = createApp(App);
app.use(createPinia());
app.use(PrimeVue, { theme: primeVueThemeOptions, ripple: false });
app.use(ConfirmationService);
app.use(ToastService);
app.directive('tooltip', Tooltip);
app.mount('#app');
