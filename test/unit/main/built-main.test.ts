/**
 * The shipped main bundle boots and answers IPC: out/main/index.js is built here, then run under
 * plain Node in a child process where `electron` resolves to a fake module (fixtures/), with the
 * real service handler table behind it and a temporary userData folder. Electron is never started.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE } from '../../../shared/ipc/contract.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
let bundleDir: string;
let userData: string;
let outcome: Record<string, unknown> & {
  info: { ok: boolean; value: { host: string; canStorePasswords: boolean; version: string } };
  profiles: { ok: boolean; value: { name: string }[] };
  refused: { ok: boolean; error: { code: string } };
  invalid: { ok: boolean; error: { code: string; field?: string } };
};

beforeAll(async () => {
  // Inside the project so the bundle's npm imports (zod, nodemailer, ...) resolve from node_modules.
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  bundleDir = mkdtempSync(path.join(root, '.tmp', 'built-main-'));
  userData = mkdtempSync(path.join(os.tmpdir(), 'built-main-userdata-'));
  await build({ configFile: path.join(root, 'vite.electron.config.ts'), mode: 'main', logLevel: 'silent', build: { outDir: bundleDir, emptyOutDir: true } });
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(here, 'fixtures', 'run-built-main.mjs'), path.join(bundleDir, 'index.js')], {
    env: { ...process.env, FAKE_USER_DATA: userData },
    timeout: 60_000,
  });
  outcome = JSON.parse(stdout.trim().split('\n').at(-1)!);
}, 120_000);

afterAll(() => {
  rmSync(bundleDir, { recursive: true, force: true });
  rmSync(userData, { recursive: true, force: true });
});

/** The import specifiers of a built file that are loaded before it runs (not import()). */
const staticImports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^import\b[^;]*?\bfrom\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm)].map((m) => (m[1] ?? m[2])!);

/** Everything loaded before the entry runs: its static imports, and theirs within the bundle. */
function loadedAtStart(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const id of staticImports(file)) {
      if (id.startsWith('.')) visit(path.resolve(path.dirname(file), id));
      else packages.add(id);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => path.relative(bundleDir, f)), packages: [...packages] };
}

describe('the built main process under a fake electron', () => {
  it("starts without the built-in test server's modules: smtp-server and selfsigned load when it first starts", () => {
    const entry = staticImports(path.join(bundleDir, 'index.js'));
    expect(entry).not.toContain('smtp-server');
    expect(entry).not.toContain('selfsigned');
    const chunks = readdirSync(path.join(bundleDir, 'chunks')).filter((f) => f.endsWith('.js'));
    expect(chunks.flatMap((f) => staticImports(path.join(bundleDir, 'chunks', f)))).toEqual(expect.arrayContaining(['smtp-server', 'selfsigned']));
  });

  it('opens the window without zod, the schemas, the engine or the stores: the service and the IPC gate are chunks loaded after', () => {
    const start = loadedAtStart(path.join(bundleDir, 'index.js'));
    // Only electron and Node's own modules: no npm package at all before the window opens.
    expect(start.packages.filter((id) => id !== 'electron' && !id.startsWith('node:'))).toEqual([]);
    const startText = start.files.map((f) => readFileSync(path.join(bundleDir, f), 'utf8')).join('\n');
    // A function or class definition as esbuild writes it (a class may become `var Name = class`).
    const defined = (text: string, name: string) => new RegExp(`\\b(function|class)\\s+${name}\\b|\\b${name} = class\\b`).test(text);
    const later = ['createServiceHandlers', 'runCheck', 'ProfilesStore', 'RunsStore', 'dispatchInvoke'];
    expect(later.filter((name) => defined(startText, name))).toEqual([]);
    // They are still in the bundle, behind import(): the service, the gate and zod (bundled, vite.electron.config.ts).
    const chunks = readdirSync(path.join(bundleDir, 'chunks')).filter((f) => f.endsWith('.js'));
    const lazy = chunks.filter((f) => !start.files.includes(path.join('chunks', f)));
    const lazyText = lazy.map((f) => readFileSync(path.join(bundleDir, 'chunks', f), 'utf8')).join('\n');
    expect(startText).not.toContain('$constructor("ZodObject"');
    expect(lazyText).toContain('$constructor("ZodObject"');
    expect(later.filter((name) => !defined(lazyText, name))).toEqual([]);
  });

  it('registers every contract channel and opens one locked window on app://bundle', () => {
    expect(outcome.errors).toEqual([]);
    expect(outcome.channels).toBe(Object.keys(INVOKE).length);
    expect(outcome.loaded).toEqual(['app://bundle/index.html']);
    expect(outcome.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });

  it('answers app/info from the real service as the desktop host', () => {
    expect(outcome.info.ok).toBe(true);
    expect(outcome.info.value.host).toBe('electron');
    expect(outcome.info.value.version).toMatch(/^\d+\.\d+\.\d+/);
    // The fake safeStorage has only the basic_text fallback: no password may be stored.
    expect(outcome.info.value.canStorePasswords).toBe(false);
  });

  it('lists the profiles from the userData folder (first launch: the built-in test server profile)', () => {
    expect(outcome.profiles.ok).toBe(true);
    expect(outcome.profiles.value.length).toBeGreaterThan(0);
  });

  it('refuses a foreign page and a malformed payload', () => {
    expect(outcome.refused).toMatchObject({ ok: false, error: { code: 'EFORBIDDEN' } });
    expect(outcome.invalid).toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'id' } });
  });

  it('serves app:// with the CSP and quits after disposing the service', () => {
    expect(outcome.pageCsp).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(outcome.quitCalls).toBe(1);
  });
});
