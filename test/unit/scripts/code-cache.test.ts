/**
 * bin/code-cache.js: the CommonJS bundle through vm.Script with V8's code cache. Each case runs a
 * child Node process (the cache is written when a process exits) on a small CommonJS file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheName, pruneCache } from '../../../bin/code-cache.js';

const loader = pathToFileURL(path.resolve('bin/code-cache.js')).href;
let work: string;
let bundle: string;
let dir: string;

// Enough functions that V8's cache for it is not trivially small.
const source = (answer: number) =>
  `${Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n')}\nexports.answer = () => f0(${answer});\nexports.file = __filename;\n`;

const HASH = 'aaaaaaaaaaaaaaaa';

/**
 * The child's arguments: it loads the bundle with the hash in BUNDLE_HASH and prints the cache state
 * and the export's answer. The script is part of the flags the cache's name holds: one script for every hash.
 */
function loadArgs(execArgv: string[]) {
  const script = `const { cacheName, loadBundle } = await import(${JSON.stringify(loader)});
if (process.env.PRINT_NAME) { console.log(cacheName(${JSON.stringify(HASH)}, 'check')); process.exit(); }
const { exports, cache } = loadBundle(${JSON.stringify(bundle)}, process.env.BUNDLE_HASH || undefined, 'check');
console.log(cache, exports.answer(), exports.file === ${JSON.stringify(bundle)});`;
  return [...execArgv, '--input-type=module', '-e', script];
}

/** Loads the bundle in a child process; returns what it printed: the cache state and the export's answer. */
function load(env: Record<string, string> = { SMTP_PROBE_CODE_CACHE_DIR: dir }, hash: string | null = HASH, execArgv: string[] = []) {
  const run = spawnSync(process.execPath, loadArgs(execArgv), { encoding: 'utf8', env: { ...process.env, BUNDLE_HASH: hash ?? '', ...env } });
  expect(run.stderr).toBe('');
  return run.stdout.trim();
}

/** load(), while other children run: resolves with what it printed, and what it wrote to stderr. */
function loadConcurrently(hash: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, loadArgs([]), { env: { ...process.env, SMTP_PROBE_CODE_CACHE_DIR: dir, BUNDLE_HASH: hash }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', () => resolve({ stdout: stdout.trim(), stderr }));
  });
}

/** The cache file's name as the child process (its own flags) makes it. */
const childCacheName = () => load({ PRINT_NAME: '1' });

const cacheFiles = () => readdirSync(dir).filter((f) => f.endsWith('.bin'));

beforeEach(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
  bundle = path.join(work, 'main.cjs');
  writeFileSync(bundle, source(42));
  dir = path.join(work, 'cache');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

it('the first run writes the cache (its folder private), the next uses it', () => {
  expect(load()).toBe('missing 42 true');
  expect(cacheFiles()).toEqual([childCacheName()]);
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  expect(load()).toBe('used 42 true');
});

it('a corrupt cache file is rejected, the bundle still runs, and the cache is written anew', () => {
  load();
  const file = path.join(dir, cacheFiles()[0] as string);
  writeFileSync(file, Buffer.from('not a V8 code cache at all, just some bytes'.repeat(20)));
  expect(load()).toBe('rejected 42 true');
  expect(load()).toBe('used 42 true');
});

it('a cache made for other code under the same name is rejected, and the new code runs', () => {
  load();
  writeFileSync(bundle, source(7));
  expect(load()).toBe('rejected 7 true');
  expect(load()).toBe('used 7 true');
});

it('the name holds the bundle hash, the Node version, the V8 flags and the command', () => {
  const name = cacheName('0123456789abcdef', 'explain');
  expect(name).toContain('0123456789abcdef');
  expect(name).toContain(`-${process.version}-`);
  expect(name.endsWith('-explain.bin')).toBe(true);
  expect(cacheName('0123456789abcdef', 'check')).not.toBe(name);
  expect(cacheName('0123456789abcdef', '../x')).toMatch(/-other\.bin$/);
  // Another set of V8 flags is another file: the first cache is not read.
  load();
  expect(load(undefined, undefined, ['--max-old-space-size=200'])).toBe('missing 42 true');
  expect(cacheFiles()).toHaveLength(2);
});

it('no hash, or a folder that cannot be made, or one others may write to: no cache, the bundle runs', () => {
  expect(load(undefined, null)).toBe('off 42 true');
  const blocker = path.join(work, 'a-file');
  writeFileSync(blocker, '');
  expect(load({ SMTP_PROBE_CODE_CACHE_DIR: path.join(blocker, 'cache') })).toBe('off 42 true');
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  expect(load()).toBe('off 42 true');
  expect(cacheFiles()).toEqual([]);
});

it('a folder the cache cannot be written to: the run still ends normally', () => {
  mkdirSync(dir, { mode: 0o700 });
  // A folder at the cache file's own name: the rename fails.
  mkdirSync(path.join(dir, childCacheName()));
  expect(load()).toBe('missing 42 true');
  expect(load()).toBe('missing 42 true');
});

it("a command's file next to the bundle (require('./part.cjs')) goes through the cache too, with a cache file of its own, and runs once", () => {
  writeFileSync(path.join(work, 'part.cjs'), `${source(5)}exports.runs = (globalThis.partRuns = (globalThis.partRuns ?? 0) + 1);\n`);
  writeFileSync(bundle, `${source(42)}const a = require('./part.cjs'); const b = require('./part.cjs');\nexports.answer = () => a.answer() * 10 + (a === b ? a.runs : 0);\n`);
  // The part's answer (5) and how often it ran (1), through the bundle's export.
  expect(load()).toBe('missing 51 true');
  expect(cacheFiles().sort()).toEqual([childCacheName(), childCacheName().replace('-main-', '-part-')].sort());
  expect(load()).toBe('used 51 true');
  // A bare name stays Node's: a built-in module comes through as Node's require gives it.
  writeFileSync(bundle, `exports.answer = () => require('node:path').sep.length; exports.file = __filename;\n`);
  expect(load()).toBe('rejected 1 true');
});

describe('pruning the folder', () => {
  const minutes = (n: number) => Date.now() - n * 60_000;
  /** Writes a file in the cache folder with the given modification time; returns its name. */
  const plant = (name: string, mtime = Date.now()) => {
    writeFileSync(path.join(dir, name), 'x');
    utimesSync(path.join(dir, name), mtime / 1000, mtime / 1000);
    return name;
  };
  const named = (hash: string, part: string, command: string, flags = '050c5d1f', node = process.version) => `cli-${hash}-${part}-${node}-x64-${flags}-${command}.bin`;
  const own = '1111111111111111';
  const newer = '2222222222222222';
  const older = '3333333333333333';
  const oldest = '4444444444444444';

  beforeEach(() => mkdirSync(dir, { mode: 0o700 }));

  it("keeps every file of the running build and of the other build that wrote last; removes older builds' files and stale temporaries", () => {
    // The running build's files are old, for another Node and other flags: kept all the same.
    const kept = [
      plant(named(own, 'main', 'check'), minutes(60 * 24 * 30)),
      plant(named(own, 'check', 'check', 'deadbeef', 'v18.20.4'), minutes(60 * 24 * 30)),
      plant(named(own, 'explain', 'explain'), minutes(5)),
      // A build's age is its newest file's: this one wrote a cache a minute ago.
      plant(named(newer, 'main', 'explain'), minutes(60 * 24 * 30)),
      plant(named(newer, 'check', 'check'), minutes(1)),
      // A temporary being written right now by a process of an old build.
      plant(`${named(oldest, 'main', 'check')}.4242.tmp`, minutes(1)),
    ];
    const removed = [
      plant(named(older, 'main', 'check'), minutes(30)),
      plant(named(older, 'check', 'check'), minutes(30)),
      // The older name form, without the part.
      plant(`cli-${oldest}-${process.version}-x64-6e340b9c-check.bin`, minutes(60)),
      // A temporary of a process that died before renaming it, of this build too.
      plant(`${named(own, 'main', 'check')}.4243.tmp`, minutes(11)),
    ];
    pruneCache(dir, own);
    expect(readdirSync(dir).sort()).toEqual(kept.sort());
    for (const name of removed) expect(existsSync(path.join(dir, name)), name).toBe(false);
  });

  it('touches nothing whose name is not of its own form, nor folders or links under such names', () => {
    const outside = path.join(work, 'outside.bin');
    writeFileSync(outside, 'not ours');
    const foreign = [
      plant('notes.txt', minutes(60 * 24)),
      plant(`${named(older, 'main', 'check')}.bak`, minutes(60 * 24)),
      plant(`cli-${older.slice(0, 8)}-main-${process.version}-x64-050c5d1f-check.bin`, minutes(60 * 24)),
      plant(`other-${named(older, 'main', 'check')}`, minutes(60 * 24)),
      plant(`${named(older, 'main', 'check')}.1.tmp.x`, minutes(60 * 24)),
    ];
    mkdirSync(path.join(dir, named(older, 'check', 'check')));
    symlinkSync(outside, path.join(dir, named(older, 'explain', 'explain')));
    plant(named(newer, 'main', 'check'));
    pruneCache(dir, own);
    expect(readdirSync(dir).sort()).toEqual([...foreign, named(older, 'check', 'check'), named(older, 'explain', 'explain'), named(newer, 'main', 'check')].sort());
    expect(existsSync(outside)).toBe(true);
  });

  it('a folder that cannot be listed: nothing happens', () => {
    expect(() => pruneCache(path.join(dir, 'missing'), own)).not.toThrow();
  });

  it('a start that writes a cache prunes the folder at exit; a start with a warm cache does not even list it', () => {
    const stale = named(older, 'main', 'check');
    plant(stale, minutes(60));
    plant(named(newer, 'main', 'check'), minutes(1));
    expect(load()).toBe('missing 42 true');
    expect(readdirSync(dir).sort()).toEqual([childCacheName(), named(newer, 'main', 'check')].sort());
    plant(stale, minutes(60));
    expect(load()).toBe('used 42 true');
    expect(readdirSync(dir)).toContain(stale);
  });

  it('processes of two builds starting and writing at once: every start runs, each build ends with one whole cache, an older build none, and no temporaries', async () => {
    const other = 'bbbbbbbbbbbbbbbb';
    plant(named(older, 'main', 'check'), minutes(60));
    const runs = await Promise.all([HASH, other, HASH, other, HASH, other, HASH, other].map((hash) => loadConcurrently(hash)));
    for (const run of runs) {
      expect(run.stderr).toBe('');
      // A child that started after another one's exit reads its cache.
      expect(run.stdout).toMatch(/^(missing|used) 42 true$/);
    }
    expect(readdirSync(dir).sort()).toEqual([childCacheName(), childCacheName().replace(HASH, other)].sort());
    expect(load()).toBe('used 42 true');
    expect(load(undefined, other)).toBe('used 42 true');
  });
});
