// Which file runs the CLI: the prebuilt bundle (out/cli/main.cjs, fast start) when it is at least as
// new as every source it was built from, otherwise the TypeScript sources through tsx, so an edited
// checkout never runs an old build.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const path = require('node:path');

/**
 * The bundle and its content hash (the code cache's key) when it may be used, or undefined when it
 * is missing or older than a source; build-info.json is read once for both.
 * A source that is absent (a package installed without its sources) cannot be newer.
 * @param {string} root the package root
 * @returns {{ file: string, hash: string | undefined } | undefined}
 */
function freshBuild(root) {
  /** @type {{ builtAt: number, inputs: string[], hash?: unknown }} */
  let info;
  try {
    info = JSON.parse(readFileSync(path.join(root, 'out', 'cli', 'build-info.json'), 'utf8'));
  } catch {
    return undefined;
  }
  // Joined by hand: path.join's normalization, called ~170 times here, was hot enough for V8 to
  // optimize it on a compiler thread at every start (~30 ms of CPU and ~4 MiB of memory). The
  // inputs are clean relative paths with forward slashes, which every platform's fs takes.
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  for (const input of info.inputs) {
    const stats = statSync(prefix + input, { throwIfNoEntry: false });
    if (stats && stats.mtimeMs > info.builtAt) return undefined;
  }
  const file = path.join(root, 'out', 'cli', 'main.cjs');
  if (!statSync(file, { throwIfNoEntry: false })) return undefined;
  const hash = typeof info.hash === 'string' && /^[0-9a-f]{16}$/.test(info.hash) ? info.hash : undefined;
  return { file, hash };
}

/**
 * The bundle's path when it may be used (see freshBuild).
 * @param {string} root the package root
 * @returns {string | undefined}
 */
function freshBundle(root) {
  return freshBuild(root)?.file;
}

module.exports = { freshBuild, freshBundle };
