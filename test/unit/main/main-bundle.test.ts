/**
 * The built main process (vite.electron.config.ts, mode main): one ESM file that imports only
 * electron, Node built-ins and npm dependencies, and never loads the page over http(s) or file:
 * in production (reliability A.2). Built here into a temporary folder; Electron is never started.
 */
import { builtinModules } from 'node:module';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
let outDir: string;
let code: string;

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'main-bundle-'));
  await build({ configFile: path.join(root, 'vite.electron.config.ts'), mode: 'main', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  code = readdirSync(outDir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(path.join(outDir, file), 'utf8'))
    .join('\n');
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('out/main/index.js', () => {
  it('imports only electron, Node built-ins and package dependencies', () => {
    const specifiers = [...code.matchAll(/^import\s[^'"]*?["']([^"']+)["']/gm)].map((m) => m[1]!);
    expect(specifiers).toContain('electron');
    const allowed = (id: string) =>
      id === 'electron' || id.startsWith('node:') || builtinModules.includes(id) || Object.keys(pkg.dependencies).some((dep) => id === dep || id.startsWith(`${dep}/`));
    expect(specifiers.filter((id) => !allowed(id))).toEqual([]);
  });

  it('loads app://bundle and no http(s) or file: page of its own', () => {
    expect(code).toContain('app://bundle');
    expect(code).not.toMatch(/loadURL\(\s*["'`](https?|file):/);
    expect(code).not.toMatch(/loadFile\(/);
    const withoutComments = code.replace(/\/\*[\s\S]*?\*\//g, '');
    expect(withoutComments).not.toContain('unsafe-eval');
  });
});
