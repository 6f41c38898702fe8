// `npm run build:cli` (also run by `prepare`): bundles the CLI into out/cli/ so `smtp-probe` starts
// without compiling TypeScript. The packages every check needs are bundled in (BUNDLED: one file
// read and compiled instead of hundreds resolved and loaded one by one); the others stay external,
// resolved from node_modules at run time. main.cjs holds the argument parsing; each command's
// modules are a file of their own (COMMAND_FILES), read only when that command runs. build-info.json
// lists the sources, so bin/cli-entry.js can tell a bundle older than its sources and fall back to them.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runtime dependencies bundled into out/cli; the rest (smtp-server, ws, … for `sandbox` and `ui`) stay external. */
export const BUNDLED = ['commander', 'nodemailer', 'picocolors', 'zod'];

/**
 * The modules electron/cli/main.ts imports when a command runs, each bundled into a CommonJS file of
 * its own (esbuild splits ESM only): `explain` and `--help` read main.cjs and explain.cjs, not the
 * engine. Modules two files both use are in each of them.
 */
export const COMMAND_FILES = {
  'electron/cli/check-command.ts': 'check',
  'electron/cli/fast-dial.ts': 'dial',
  'electron/cli/explain-command.ts': 'explain',
  'electron/cli/sandbox-command.ts': 'sandbox',
  'electron/serve/main.ts': 'ui',
};

// CommonJS, so bin/code-cache.js can run each file through vm.Script with V8's code cache;
// `import.meta.url` of the sources becomes the file's URL.
const banner = "const __cliImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";

/**
 * commander loads child_process at start for executable subcommands, which this CLI does not have:
 * loaded on first use instead, `--help` and `explain` start without it.
 * @type {import('esbuild').Plugin}
 */
const commanderLazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };\n",
      loader: 'js',
    }));
  },
};

/**
 * nodemailer's composer imports its URL fetcher, and with it Node's http, https and zlib (~1 MiB of
 * a session's memory), for message parts given as a URL, which this CLI never sends: the fetcher's
 * module is set up on its first call instead.
 * @type {import('esbuild').Plugin}
 */
const nodemailerLazyFetch = {
  name: 'nodemailer-lazy-fetch',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/fetch\/index\.js$/ }, (args) =>
      /[\\/]nodemailer[\\/]/.test(args.importer) && args.namespace === 'file' ? { path: 'fetch', namespace: 'lazy-nodemailer-fetch', pluginData: path.resolve(args.resolveDir, '../fetch') } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-nodemailer-fetch' }, (args) => ({
      contents: "export default function nmfetch(...args) { return require('./index.js').default(...args); }\n",
      loader: 'js',
      resolveDir: args.pluginData,
    }));
  },
};

/**
 * main.ts's import() of a command module becomes a require() of that command's file, which
 * bin/code-cache.js answers with the file run through the code cache (plain Node loads it too).
 * An import() from main.ts of a module not in COMMAND_FILES fails the build: it would be bundled
 * into main.cjs, and every command would read it.
 * @type {import('esbuild').Plugin}
 */
const commandFiles = {
  name: 'command-files',
  setup(b) {
    const mainTs = path.join(root, 'electron', 'cli', 'main.ts');
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import' || args.importer !== mainTs) return undefined;
      const source = path.relative(root, path.resolve(args.resolveDir, args.path)).split(path.sep).join('/');
      const name = COMMAND_FILES[/** @type {keyof typeof COMMAND_FILES} */ (source)];
      if (!name) return { errors: [{ text: `${source} is imported on demand by main.ts but has no file of its own in COMMAND_FILES` }] };
      return { path: name, namespace: 'command-file' };
    });
    b.onLoad({ filter: /.*/, namespace: 'command-file' }, (args) => ({ contents: `module.exports = require('./${args.path}.cjs');\n`, loader: 'js' }));
    b.onResolve({ filter: /^\.\/[a-z]+\.cjs$/ }, (args) => (args.namespace === 'command-file' ? { path: args.path, external: true } : undefined));
  },
};

/** The runtime dependencies that are not bundled. */
async function externals() {
  const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  return Object.keys(manifest.dependencies).filter((name) => !BUNDLED.includes(name));
}

/**
 * What build-info.json lists for the freshness check: the sources, and each bundled package's
 * package.json (npm writes it anew when it installs another version; `npm install` alone also
 * runs `prepare`, which builds again), not the hundreds of files inside those packages.
 * @param {string[]} inputs the metafile's inputs
 */
function freshnessInputs(inputs) {
  const own = inputs.filter((i) => !i.includes('node_modules/'));
  return [...own, ...BUNDLED.map((name) => `node_modules/${name}/package.json`)].sort();
}

/**
 * Bundles the CLI into `outdir` (emptied first: nothing of an older build stays) and writes build-info.json;
 * returns the number of source files.
 * @param {string} [outdir]
 */
export async function buildCli(outdir = path.join(root, 'out', 'cli')) {
  const startedAt = Date.now();
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: [{ in: 'electron/cli/main.ts', out: 'main' }, ...Object.entries(COMMAND_FILES).map(([source, name]) => ({ in: source, out: name }))],
    outdir,
    bundle: true,
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    define: { 'import.meta.url': '__cliImportMetaUrl' },
    platform: 'node',
    target: 'node20',
    // import() of an external package becomes require(): code compiled from V8's code cache loses
    // vm.Script's importModuleDynamically, and the lazy NTLM module then failed on every warm start.
    supported: { 'dynamic-import': false },
    external: await externals(),
    plugins: [commandFiles, commanderLazyChildProcess, nodemailerLazyFetch],
    banner: { js: banner },
    // Less to read and parse at every start (~5% of a session's CPU); names are kept for stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = freshnessInputs(Object.keys(result.metafile.inputs).filter((i) => !/^(lazy-child-process|lazy-nodemailer-fetch|command-file):/.test(i)));
  // The packages the bundle imports at run time: each must be a runtime dependency of the package.
  const imported = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external && !i.path.startsWith('./')).map((i) => i.path));
  const packages = [...new Set(imported.filter((p) => !p.startsWith('node:') && !builtinModules.includes(p)).map((p) => p.split('/').slice(0, p.startsWith('@') ? 2 : 1).join('/')))].sort();
  await mkdir(outdir, { recursive: true });
  // The code cache is keyed by this hash of every file (bin/code-cache.js): a new bundle never meets an old cache.
  const digest = createHash('sha256');
  for (const name of ['main', ...Object.values(COMMAND_FILES)]) digest.update(await readFile(path.join(outdir, `${name}.cjs`)));
  const hash = digest.digest('hex').slice(0, 16);
  await writeFile(path.join(outdir, 'build-info.json'), `${JSON.stringify({ builtAt: startedAt, hash, packages, inputs }, null, 1)}\n`);
  return inputs.length;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = await buildCli();
  console.log(`out/cli: ${count} source files bundled`);
}
