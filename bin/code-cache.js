// Runs the CommonJS bundle through vm.Script with V8's code cache, so later starts skip most of
// compiling it (Node 20 has no module.enableCompileCache). The cache can only make a start faster:
// a missing, stale, corrupt or rejected cache, or a folder that cannot be written, means a plain compile.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/**
 * The cache folder: SMTP_PROBE_CODE_CACHE_DIR, or a folder of this user's own in the temp folder.
 * A folder another user could write to is not used: the cache holds code V8 would run.
 * @returns {string | undefined}
 */
export function cacheDir() {
  const dir = process.env.SMTP_PROBE_CODE_CACHE_DIR ?? path.join(os.tmpdir(), `smtp-probe-code-cache-${process.getuid?.() ?? 'user'}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stats = statSync(dir);
    if (process.getuid && stats.uid !== process.getuid()) return undefined;
    if ((stats.mode & 0o022) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * The cache file's name: the bundle's content hash, Node's version and the V8 flags this process
 * runs with (a cache made under other flags is one V8 rejects), and the command: a cache holds the
 * functions its first run compiled, so `explain`'s would do little for a session.
 * @param {string} bundleHash
 * @param {string} command
 */
export function cacheName(bundleHash, command) {
  const flags = createHash('sha256').update(`${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}`).digest('hex').slice(0, 8);
  return `cli-${bundleHash}-${process.version}-${process.arch}-${flags}-${/^[a-z]{1,20}$/.test(command) ? command : 'other'}.bin`;
}

/** @param {string} file */
function readCache(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Writes the cache next to its final name, then renames it: a reader sees the old file or the whole new one.
 * @param {string} file
 * @param {Buffer} data
 */
function writeCache(file, data) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // An unwritable folder or a full disk: the next start compiles again.
  }
}

/**
 * Loads the CommonJS bundle `file` and returns its exports. The cache is written when the process
 * exits (by then V8 has compiled the functions this command used), when there was none or V8 rejected it.
 * @param {string} file the bundle
 * @param {string | undefined} bundleHash its content hash from build-info.json; no cache without one
 * @param {string} command the command's first word (`check`, `explain`, …)
 * @returns {{ exports: any, cache: 'used' | 'rejected' | 'missing' | 'off' }}
 */
export function loadBundle(file, bundleHash, command) {
  const source = readFileSync(file, 'utf8');
  const dir = bundleHash ? cacheDir() : undefined;
  const cacheFile = dir && bundleHash ? path.join(dir, cacheName(bundleHash, command)) : undefined;
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapper, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    // The bundle's import() of an optional external package goes to Node's loader.
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cache = !cacheFile ? 'off' : !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, createRequire(file), mod, file, path.dirname(file));
  if (cacheFile && cache !== 'used') process.once('exit', () => writeCache(cacheFile, script.createCachedData()));
  return { exports: mod.exports, cache };
}
