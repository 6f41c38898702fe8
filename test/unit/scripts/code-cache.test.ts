/**
 * bin/code-cache.js: the CommonJS bundle through vm.Script with V8's code cache. Each case runs a
 * child Node process (the cache is written when a process exits) on a small CommonJS file.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { cacheName } from '../../../bin/code-cache.js';

const loader = pathToFileURL(path.resolve('bin/code-cache.js')).href;
let work: string;
let bundle: string;
let dir: string;

// Enough functions that V8's cache for it is not trivially small.
const source = (answer: number) =>
  `${Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n')}\nexports.answer = () => f0(${answer});\nexports.file = __filename;\n`;

/** Loads the bundle in a child process; returns what it printed: the cache state and the export's answer. */
function load(env: Record<string, string> = { SMTP_PROBE_CODE_CACHE_DIR: dir }, hash: string | null = 'aaaaaaaaaaaaaaaa', execArgv: string[] = []) {
  const script = `const { cacheName, loadBundle } = await import(${JSON.stringify(loader)});
if (process.env.PRINT_NAME) { console.log(cacheName('aaaaaaaaaaaaaaaa', 'check')); process.exit(); }
const { exports, cache } = loadBundle(${JSON.stringify(bundle)}, ${JSON.stringify(hash ?? undefined)}, 'check');
console.log(cache, exports.answer(), exports.file === ${JSON.stringify(bundle)});`;
  const run = spawnSync(process.execPath, [...execArgv, '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(run.stderr).toBe('');
  return run.stdout.trim();
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
