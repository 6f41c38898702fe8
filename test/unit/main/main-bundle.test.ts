/**
 * The built main process (vite.electron.config.ts, mode main): one ESM file that imports only
 * electron, Node built-ins and npm dependencies, and never loads the page over http(s) or file:
 * in production (reliability A.2). Built here into a temporary folder; Electron is never started.
 */
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
let outDir: string;
let code: string;
/** Each built file with the import specifiers it names. */
let imports: { file: string; specifiers: string[] }[];

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'main-bundle-'));
  await build({ configFile: path.join(root, 'vite.electron.config.ts'), mode: 'main', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const files = readdirSync(outDir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ file, text: readFileSync(path.join(outDir, file), 'utf8') }));
  code = files.map((f) => f.text).join('\n');
  imports = files.map(({ file, text }) => ({ file, specifiers: [...text.matchAll(/^import\s[^'"]*?["']([^"']+)["']/gm)].map((m) => m[1]!) }));
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('out/main/index.js', () => {
  it('imports only electron, Node built-ins and package dependencies', () => {
    expect(imports.flatMap((f) => f.specifiers)).toContain('electron');
    // A lazy chunk (the built-in test server) imports the bundle's own files, never one outside it.
    const inBundle = (file: string, id: string) => id.startsWith('.') && existsSync(path.join(outDir, path.dirname(file), id)) && !path.relative(outDir, path.join(outDir, path.dirname(file), id)).startsWith('..');
    const allowed = (file: string, id: string) =>
      id === 'electron' || id.startsWith('node:') || builtinModules.includes(id) || Object.keys(pkg.dependencies).some((dep) => id === dep || id.startsWith(`${dep}/`)) || inBundle(file, id);
    expect(imports.flatMap(({ file, specifiers }) => specifiers.filter((id) => !allowed(file, id)).map((id) => `${file}: ${id}`))).toEqual([]);
  });

  it('loads app://bundle and no http(s) or file: page of its own', () => {
    expect(code).toContain('app://bundle');
    expect(code).not.toMatch(/loadURL\(\s*["'`](https?|file):/);
    expect(code).not.toMatch(/loadFile\(/);
    const withoutComments = code.replace(/\/\*[\s\S]*?\*\//g, '');
    expect(withoutComments).not.toContain('unsafe-eval');
  });
});
