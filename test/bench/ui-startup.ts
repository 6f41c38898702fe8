/**
 * How fast the renderer opens: the first screen's JavaScript (entry + static imports, gzip) and
 * the time to interactive of browser mode in Chromium with a cold cache: from navigation start to
 * the profile list drawn and Run all enabled, taken in the page (a performance mark), each load in
 * a new browser context (no HTTP or code cache), the real service table on a fresh data folder.
 * BENCH_UI_BASELINE=<a built renderer folder> measures that build too, in the same rounds,
 * alternating (before/after rows of docs/PERFORMANCE.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { createServiceHandlers, memorySecretStore, type ServiceHandlers } from '../../electron/engine/service/index.ts';
import { startBrowserMode, type BrowserMode } from '../../electron/serve/server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/harness.ts';
import { firstScreenScripts, totalGzip } from '../helpers/first-screen.ts';
import type { BenchResult } from './micro.ts';
import { median } from './rtt.ts';

const ROUNDS = 11;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Installed before the page's own scripts: marks the first moment the first screen can be used
 * (a profile in the list, Run all there and not aria-disabled). A string: this file is
 * type-checked without the DOM library.
 */
const MARK_INTERACTIVE = `(() => {
  const ready = () => {
    const run = document.querySelector('[data-testid="run-all"]');
    return run !== null && run.getAttribute('aria-disabled') === 'false' && document.querySelector('[role="listbox"] [role="option"]') !== null;
  };
  const observer = new MutationObserver(() => {
    if (!ready()) return;
    observer.disconnect();
    window.__interactiveAt = performance.mark('first-screen-interactive').startTime;
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})()`;

interface Served {
  mode: BrowserMode;
  service: ServiceHandlers | undefined;
  dataDir: string;
}

async function serve(rendererDir: string): Promise<Served> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-bench-tti-data-'));
  const served: Served = { mode: undefined as unknown as BrowserMode, service: undefined, dataDir };
  served.mode = await startBrowserMode({
    rendererDir,
    handlers: (emit) => (served.service = createServiceHandlers({ dataDir, secrets: memorySecretStore(), emit, host: 'browser', sandboxPorts: { smtp: 0, tls: 0 } })),
  });
  return served;
}

interface Load {
  /** Navigation start to the interactive mark. */
  wallMs: number;
  /** The page's main-thread task time by then (Chromium's TaskDuration): steadier on a busy machine. */
  mainThreadMs: number;
  /** The main thread's CPU time by then (Chromium's ThreadTime): waiting for a core is not in it. */
  mainThreadCpuMs: number;
}

/** One cold load: a new context (empty cache), navigation start to the interactive mark. */
async function coldLoad(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  try {
    await context.addInitScript(MARK_INTERACTIVE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url);
    // Polled from here (the page's CSP refuses Playwright's in-page predicate); the time is the page's own mark.
    for (let waited = 0; waited < 30_000; waited += 10) {
      const at = (await page.evaluate('window.__interactiveAt')) as number | undefined;
      if (at !== undefined) {
        const { metrics } = await cdp.send('Performance.getMetrics');
        const ms = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
        return { wallMs: at, mainThreadMs: ms('TaskDuration'), mainThreadCpuMs: ms('ThreadTime') };
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the first screen did not become interactive within 30 s');
  } finally {
    await context.close();
  }
}

function buildRenderer(outDir: string): void {
  const built = spawnSync('npm', ['run', 'build:renderer', '--', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build:renderer failed: ${built.stderr}`);
}

export async function benchUiStartup(): Promise<BenchResult[]> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.warn(`[bench] ${CHROMIUM_PATH} missing: renderer start-up benchmark skipped`);
    return [];
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-bench-tti-'));
  const builds: { label: string; dir: string }[] = [{ label: '', dir: path.join(tmp, 'renderer') }];
  const baseline = process.env.BENCH_UI_BASELINE;
  if (baseline) builds.push({ label: ' (baseline build)', dir: path.resolve(baseline) });
  buildRenderer(builds[0]!.dir);
  const servers = await Promise.all(builds.map((b) => serve(b.dir)));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const samples = builds.map(() => [] as Load[]);
  try {
    // One warm-up load each (Chromium's own start-up), then alternating rounds.
    for (const s of servers) await coldLoad(browser, s.mode.url);
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < servers.length; k++) {
        const i = (round + k) % servers.length;
        samples[i]!.push(await coldLoad(browser, servers[i]!.mode.url));
      }
    }
  } finally {
    await browser.close();
    for (const s of servers) {
      await s.mode.close();
      await s.service?.dispose();
      rmSync(s.dataDir, { recursive: true, force: true });
    }
  }
  const rows = builds.flatMap((b, i): BenchResult[] => {
    const scripts = firstScreenScripts(b.dir);
    return [
      { name: `renderer first screen: JavaScript, gzip${b.label}`, value: totalGzip(scripts) / 1024, unit: 'KiB', note: `entry + static imports (${scripts.length} file${scripts.length === 1 ? '' : 's'}, ${Math.round(scripts.reduce((n, s) => n + s.bytes, 0) / 1024)} KiB before gzip), gzip -9; lazy views not counted` },
      { name: `renderer time to interactive, cold, median${b.label}`, value: median(samples[i]!.map((l) => l.wallMs)), unit: 'ms', note: `browser mode in headless Chromium, a new context per load (no cache), navigation start to the profile list drawn and Run all enabled (a performance mark in the page); median of ${ROUNDS}` },
      { name: `renderer time to interactive, cold, slowest${b.label}`, value: Math.max(...samples[i]!.map((l) => l.wallMs)), unit: 'ms', note: `same ${ROUNDS} loads` },
      { name: `renderer main-thread time until interactive, median${b.label}`, value: median(samples[i]!.map((l) => l.mainThreadMs)), unit: 'ms', note: `same loads: the page's main-thread task time by then (Chromium's TaskDuration), steadier than wall time on a busy machine (load average ${os.loadavg()[0]!.toFixed(1)} at the end)` },
      { name: `renderer main-thread CPU time until interactive, median${b.label}`, value: median(samples[i]!.map((l) => l.mainThreadCpuMs)), unit: 'ms', note: `same loads: the main thread's CPU time by then (Chromium's ThreadTime, read a moment after the mark), without the time spent waiting for a core: the steadiest of the three when other work shares the cores` },
    ];
  });
  rmSync(tmp, { recursive: true, force: true });
  return rows;
}
