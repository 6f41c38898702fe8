/**
 * Entry of the Electron main process (bundled to out/main/index.js, package.json "main").
 * out/ holds main/, preload/ and renderer/ side by side, in development and inside the asar.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServiceHandlers } from '../engine/service/index.ts';
import { startApp } from './app.ts';
import { loadElectronUpdater } from './updates.ts';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

startApp({
  outDir,
  loadUpdater: loadElectronUpdater,
  createService: (deps) => {
    const handlers = createServiceHandlers(deps);
    return { handlers, dispose: () => handlers.dispose() };
  },
});
