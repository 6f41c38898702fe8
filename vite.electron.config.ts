/**
 * Vite build of the Electron main process and preload (the renderer has renderer/vite.config.ts):
 *   vite build -c vite.electron.config.ts --mode main     -> out/main/index.js   (ESM, Node target)
 *   vite build -c vite.electron.config.ts --mode preload  -> out/preload/index.cjs (one CommonJS file)
 * main keeps `electron`, Node built-ins and the npm dependencies external (electron-builder packs
 * node_modules), but for zod, bundled into the chunk that needs it: one file instead of the 95
 * modules (64 of them locales) Node would resolve and load one by one when the service starts
 * (the bench's CPU until the page's first answer: −40 %). The preload runs sandboxed, where only
 * `electron` can be required, so everything else (the channel names, shared/ipc/channels.ts) is
 * bundled into it. Building never loads or
 * downloads Electron.
 * Output is not minified: reviewers and Electronegativity read it (reliability A.12).
 */
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string; dependencies?: Record<string, string> };
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const dependencies = Object.keys(pkg.dependencies ?? {});
/** Dependencies bundled into main instead of loaded from node_modules (electron-builder.yml leaves them out). */
export const BUNDLED_INTO_MAIN = ['zod'];
/** A bare import of a package or one of its subpaths (nodemailer/lib/...), not bundled. */
const isDependency = (id: string): boolean =>
  dependencies.some((dep) => !BUNDLED_INTO_MAIN.includes(dep) && (id === dep || id.startsWith(`${dep}/`)));

/**
 * electron/engine/version.ts reads ../../package.json at run time, which holds only where the file
 * sits two folders below the project. In the bundle the version is written in at build time instead.
 */
const inlineToolVersion: Plugin = {
  name: 'smtp-probe:inline-tool-version',
  enforce: 'pre',
  load(id) {
    if (id.replace(/\\/g, '/').endsWith('/electron/engine/version.ts')) return `export const TOOL_VERSION = ${JSON.stringify(pkg.version)};\n`;
    return null;
  },
};

export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  return {
    root,
    publicDir: false,
    plugins: [inlineToolVersion],
    ...(preload ? {} : { ssr: { noExternal: BUNDLED_INTO_MAIN } }),
    logLevel: 'warn',
    build: {
      outDir: preload ? 'out/preload' : 'out/main',
      emptyOutDir: true,
      target: 'node22',
      minify: false,
      sourcemap: true,
      reportCompressedSize: false,
      // Node target for main (no browser field resolution, deps external); the preload is a plain bundle.
      ssr: preload ? false : 'electron/main/main.ts',
      lib: preload ? { entry: 'electron/preload/preload.ts', formats: ['cjs'], fileName: () => 'index.cjs' } : false,
      rollupOptions: {
        external: (id: string) => id === 'electron' || nodeBuiltins.includes(id) || (!preload && isDependency(id)),
        output: preload ? { codeSplitting: false } : { format: 'es', entryFileNames: 'index.js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
});
