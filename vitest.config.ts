import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  // Renderer component tests (test/unit/renderer, happy-dom per file) import .vue files.
  plugins: [vue()],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    // Starts the real peers (test/peers/) when this machine can run them; see test/global-setup.ts.
    globalSetup: ['test/global-setup.ts'],
    // Every worker: traffic to loopback only; a test that tries more fails (test/helpers/loopback-only.ts).
    setupFiles: ['test/helpers/loopback-only.ts'],
    // GitHub's workflow parser imports its JSON schema without an import attribute, which only a
    // bundler accepts: Vite transforms it instead of Node loading it (test/unit/ci/release-workflow.test.ts).
    server: { deps: { inline: ['@actions/workflow-parser'] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers on loopback; run files one at a time on 2-core machines.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
