#!/usr/bin/env node
// Entry point of the `smtp-probe` command: the prebuilt bundle when it is fresh (npm install builds
// it), else the TypeScript sources through tsx, so a fresh or edited checkout works either way.
// CommonJS (bin/package.json), like the bundle: a start does not set up Node's ES module loader.
'use strict';
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { freshBuild } = require('./cli-entry.js');

// A reader that stops early (`smtp-probe check ... | head`) closes the pipe: end quietly, as other
// command-line tools do, instead of a stack trace for EPIPE.
process.stdout.on('error', (error) => {
  if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

/** The command itself: the bundle when fresh, else the sources through tsx. */
async function run() {
  // Node 22.1+ caches compiled code between runs; older Node has no such switch.
  require('node:module').enableCompileCache?.();
  const build = freshBuild(root);
  /** @type {typeof import('../electron/cli/main.ts').main} */
  let main;
  if (build) {
    ({ main } = require('./code-cache.js').loadBundle(build.file, build.hash, args[0] ?? '').exports);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import(pathToFileURL(path.join(root, 'electron', 'cli', 'main.ts')).href));
  }
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    // Made when first read (a password from standard input): Node's stdin stream loads a dozen
    // modules that `explain` and most checks never need.
    get stdin() {
      return process.stdin;
    },
    colorDefault: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  });
  // The sandbox command keeps running until Ctrl+C; everything else ends here.
  if (code !== undefined) process.exitCode = code;
}

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
// `--version` alone, which scripts call often, is answered before the CLI and commander load
// (the same words as commander's answer: the version and a newline).
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version}\n`);
} else {
  // A failure to start (a broken install) ends as an uncaught error would: its stack, exit code 1.
  run().catch((error) => {
    process.exitCode = 1;
    throw error;
  });
}
