// Which file runs the CLI: the prebuilt bundle (out/cli/main.js, fast start) when it is at least as
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
  const bundle = path.join(root, 'out', 'cli', 'main.js');
  return statSync(bundle, { throwIfNoEntry: false }) ? bundle : undefined;
}
