// Runs the CommonJS bundle through vm.Script with V8's code cache, so later starts skip most of
// compiling it (Node 20 has no module.enableCompileCache); a command's own file (out/cli/check.cjs,
// required by main.cjs when the command runs) goes through it too, with a cache of its own. The cache
// can only make a start faster: a missing, stale, corrupt or rejected cache, or a folder that cannot
// be written, means a plain compile. A process that writes a cache also prunes the folder (pruneCache).
'use strict';
const { createRequire } = require('node:module');
const { lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

/**
 * The cache folder: SMTP_PROBE_CODE_CACHE_DIR, or a folder of this user's own in the temp folder.
 * A folder another user could write to is not used: the cache holds code V8 would run.
 * @returns {string | undefined}
 */
function cacheDir() {
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

const word = /^[a-z]{1,20}$/;

/**
 * FNV-1a, 32 bits, as 8 hex digits: names a set of flags. Not node:crypto, whose loading costs
 * `explain` (which needs no crypto) ~10 ms; a collision only means a cache V8 rejects.
 * @param {string} text
 */
function shortHash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The cache file's name: the bundle's content hash and file, Node's version and the V8 flags this
 * process runs with (a cache made under other flags is one V8 rejects), and the command: a cache
 * holds the functions its first run compiled, so `explain`'s would do little for a session.
 * @param {string} bundleHash
 * @param {string} command
 * @param {string} [part] the bundle's file without .cjs (main, check, …)
 */
function cacheName(bundleHash, command, part = 'main') {
  const flags = shortHash(`${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}`);
  return `cli-${bundleHash}-${word.test(part) ? part : 'other'}-${process.version}-${process.arch}-${flags}-${word.test(command) ? command : 'other'}.bin`;
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
 * The names this file gives its cache files (cacheName, and the older form without the part) and
 * their temporaries (writeCache); the bundle hash is the first group. Nothing else in the folder is touched.
 */
const ourFile = /^cli-([0-9a-f]{16})-(?:[a-z]{1,20}-)?v\d[\w.-]*-\w+-[0-9a-f]{8}-[a-z]{1,20}\.bin(\.\d+\.tmp)?$/;

/** Builds other than the running one whose cache files are kept: with two installs used side by side, neither loses its cache. */
const OTHER_BUILDS_KEPT = 1;

/** A temporary older than this was left by a process that died between writing and renaming it. */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/** @param {string} file */
function remove(file) {
  try {
    unlinkSync(file);
  } catch {
    // Gone already (another process pruned it), or not ours to remove: nothing to do.
  }
}

/**
 * Keeps the cache folder small. Every cache file of the running build (`ownHash`) stays, whatever its
 * Node version, flags or command: another process of this build may need it. Of the other builds,
 * the OTHER_BUILDS_KEPT that wrote a cache last keep theirs (a build's age is its newest file's);
 * older builds' files, and stale temporaries, are removed. Only names of ourFile's form are
 * touched, and only files (not folders or links). Runs only after a cache was written, at exit: a
 * start with a warm cache never lists the folder.
 * @param {string} dir
 * @param {string} ownHash
 * @param {number} [now]
 */
function pruneCache(dir, ownHash, now = Date.now()) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  /** @type {Map<string, { newest: number, files: string[] }>} */
  const builds = new Map();
  for (const name of names) {
    const match = ourFile.exec(name);
    if (!match) continue;
    const file = path.join(dir, name);
    let stats;
    try {
      stats = lstatSync(file);
    } catch {
      continue;
    }
    if (!stats.isFile()) continue;
    if (match[2]) {
      if (now - stats.mtimeMs > STALE_TEMPORARY_MS) remove(file);
    } else if (match[1] !== ownHash) {
      const build = builds.get(/** @type {string} */ (match[1])) ?? { newest: 0, files: [] };
      build.newest = Math.max(build.newest, stats.mtimeMs);
      build.files.push(file);
      builds.set(/** @type {string} */ (match[1]), build);
    }
  }
  const older = [...builds.values()].sort((a, b) => b.newest - a.newest).slice(OTHER_BUILDS_KEPT);
  for (const build of older) for (const file of build.files) remove(file);
}

/** Whether this process pruned the folder already: once is enough, however many files it writes. */
let pruned = false;

/** The command files loaded so far, by path: each runs once, as require() would. */
const loaded = new Map();

/**
 * The `require` the bundle's code gets: a command's file next to it (`./check.cjs`) through the code
 * cache, anything else as Node's require would.
 * @param {string} file
 * @param {string | undefined} bundleHash
 * @param {string} command
 */
function bundleRequire(file, bundleHash, command) {
  const plain = createRequire(file);
  /** @param {string} id */
  const require = (id) => {
    if (!/^\.\/[a-z]{1,20}\.cjs$/.test(id)) return plain(id);
    const chunk = path.join(path.dirname(file), id);
    if (!loaded.has(chunk)) loaded.set(chunk, loadBundle(chunk, bundleHash, command).exports);
    return loaded.get(chunk);
  };
  return Object.assign(require, plain);
}

/**
 * Compiles `file` with the cache in `cacheFile`, if any. Its own function so the source as read and
 * the cache's bytes (~1 MB each for a check) are garbage before the bundle runs, not held on the
 * stack while it does, which would carry them into the old generation for the rest of the process.
 * @param {string} file
 * @param {string | undefined} cacheFile
 */
function compile(file, cacheFile) {
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    // Only for a cold compile: code from the cache loses this callback, so the build leaves no import()
    // in the bundle (scripts/build-cli.mjs turns them into require()).
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  /** @type {'used' | 'rejected' | 'missing' | 'off'} */
  const cache = !cacheFile ? 'off' : !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  return { script, cache };
}

/**
 * Loads the CommonJS bundle `file` and returns its exports. The cache is written when the process
 * exits (by then V8 has compiled the functions this command used), when there was none or V8 rejected
 * it; the folder is pruned then too.
 * @param {string} file the bundle
 * @param {string | undefined} bundleHash its content hash from build-info.json; no cache without one
 * @param {string} command the command's first word (`check`, `explain`, …)
 * @returns {{ exports: any, cache: 'used' | 'rejected' | 'missing' | 'off' }}
 */
function loadBundle(file, bundleHash, command) {
  const dir = bundleHash ? cacheDir() : undefined;
  const cacheFile = dir && bundleHash ? path.join(dir, cacheName(bundleHash, command, path.basename(file, '.cjs'))) : undefined;
  const { script, cache } = compile(file, cacheFile);
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, bundleRequire(file, bundleHash, command), mod, file, path.dirname(file));
  if (dir && bundleHash && cacheFile && cache !== 'used') {
    process.once('exit', () => {
      writeCache(cacheFile, script.createCachedData());
      if (!pruned) pruneCache(dir, bundleHash);
      pruned = true;
    });
  }
  return { exports: mod.exports, cache };
}

module.exports = { cacheDir, cacheName, loadBundle, pruneCache };
