/**
 * Entry of the Electron main process (bundled to out/main/index.js, package.json "main").
 * out/ holds main/, preload/ and renderer/ side by side, in development and inside the asar.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from './app.ts';
import { loadElectronUpdater } from './updates.ts';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

startApp({
  outDir,
  loadUpdater: loadElectronUpdater,
  // A chunk of its own, loaded while the window loads its page: zod, the schemas, the engine and
  // the stores are most of the bundle, and none of them is needed to open the window.
  createService: async (deps) => {
    const { createServiceHandlers } = await import('../engine/service/index.ts');
    const handlers = createServiceHandlers(deps);
    return { handlers, dispose: () => handlers.dispose() };
  },
});
