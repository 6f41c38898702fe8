// Which file runs the CLI: the prebuilt bundle (out/cli/main.cjs, fast start) when it is at least as
// new as every source it was built from, otherwise the TypeScript sources through tsx, so an edited
// checkout never runs an old build.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The bundle's path when it may be used, or undefined when it is missing or older than a source.
 * A source that is absent (a package installed without its sources) cannot be newer.
 * @param {string} root the package root
 * @returns {string | undefined}
 */
export function freshBundle(root) {
  /** @type {{ builtAt: number, inputs: string[] }} */
  let info;
  try {
    info = JSON.parse(readFileSync(path.join(root, 'out', 'cli', 'build-info.json'), 'utf8'));
  } catch {
    return undefined;
  }
  for (const input of info.inputs) {
    const stats = statSync(path.join(root, input), { throwIfNoEntry: false });
    if (stats && stats.mtimeMs > info.builtAt) return undefined;
  }
  const bundle = path.join(root, 'out', 'cli', 'main.cjs');
  return statSync(bundle, { throwIfNoEntry: false }) ? bundle : undefined;
}

/**
 * The bundle's content hash from build-info.json (the code cache's key), or undefined.
 * @param {string} root the package root
 * @returns {string | undefined}
 */
export function bundleHash(root) {
  try {
    const { hash } = JSON.parse(readFileSync(path.join(root, 'out', 'cli', 'build-info.json'), 'utf8'));
    return typeof hash === 'string' && /^[0-9a-f]{16}$/.test(hash) ? hash : undefined;
  } catch {
    return undefined;
  }
}
