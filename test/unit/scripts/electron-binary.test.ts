/** `npm start` finds Electron's binary without loading the package whose launcher would download it. */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronBinary } from '../../../scripts/electron-binary.ts';

let electronDir: string;
/** Written by the fake package's entry points if anything loads them. */
let loadedMarker: string;

beforeEach(async () => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-electron-'));
  electronDir = path.join(base, 'electron');
  loadedMarker = path.join(base, 'launcher-ran');
  await mkdir(electronDir);
  // Stand-ins for the package's launcher, which would download the binary when loaded.
  const launcher = `require('node:fs').writeFileSync(${JSON.stringify(loadedMarker)}, 'downloaded');\n`;
  await writeFile(path.join(electronDir, 'package.json'), '{"name":"electron","main":"index.js"}');
  await writeFile(path.join(electronDir, 'index.js'), launcher);
  await writeFile(path.join(electronDir, 'cli.js'), launcher);
});
afterEach(async () => {
  await rm(path.dirname(electronDir), { recursive: true, force: true });
});

describe('electronBinary', () => {
  it('is undefined when the binary was never downloaded (no path.txt), and loads nothing', () => {
    expect(electronBinary(electronDir)).toBeUndefined();
    expect(existsSync(loadedMarker)).toBe(false);
  });

  it.each([['an empty path.txt', ''], ['a path.txt naming a missing file', 'electron']])('is undefined with %s', async (_what, named) => {
    await writeFile(path.join(electronDir, 'path.txt'), named);
    expect(electronBinary(electronDir)).toBeUndefined();
    expect(existsSync(loadedMarker)).toBe(false);
  });

  it('gives the executable path.txt names under dist/, without running the launcher', async () => {
    await writeFile(path.join(electronDir, 'path.txt'), 'electron\n');
    await mkdir(path.join(electronDir, 'dist'));
    await writeFile(path.join(electronDir, 'dist', 'electron'), '');
    expect(electronBinary(electronDir)).toBe(path.join(electronDir, 'dist', 'electron'));
    expect(existsSync(loadedMarker)).toBe(false);
  });
});

describe('npm start never loads the electron package', () => {
  it.each(['scripts/start.ts', 'scripts/electron-binary.ts'])('ESLint refuses an electron import in %s', async (filePath) => {
    const [result] = await new ESLint().lintText("import electron from 'electron';\nimport 'electron/cli.js';\nvoid electron;\n", { filePath });
    expect(result?.messages.filter((m) => m.ruleId === 'no-restricted-imports')).toHaveLength(2);
    // The first lint builds the typed-lint program of the whole project: tens of seconds on a busy 2-core machine.
  }, 120_000);
});
