/**
 * End-to-end harness: the real renderer and the real handler table in browser mode, driven in
 * Debian's Chromium through playwright-core (Electron's binary is never
 * launched here). Each app gets a fresh Chromium profile and, unless given one, a fresh data folder.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { createServiceHandlers, memorySecretStore } from '../../electron/engine/service/index.ts';
import type { RunDefaults, ServiceHandlers } from '../../electron/engine/service/index.ts';
import type { SecretStore } from '../../electron/engine/store/secrets.ts';
import { startBrowserMode } from '../../electron/serve/server.ts';
import type { BrowserMode } from '../../electron/serve/server.ts';
import type { Handlers } from '../../shared/ipc/contract.ts';
import { postfixPeer } from '../helpers/postfix-peer.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const resultsDir = path.join(repoRoot, 'test-results');

export const chromiumAvailable = async (): Promise<boolean> => existsSync(CHROMIUM_PATH);

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built renderer ('' when the repository has no build:renderer script). */
    rendererDir: string;
    /** A page that only loads renderer/services/api.ts (test/e2e/fixtures/api-page). */
    apiPageDir: string;
  }
}

/** A fresh headless Chromium with its own temporary profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface E2eApp {
  mode: BrowserMode;
  /** The real table (undefined when the test passed its own handlers). */
  service: ServiceHandlers | undefined;
  dataDir: string;
  context: BrowserContext;
  page: Page;
  /** What the page printed to the console and every CSP violation, for assertions. */
  console: string[];
  pageErrors: string[];
  /** Requests the server refused or could not answer (the browser's own /favicon.ico aside). */
  failedRequests: string[];
  screenshot(name: string): Promise<string>;
  /** Stops Chromium and browser mode; the data folder is kept when it was passed in. */
  close(): Promise<void>;
}

export interface StartAppOptions {
  /** Reuse a data folder (restart tests); a fresh temporary one otherwise. */
  dataDir?: string;
  /** Serve another folder than the built renderer (e.g. the api.ts fixture page). */
  rendererDir?: string;
  /** Replace the real table (tests of the bridge itself). */
  handlers?: Handlers;
  /** The table's password encryption (default: browser mode's, in memory). */
  secrets?: SecretStore;
  runDefaults?: RunDefaults;
  /** Open the page (default true). */
  open?: boolean;
  /** What the host does with a page main allowed (desktop: the system browser); absent, nothing is opened. */
  openExternal?: (url: string) => Promise<void>;
}

/** Browser mode in this process with the real handler table, and a Chromium page on it. */
export async function startApp(options: StartAppOptions = {}): Promise<E2eApp> {
  const rendererDir = options.rendererDir ?? inject('rendererDir');
  if (!rendererDir) throw new Error('The renderer is not built (no build:renderer script).');
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-e2e-data-'));
  let service: ServiceHandlers | undefined;
  const mode = await startBrowserMode({
    rendererDir,
    handlers:
      options.handlers ??
      ((emit) =>
        (service = createServiceHandlers({
          dataDir,
          secrets: options.secrets ?? memorySecretStore(),
          emit,
          host: 'browser',
          // The built-in server on free ports, so parallel test files never collide.
          sandboxPorts: { smtp: 0, tls: 0 },
          runDefaults: options.runDefaults ?? { dnsServer: '127.0.0.1', publicIpResolvers: [] },
          ...(options.openExternal ? { openExternal: options.openExternal } : {}),
        }))),
  });
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  const consoleLines: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m: ConsoleMessage) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const failedRequests: string[] = [];
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (r.status() >= 400 && url.pathname !== '/favicon.ico') failedRequests.push(`${r.status()} ${url.pathname}`);
  });
  if (options.open !== false) await page.goto(mode.url);
  mkdirSync(resultsDir, { recursive: true });
  return {
    mode,
    service,
    dataDir,
    context: browser.context,
    page,
    console: consoleLines,
    pageErrors,
    failedRequests,
    async screenshot(name) {
      const file = path.join(resultsDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await browser.close();
      await mode.close();
      await service?.dispose();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** True for a request to this machine (127.0.0.0/8, ::1, localhost): the only traffic the tests allow. */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export const OUTSIDE_STUB_TITLE = 'Stub page (never fetched)';

/**
 * Keeps Chromium off the network for the rest of this context's life: every request to a host
 * that is not loopback (a new tab a link opened included) is answered here with a small stub
 * page, never sent. Returns the URLs asked for, in order. Install it before clicking a link.
 */
export async function stubOutsidePages(context: BrowserContext): Promise<string[]> {
  const asked: string[] = [];
  await context.route(
    (url) => !isLoopbackUrl(url),
    async (route) => {
      asked.push(route.request().url());
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: `<!doctype html><title>${OUTSIDE_STUB_TITLE}</title><p>stub</p>` });
    },
  );
  return asked;
}

/** Clicks `click` and returns the new tab it opened, loaded, with its URL. */
export async function tabOpenedBy(context: BrowserContext, click: () => Promise<void>): Promise<{ page: Page; url: string; title: string }> {
  const [page] = await Promise.all([context.waitForEvent('page'), click()]);
  await page.waitForLoadState('load');
  return { page, url: page.url(), title: await page.title() };
}

/** The app at a common laptop size (1366×768), on the first-launch "Local test server" profile. */
export async function startAppOnLaptop(options: StartAppOptions = {}): Promise<E2eApp> {
  const app = await startApp(options);
  await app.page.setViewportSize({ width: 1366, height: 768 });
  await app.page.getByRole('heading', { level: 1, name: 'Local test server' }).waitFor();
  return app;
}

/** Saves the "Postfix peer" profile (port 25, STARTTLS, certificate not verified) sending `subject` to the peer's test user (or as `overrides` say), and reloads the page. */
export async function savePostfixProfile(app: E2eApp, subject: string, overrides: { name?: string; to?: string[] } = {}): Promise<void> {
  const peer = postfixPeer();
  const saved = await app.service!['profiles/save']({
    fields: {
      name: 'Postfix peer',
      targetKind: 'host',
      target: peer.host,
      port: peer.ports.smtp,
      security: 'starttls',
      tlsVerify: false,
      ehloName: 'client.smtp-probe.test',
      family: 4,
      allowPlaintextAuth: false,
      from: `probe@${peer.domain}`,
      to: [peer.user.address],
      subject,
      headers: [],
      timeouts: {},
      ...overrides,
    },
  });
  expect(saved.ok).toBe(true);
  await app.page.reload();
}
