/**
 * The transcript panel under load, in the real renderer in Chromium (browser mode): a run that
 * streams 100,000 transcript lines over the bridge. The lines take the real path: the real service
 * table and RunController (batching included), with only runCheck replaced by one that calls
 * `hooks.onTranscript` 100,000 times instead of talking to a server. Measures the time until the
 * panel shows them all, frame times while scrolling through them, and how many rows are in the DOM
 * (virtualization).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServiceHandlers, memorySecretStore, type ServiceHandlers } from '../../electron/engine/service/index.ts';
import { startBrowserMode } from '../../electron/serve/server.ts';
import { LINES_PER_READ, streamingRunCheck } from '../helpers/streaming-run.ts';
import type { BenchResult } from './micro.ts';

const LINES = 100_000;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

export async function benchTranscriptUi(): Promise<BenchResult[]> {
  if (!existsSync('/usr/bin/chromium')) {
    console.warn('[bench] /usr/bin/chromium missing: transcript UI benchmark skipped');
    return [];
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-bench-ui-'));
  const rendererDir = path.join(tmp, 'renderer');
  const built = spawnSync('npm', ['run', 'build:renderer', '--', '--outDir', rendererDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build:renderer failed: ${built.stderr}`);

  let service: ServiceHandlers | undefined;
  const mode = await startBrowserMode({
    rendererDir,
    // The real table; only the run itself streams lines instead of talking to a server.
    handlers: (emit) => (service = createServiceHandlers({ dataDir: path.join(tmp, 'data'), secrets: memorySecretStore(), emit, host: 'browser', sandboxPorts: { smtp: 0, tls: 0 } }, { runCheck: streamingRunCheck(LINES) })),
  });
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-bench-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
    viewport: { width: 1400, height: 900 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(mode.url);
    await page.getByTestId('run-all').waitFor({ timeout: 30_000 });
    // The Local test server profile runs against the built-in server: start it first (it makes a
    // certificate), so the time below is the transcript's, as in the app once the server is up.
    const started = await service?.['sandbox/start']({});
    if (!started?.ok) throw new Error('the built-in server did not start');
    // Both ends are taken in the page: the click on Run all, and the moment the panel's count shows
    // every line. Polling from here instead would also count how long the page is busy afterwards
    // (the final report, which carries the 100,000 lines again).
    await page.evaluate(`(() => {
      const target = ${JSON.stringify(`${LINES} lines`)};
      window.__bench = { clickAt: 0, shownAt: 0 };
      document.addEventListener('click', () => { if (!window.__bench.clickAt) window.__bench.clickAt = performance.now(); }, { capture: true });
      const seen = () => {
        const count = document.querySelector('[data-testid="transcript-count"]');
        if (!window.__bench.shownAt && count && count.textContent.includes(target)) window.__bench.shownAt = performance.now();
      };
      // Only the count's own text is watched, so the observer adds next to nothing to the page's work.
      const count = document.querySelector('[data-testid="transcript-count"]');
      new MutationObserver(seen).observe(count || document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    await page.getByTestId('run-all').click({ timeout: 30_000 });
    await page.getByTestId('transcript-count').filter({ hasText: `${LINES} lines` }).waitFor({ timeout: 180_000 });
    const mark = (await page.evaluate('window.__bench')) as { clickAt: number; shownAt: number };
    const ingestMs = mark.shownAt - mark.clickAt;
    // Scroll once the run is over: the final report (it carries the lines again) is not parsed meanwhile.
    await page.waitForFunction(`(() => { const b = document.querySelector('[data-testid="run-all"]'); return b !== null && !b.disabled; })()`, undefined, { timeout: 180_000 });
    await page.evaluate(`new Promise((r) => requestIdleCallback(() => requestIdleCallback(r)))`);
    // Scroll from top to bottom in 120 frames and record each frame's duration.
    // Runs in the page (a string: this file is type-checked without the DOM library).
    const frames = (await page.evaluate(`(async () => {
      const panel = document.querySelector('[data-testid="transcript-panel"]');
      const scroller = panel && panel.querySelector('.p-virtualscroller');
      if (!scroller) throw new Error('no virtual scroller in the transcript panel');
      const times = [];
      let last = performance.now();
      for (let i = 0; i <= 120; i++) {
        scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * (i / 120);
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const now = performance.now();
        times.push(now - last);
        last = now;
      }
      return { times, rows: scroller.querySelectorAll('.p-virtualscroller-content > *').length };
    })()`)) as { times: number[]; rows: number };
    return [
      { name: `transcript UI: ${LINES.toLocaleString('en')} lines streamed until shown`, value: ingestMs, unit: 'ms', note: `real renderer in Chromium over the browser-mode bridge, from the click on Run all to the count showing them all (both taken in the page); service table and RunController as in the app, ${LINES_PER_READ} lines per event-loop turn` },
      { name: 'transcript UI: frame time while scrolling, median', value: percentile(frames.times, 50), unit: 'ms', note: '120 scroll positions top to bottom, one per animation frame' },
      { name: 'transcript UI: frame time while scrolling, p95', value: percentile(frames.times, 95), unit: 'ms', note: 'same frames; 16.7 ms = 60 fps' },
      { name: 'transcript UI: row elements in the DOM', value: frames.rows, unit: 'rows', note: `virtualized: a window of the ${LINES.toLocaleString('en')} lines` },
    ];
  } finally {
    await context.close();
    await mode.close();
    // The Local test server profile's run started the built-in server.
    await service?.dispose();
    rmSync(userDataDir, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
}
