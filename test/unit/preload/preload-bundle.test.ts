/**
 * The built preload works where it runs: a sandboxed renderer, whose preload can `require` only
 * `electron` (and a few polyfills). The bundle is built here (vite.electron.config.ts, mode preload)
 * and executed in a bare VM context whose require knows nothing but a fake `electron`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let outDir: string;
let code: string;

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'preload-bundle-'));
  await build({ configFile: path.join(root, 'vite.electron.config.ts'), mode: 'preload', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  code = readFileSync(path.join(outDir, 'index.cjs'), 'utf8');
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('out/preload/index.cjs', () => {
  it('is one CommonJS file whose only require is electron', () => {
    const requires = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/^\s*import\s/m);
  });

  it('runs with only electron available and exposes window.api = { invoke, on }', () => {
    const exposed: [string, Record<string, unknown>][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: Record<string, unknown>) => exposed.push([key, value]) },
      ipcRenderer: { invoke: async () => ({ ok: true, value: 1 }), on: () => undefined, removeListener: () => undefined },
    };
    const sandboxRequire = (id: string): unknown => {
      if (id === 'electron') return electron;
      throw new Error(`module not found in the sandboxed preload: ${id}`);
    };
    const module = { exports: {} };
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console }, { filename: 'index.cjs' });
    expect(exposed.map(([key]) => key)).toEqual(['api']);
    expect(Object.keys(exposed[0]![1]).sort()).toEqual(['invoke', 'on']);
  });
});
