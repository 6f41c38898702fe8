// `npm run build:cli` (also run by `prepare`): bundles the CLI into out/cli/ so `smtp-probe` starts
// without compiling TypeScript. Dependencies stay external (resolved from node_modules at run time);
// each command's modules are a lazy chunk. build-info.json lists the sources, so bin/cli-entry.js
// can tell a bundle older than its sources and fall back to them.
import { build } from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles the CLI into `outdir` (emptied first: chunk names change) and writes build-info.json;
 * returns the number of source files.
 * @param {string} [outdir]
 */
export async function buildCli(outdir = path.join(root, 'out', 'cli')) {
  const startedAt = Date.now();
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['electron/cli/main.ts'],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // version.ts reads ../../package.json: the chunks sit two folders below the package root, as the sources do.
    chunkNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  // The packages the bundle imports at run time: each must be a runtime dependency of the package.
  const imported = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  const packages = [...new Set(imported.filter((p) => !p.startsWith('node:') && !builtinModules.includes(p)).map((p) => p.split('/').slice(0, p.startsWith('@') ? 2 : 1).join('/')))].sort();
  await mkdir(outdir, { recursive: true });
  await writeFile(path.join(outdir, 'build-info.json'), `${JSON.stringify({ builtAt: startedAt, packages, inputs }, null, 1)}\n`);
  return inputs.length;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = await buildCli();
  console.log(`out/cli/main.js: ${count} source files bundled`);
}
