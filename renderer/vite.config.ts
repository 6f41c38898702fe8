/**
 * Vite build of the renderer: root renderer/, output out/renderer, relative base so the same files
 * load from app://bundle/ (desktop) and from browser mode's static server.
 * Reliability A.3: no 'unsafe-eval' — SFC templates are compiled here at build time and `vue` resolves
 * to the runtime-only build (the runtime template compiler needs `new Function`).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { iconSubset } from '../scripts/vite-icon-subset.ts';
import { themeCss } from '../scripts/vite-theme-css.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [vue(), iconSubset(here), themeCss()],
  resolve: {
    alias: [
      { find: /^vue$/, replacement: 'vue/dist/vue.runtime.esm-bundler.js' },
      // zod configured for the CSP (no `new Function`) before any schema is made, wherever it loads.
      { find: /^zod$/, replacement: fileURLToPath(new URL('./zod-csp.ts', import.meta.url)) },
    ],
  },
  define: {
    // PrimeVue's components use the Options API; devtools and hydration details stay out of builds.
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Electron 45 is Chromium 140: unprefixed CSS (the icons' masks) needs no -webkit- copies.
    cssTarget: 'chrome120',
    // No inline <script>/data: modules so script-src 'self' is enough.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
    // Everything the first screen imports statically in one file: the browser asks for one script
    // (Chromium opens at most six connections to the server; ten shared chunks waited for each
    // other). The lazy views stay chunks of their own and import from it.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] } } },
  },
  server: { host: '127.0.0.1', strictPort: false },
  preview: { host: '127.0.0.1' },
});
