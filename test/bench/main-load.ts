/**
 * How fast the Electron main bundle starts, under plain Node with the tests' fake `electron` (the
 * real window cannot start here): out/main/index.js built by vite.electron.config.ts, imported
 * in a fresh process (main-load-driver.mjs) with a fresh userData folder, timed from the import
 * to the window being asked to load its page (IPC and app:// registered by then), and to the answer
 * of the page's first call (app/info), which waits for the service the window does not.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'vite';
import type { BenchResult } from './micro.ts';
import { median } from './rtt.ts';

const ROUNDS = 11;
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

interface Sample {
  importStart: number;
  imported: number;
  windowAt: number;
  cpuMs: number;
  answeredAt: number;
  answerCpuMs: number;
  errors: unknown[];
}

export async function benchMainLoad(): Promise<BenchResult[]> {
  // Inside the project, so the bundle's npm imports resolve from node_modules as in the app.
  mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const bundleDir = mkdtempSync(path.join(root, '.tmp', 'bench-main-'));
  const samples: Sample[] = [];
  try {
    await build({ configFile: path.join(root, 'vite.electron.config.ts'), mode: 'main', logLevel: 'silent', build: { outDir: bundleDir, emptyOutDir: true } });
    for (let round = 0; round <= ROUNDS; round++) {
      const userData = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-bench-main-'));
      try {
        const { stdout } = await promisify(execFile)(process.execPath, [path.join(here, 'main-load-driver.mjs'), path.join(bundleDir, 'index.js')], { env: { ...process.env, FAKE_USER_DATA: userData }, timeout: 60_000 });
        const sample = JSON.parse(stdout.trim().split('\n').at(-1)!) as Sample;
        if (sample.errors.length > 0) throw new Error(`the main bundle reported errors: ${JSON.stringify(sample.errors)}`);
        // The first round warms the disk cache only.
        if (round > 0) samples.push(sample);
      } finally {
        rmSync(userData, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(bundleDir, { recursive: true, force: true });
  }
  return [
    { name: 'Electron main bundle: import until the window loads, median', value: median(samples.map((s) => s.windowAt - s.importStart)), unit: 'ms', note: `out/main/index.js under Node with the tests' fake electron, a fresh process and userData folder each time (first launch), from import() to BrowserWindow.loadURL; median of ${ROUNDS}` },
    { name: 'Electron main bundle: import alone, median', value: median(samples.map((s) => s.imported - s.importStart)), unit: 'ms', note: 'same runs: evaluating the bundle and its npm dependencies' },
    { name: 'Electron main bundle: process start until the window loads, median', value: median(samples.map((s) => s.windowAt)), unit: 'ms', note: 'same runs, counted from the Node process start (Node itself included)' },
    { name: 'Electron main bundle: CPU time until the window loads, median', value: median(samples.map((s) => s.cpuMs)), unit: 'ms', note: `same runs, user + system CPU of the process (Node itself included): steadier than wall time on a busy machine (load average ${os.loadavg()[0]!.toFixed(1)} at the end)` },
    { name: "Electron main bundle: import until the page's first call is answered, median", value: median(samples.map((s) => s.answeredAt - s.importStart)), unit: 'ms', note: 'same runs: app/info through IPC right after the window was asked to load (the service, zod and the schemas load meanwhile; a real page asks only once it has loaded)' },
    { name: "Electron main bundle: CPU time until the page's first call is answered, median", value: median(samples.map((s) => s.answerCpuMs)), unit: 'ms', note: 'same runs, user + system CPU of the process (Node itself included)' },
  ];
}
