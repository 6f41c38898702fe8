/**
 * Builds what the e2e tests serve, once per run: the real renderer (through the repository's
 * `build:renderer` script, into a temporary folder so a developer's out/renderer is left alone)
 * and the api.ts fixture page. The folders reach the tests through `inject()`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export default async function setup(project: TestProject): Promise<() => void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-e2e-build-'));
  const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};

  let rendererDir = '';
  if (scripts['build:renderer']) {
    rendererDir = path.join(tmp, 'renderer');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const built = spawnSync(npm, ['run', 'build:renderer', '--', '--outDir', rendererDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });
    if (built.status !== 0) throw new Error(`npm run build:renderer failed:\n${built.stdout}\n${built.stderr}`);
  } else {
    console.warn('[e2e] no build:renderer script: only the bridge tests run');
  }

  const apiPageDir = path.join(tmp, 'api-page');
  await build({
    configFile: false,
    root: path.join(root, 'test', 'e2e', 'fixtures', 'api-page'),
    base: './',
    logLevel: 'warn',
    build: { outDir: apiPageDir, emptyOutDir: true, assetsInlineLimit: 0, modulePreload: { polyfill: false }, target: 'es2022' },
  });

  project.provide('rendererDir', rendererDir);
  project.provide('apiPageDir', apiPageDir);
  return () => rmSync(tmp, { recursive: true, force: true });
}
