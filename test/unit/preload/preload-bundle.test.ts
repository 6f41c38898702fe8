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
import { EVENT_CHANNELS, INVOKE } from '../../../shared/ipc/contract.ts';

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

  it('carries the channel names only: no zod, no runtime code generation, a few KB', () => {
    // zod probes the Function constructor as soon as a schema is made, an eval the page's CSP
    // ("script-src 'self'") refuses at every launch; validation belongs to main, not the preload.
    expect(code).not.toMatch(/\$?Zod[A-Z]\w*|\bz\.object\(/);
    expect(code).not.toMatch(/new\s+Function\b|\bFunction\s*\(|\beval\s*\(/);
    for (const channel of [...Object.keys(INVOKE), ...EVENT_CHANNELS]) expect(code).toContain(JSON.stringify(channel));
    // Unminified, the names and the api come to about 3 KB; zod alone is well over 50 KB, so
    // 16 KB leaves room for new channels and catches any schema library coming back.
    expect(Buffer.byteLength(code)).toBeLessThan(16 * 1024);
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
