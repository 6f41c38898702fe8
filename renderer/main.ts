/**
 * Renderer entry: Pinia, PrimeVue (toasts, confirmations, tooltips; the theme is a stylesheet), then the app.
 * The renderer talks to main only through services/api.ts (window.api or the browser bridge).
 */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import PrimeVue from 'primevue/config';
import PrimeVueStyles from '@primevue/core/base';
import ConfirmationService from 'primevue/confirmationservice';
import ToastService from 'primevue/toastservice';
import Tooltip from 'primevue/tooltip';
// The icons used, as CSS masks (scripts/vite-icon-subset.ts), not the whole primeicons font.
import 'virtual:icons.css';
import './styles/app.css';
import App from './App.vue';
// The theme, compiled at build time (scripts/vite-theme-css.ts); after the app's own styles, where
// PrimeVue's styled mode put it.
import 'virtual:theme.css';

/*
 * PrimeVue forgets which of its core stylesheets (base, icons, virtual scroller) it has injected each
 * time a component mounts, so that a theme change redraws them; every mount then computes them
 * again and rewrites their <style> (a style recalculation each). The theme never changes in the
 * page (it is a stylesheet, above), so what is injected stays known: once per stylesheet.
 */
PrimeVueStyles.clearLoadedStyleNames = () => undefined;

const app = createApp(App);
app.use(createPinia());
// 'none': the theme's CSS is virtual:theme.css; PrimeVue computes and injects no theme of its own.
app.use(PrimeVue, { theme: 'none', ripple: false });
app.use(ConfirmationService);
app.use(ToastService);
app.directive('tooltip', Tooltip);
app.mount('#app');
