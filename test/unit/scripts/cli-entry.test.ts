/** bin/cli-entry.js: the bundle runs only when it is at least as new as every source it lists. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { freshBundle } from '../../../bin/cli-entry.js';

let root: string;
const builtAt = Date.parse('2026-01-01T00:00:00Z');

function source(name: string, mtime: number): void {
  const file = path.join(root, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '// source\n');
  utimesSync(file, mtime / 1000, mtime / 1000);
}

function bundle(inputs: string[], withMain = true): string {
  mkdirSync(path.join(root, 'out', 'cli'), { recursive: true });
  writeFileSync(path.join(root, 'out', 'cli', 'build-info.json'), JSON.stringify({ builtAt, inputs }));
  if (withMain) writeFileSync(path.join(root, 'out', 'cli', 'main.cjs'), 'module.exports = {};\n');
  return path.join(root, 'out', 'cli', 'main.cjs');
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cli-entry-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('no build: the sources run', () => {
  expect(freshBundle(root)).toBeUndefined();
});

it('sources older than the build: the bundle runs', () => {
  source('electron/cli/main.ts', builtAt - 60_000);
  source('shared/a.ts', builtAt - 1);
  const main = bundle(['electron/cli/main.ts', 'shared/a.ts']);
  expect(freshBundle(root)).toBe(main);
});

it('one source edited after the build: the sources run, never the old build', () => {
  source('electron/cli/main.ts', builtAt - 60_000);
  source('shared/a.ts', builtAt + 1_000);
  bundle(['electron/cli/main.ts', 'shared/a.ts']);
  expect(freshBundle(root)).toBeUndefined();
});

it('an installed package without its sources: the bundle runs', () => {
  const main = bundle(['electron/cli/main.ts', 'shared/a.ts']);
  expect(freshBundle(root)).toBe(main);
});

it('build info without the bundle, or unreadable: the sources run', () => {
  bundle([], false);
  expect(freshBundle(root)).toBeUndefined();
  writeFileSync(path.join(root, 'out', 'cli', 'build-info.json'), '{not json');
  writeFileSync(path.join(root, 'out', 'cli', 'main.cjs'), 'module.exports = {};\n');
  expect(freshBundle(root)).toBeUndefined();
});
