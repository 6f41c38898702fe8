import { defineConfig } from 'vitest/config';

// End-to-end tests (`npm run e2e`): the real renderer and handlers in browser mode, in Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    // Builds the renderer once; the peers' setup is shared with the main config.
    globalSetup: ['test/global-setup.ts', 'test/e2e/global-setup.ts'],
    // Every worker: traffic to loopback only; a test that tries more fails (test/helpers/loopback-only.ts).
    setupFiles: ['test/helpers/loopback-only.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts Chromium; two at a time is what the 2-core build machines take.
    maxWorkers: 2,
  },
});
