/**
 * The whole main-process start-up against a fake `electron` module: what the window is created
 * with, what the session and protocol get, and that IPC and the menu are wired to the service.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createServiceHandlers } from '../../../electron/engine/service/index.ts';
import type { DesktopServiceDeps } from '../../../electron/main/app.ts';
import { INVOKE } from '../../../shared/ipc/contract.ts';
import { emptyProfileFields } from '../../../shared/profile.ts';
import { DNS_PEER_SERVER } from '../../helpers/dns-peer.ts';
import { FakeWebFrameMain, createFakeElectron } from './fake-electron.ts';
import type { FakeElectron } from './fake-electron.ts';
import { fakeHandlers } from './fake-handlers.ts';

const fake = vi.hoisted(() => ({ current: undefined as unknown as FakeElectron }));
vi.mock('electron', () => {
  fake.current = createFakeElectron();
  return { ...fake.current.electron, default: fake.current.electron };
});

const { APP_USER_MODEL_ID, DISPOSE_TIMEOUT_MS, PRODUCT_NAME, desktopDataDir, startApp } = await import('../../../electron/main/app.ts');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const reset = (): void => fake.current.reset();

async function start(env: NodeJS.ProcessEnv = {}, packaged = true) {
  fake.current.electron.app.isPackaged = packaged;
  const handlers = fakeHandlers();
  const dispose = vi.fn(async () => undefined);
  const createService = vi.fn(() => ({ handlers, dispose }));
  const started = startApp({ outDir: '/app/out', env, createService });
  await started?.ready;
  const window = fake.current.state.windows[0];
  return { started, handlers, dispose, createService, window };
}

beforeEach(() => reset());

describe('the window (reliability A.1)', () => {
  it('is created with exactly the locked webPreferences and the bundled preload', async () => {
    const { window } = await start();
    expect(window).toBeDefined();
    expect(window!.options.webPreferences).toEqual({
      preload: path.join('/app/out', 'preload', 'index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    });
    const prefs = window!.options.webPreferences as Record<string, unknown>;
    for (const forbidden of ['allowRunningInsecureContent', 'experimentalFeatures', 'enableBlinkFeatures']) expect(prefs).not.toHaveProperty(forbidden);
  });

  it('turns on the sandbox for every renderer and registers app:// as privileged before ready', async () => {
    await start();
    expect(fake.current.electron.app.enableSandbox).toHaveBeenCalled();
    expect(fake.current.state.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
  });

  it('loads the bundle through app:// when packaged, even if a dev server URL is set', async () => {
    const { window } = await start({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, true);
    expect(window!.loaded).toEqual(['app://bundle/index.html']);
  });

  it('loads the dev server only when not packaged and the URL is on loopback', async () => {
    const { window } = await start({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }, false);
    expect(window!.loaded).toEqual(['http://localhost:5173/']);
    reset();
    const remote = await start({ ELECTRON_RENDERER_URL: 'https://evil.test/' }, false);
    expect(remote.window!.loaded).toEqual(['app://bundle/index.html']);
  });

  it('quits without a window or a service when another instance holds the lock', async () => {
    fake.current.state.singleInstance = false;
    const { started, createService, window } = await start();
    expect(started).toBeNull();
    expect(fake.current.electron.app.quit).toHaveBeenCalled();
    expect(window).toBeUndefined();
    expect(createService).not.toHaveBeenCalled();
  });

  it('focuses the existing window when a second instance starts', async () => {
    const { window } = await start();
    fake.current.electron.app.emit('second-instance');
    expect(window!.focus).toHaveBeenCalled();
  });
});

describe('session and protocol (reliability A.2-A.5)', () => {
  it('denies permission requests and checks (clipboard write for our page is the one exception)', async () => {
    await start();
    const callback = vi.fn();
    fake.current.state.permissionRequestHandler!({}, 'media', callback, { isMainFrame: true, requestingUrl: 'app://bundle/index.html' });
    expect(callback).toHaveBeenCalledWith(false);
    expect(fake.current.state.permissionCheckHandler!(null, 'notifications', 'app://bundle', { isMainFrame: true })).toBe(false);
    expect(fake.current.state.permissionCheckHandler!(null, 'clipboard-sanitized-write', 'https://evil.test', { isMainFrame: true })).toBe(false);
    expect(fake.current.state.permissionCheckHandler!(null, 'clipboard-sanitized-write', 'app://bundle', { isMainFrame: true })).toBe(true);
  });

  it('adds the CSP, without unsafe-eval, to every response', async () => {
    await start();
    const callback = vi.fn();
    fake.current.state.headersReceived!({ responseHeaders: { 'Content-Security-Policy': ["script-src 'unsafe-eval'"] } }, callback);
    const headers = callback.mock.calls[0]![0].responseHeaders as Record<string, string[]>;
    expect(headers['Content-Security-Policy']![0]).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(JSON.stringify(headers)).not.toContain('unsafe-eval');
  });

  it('serves app:// from out/renderer with the CSP and refuses traversal', async () => {
    await start();
    const handler = fake.current.state.protocolHandlers.get('app')!;
    const refused = (await handler({ url: 'app://bundle/..%2f..%2f..%2fetc%2fpasswd', method: 'GET' })) as Response;
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-security-policy')).not.toContain('unsafe-eval');
  });

  it('guards every webContents created: navigation prevented, window.open denied', async () => {
    await start();
    const { FakeWebContents } = await import('./fake-electron.ts');
    const contents = new FakeWebContents();
    fake.current.electron.app.emit('web-contents-created', {}, contents);
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      contents.emit(name, event);
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    expect(contents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });
});

describe('service wiring', () => {
  it('a portable exe keeps its data and Electron\'s own files beside itself, taken before the single-instance lock', async () => {
    const { createService } = await start({ PORTABLE_EXECUTABLE_DIR: '/media/usb' });
    const deps = (createService.mock.calls[0] as unknown[])[0] as { dataDir: string };
    expect(deps.dataDir).toBe(path.join('/media/usb', 'SMTP Probe Data'));
    const { app } = fake.current.electron;
    const electronDir = path.join('/media/usb', 'SMTP Probe Data', 'electron');
    // Each of Electron's folders that defaults to the per-user profile, not only userData.
    expect(app.setPath.mock.calls).toEqual([
      ['userData', electronDir],
      ['sessionData', electronDir],
      ['logs', path.join(electronDir, 'logs')],
      ['crashDumps', path.join(electronDir, 'Crashpad')],
    ]);
    expect(Math.max(...app.setPath.mock.invocationCallOrder)).toBeLessThan(app.requestSingleInstanceLock.mock.invocationCallOrder[0]!);
  });

  it('an installed copy leaves userData where Electron puts it', async () => {
    await start();
    expect(fake.current.electron.app.setPath).not.toHaveBeenCalled();
  });

  it('gives the service the data folder the CLI and browser mode use, safeStorage secrets and the electron host', async () => {
    const { createService } = await start();
    const deps = (createService.mock.calls[0] as unknown[])[0] as Record<string, unknown> & { secrets: { available(): Promise<boolean> } };
    // appData/smtp-probe: the folder Electron called userData before the product name, and defaultDataDir's.
    expect(deps.dataDir).toBe(path.join('/fake/appData', 'smtp-probe'));
    expect(deps.host).toBe('electron');
    expect(await deps.secrets.available()).toBe(true);
    expect(typeof deps.saveFile).toBe('function');
    expect(typeof deps.chooseReportFile).toBe('function');
  });

  it('answers IPC on every contract channel: our top frame reaches the handler, others get EFORBIDDEN', async () => {
    const { handlers, window } = await start();
    expect([...fake.current.state.ipcHandlers.keys()].sort()).toEqual(Object.keys(INVOKE).sort());
    const call = fake.current.state.ipcHandlers.get('profiles/list')!;
    const ours = { sender: window!.webContents, senderFrame: window!.webContents.mainFrame };
    await expect(call(ours, {})).resolves.toMatchObject({ ok: true });
    const main = window!.webContents.mainFrame;
    const otherRoot = { sender: window!.webContents, senderFrame: new FakeWebFrameMain({ processId: main.processId, routingId: 2, url: main.url }) };
    await expect(call(otherRoot, {})).resolves.toMatchObject({ ok: false, error: { code: 'EFORBIDDEN' } });
    const foreign = { sender: window!.webContents, senderFrame: new FakeWebFrameMain({ processId: main.processId, routingId: main.routingId, url: 'https://evil.test/' }) };
    await expect(call(foreign, {})).resolves.toMatchObject({ ok: false, error: { code: 'EFORBIDDEN' } });
    // A frame disposed while its call was on the way: Electron's frame getters throw; still a refusal, not a throw.
    main.detached = true;
    await expect(call(ours, {})).resolves.toMatchObject({ ok: false, error: { code: 'EFORBIDDEN' } });
    expect(handlers['profiles/list']).toHaveBeenCalledTimes(1);
  });

  it('a service that loads after the window opened: IPC registered at once, each call waits for it and is still checked', async () => {
    const handlers = fakeHandlers();
    let resolveService!: (service: { handlers: typeof handlers; dispose: () => Promise<void> }) => void;
    const started = startApp({ outDir: '/app/out', env: {}, createService: () => new Promise((resolve) => (resolveService = resolve)) });
    await started?.ready;
    const window = fake.current.state.windows[0]!;
    expect(window.loaded).toEqual(['app://bundle/index.html']);
    expect([...fake.current.state.ipcHandlers.keys()].sort()).toEqual(Object.keys(INVOKE).sort());
    const ours = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    const call = fake.current.state.ipcHandlers.get('profiles/delete')!;
    const answer = call(ours, { id: '6f1c1f3e-2b0c-4c57-9a51-6a3f0e0f0b11' });
    const invalid = call(ours, { id: 42 });
    for (let turn = 0; turn < 10; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(handlers['profiles/delete']).not.toHaveBeenCalled();
    resolveService({ handlers, dispose: async () => undefined });
    await expect(answer).resolves.toMatchObject({ ok: true });
    await expect(invalid).resolves.toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'id' } });
    expect(handlers['profiles/delete']).toHaveBeenCalledTimes(1);
  });

  it('a service that cannot be created: the app says so and exits, and IPC answers EINTERNAL', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const started = startApp({ outDir: '/app/out', env: {}, createService: () => Promise.reject(new Error('no engine')) });
    await started?.ready;
    const window = fake.current.state.windows[0]!;
    const ours = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    await expect(fake.current.state.ipcHandlers.get('profiles/list')!(ours, {})).resolves.toMatchObject({ ok: false, error: { code: 'EINTERNAL' } });
    expect(fake.current.electron.dialog.showErrorBox).toHaveBeenCalledWith(PRODUCT_NAME, 'The app could not start: no engine');
    expect(fake.current.electron.app.exit).toHaveBeenCalledWith(1);
    error.mockRestore();
  });

  it("gives the service the external-link helper (loaded on first use): only the allowed links reach the shell", async () => {
    const { createService } = await start();
    const deps = (createService.mock.calls[0] as unknown[])[0] as { openExternal(url: string): Promise<void> };
    await deps.openExternal('https://www.rfc-editor.org/rfc/rfc5321');
    await expect(deps.openExternal('https://evil.test/')).rejects.toMatchObject({ code: 'EFORBIDDEN' });
    expect(fake.current.electron.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(fake.current.electron.shell.openExternal).toHaveBeenCalledWith('https://www.rfc-editor.org/rfc/rfc5321', { activate: true });
  });

  it('forwards service events to the window and refuses unknown channels', async () => {
    const { createService, window } = await start();
    const deps = (createService.mock.calls[0] as unknown[])[0] as { emit: (channel: string, payload: unknown) => void };
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    deps.emit('sandbox/event', { text: 'hello', t: 'now' });
    deps.emit('not/a-channel', { secret: 1 });
    spy.mockRestore();
    expect(window!.webContents.sent).toEqual([['sandbox/event', { text: 'hello', t: 'now' }]]);
  });

  it('menu items send menu/action events to the page', async () => {
    const { window } = await start();
    type Item = { label?: string; click?: () => void; submenu?: Item[] };
    const items = (fake.current.state.menuTemplate as Item[]).flatMap((top) => top.submenu ?? []);
    items.find((item) => item.label === '&New profile')!.click!();
    items.find((item) => item.label === '&Reply-code reference')!.click!();
    expect(window!.webContents.sent).toEqual([
      ['menu/action', { action: 'new-profile' }],
      ['menu/action', { action: 'reply-codes' }],
    ]);
  });

  it('View > Theme switches nativeTheme and tells the page, so its own theme choice follows', async () => {
    const { window } = await start();
    type Item = { label?: string; click?: () => void; submenu?: Item[] };
    const items = (fake.current.state.menuTemplate as Item[]).flatMap((top) => top.submenu ?? []).flatMap((item) => [item, ...(item.submenu ?? [])]);
    items.find((item) => item.label === '&Dark')!.click!();
    expect(fake.current.electron.nativeTheme.themeSource).toBe('dark');
    expect(window!.webContents.sent).toContainEqual(['menu/action', { action: 'theme-dark' }]);
  });

  it('SMTP_PROBE_HOME moves the desktop data folder as it moves the CLI\'s', async () => {
    const { createService } = await start({ SMTP_PROBE_HOME: '/elsewhere/probe' });
    expect(((createService.mock.calls[0] as unknown[])[0] as { dataDir: string }).dataDir).toBe(path.resolve('/elsewhere/probe'));
  });

  it('on Windows, sets the taskbar id of the installer\'s shortcuts before the window opens', async () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'win32' });
    try {
      await start();
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
    expect(fake.current.electron.app.setAppUserModelId).toHaveBeenCalledWith(APP_USER_MODEL_ID);
    expect(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')).toMatch(new RegExp(`^appId: ${APP_USER_MODEL_ID.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('package.json names the product as the window and installer do (Electron names the app, its Keychain item and userData after it)', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { productName?: string };
    expect(pkg.productName).toBe(PRODUCT_NAME);
    expect(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')).toMatch(new RegExp(`^productName: ${PRODUCT_NAME}$`, 'm'));
  });

  it('closing the last window quits, except on macOS where apps stay in the dock', async () => {
    await start();
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    try {
      Object.defineProperty(process, 'platform', { value: 'darwin' });
      fake.current.electron.app.emit('window-all-closed');
      expect(fake.current.electron.app.quit).not.toHaveBeenCalled();
      Object.defineProperty(process, 'platform', { value: 'linux' });
      fake.current.electron.app.emit('window-all-closed');
      expect(fake.current.electron.app.quit).toHaveBeenCalledTimes(1);
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });

  it('a service that never finishes closing does not keep the app from quitting', async () => {
    vi.useFakeTimers();
    try {
      const handlers = fakeHandlers();
      const dispose = vi.fn(() => new Promise<void>(() => undefined));
      startApp({ outDir: '/app/out', env: {}, createService: () => ({ handlers, dispose }) });
      await vi.advanceTimersByTimeAsync(0);
      fake.current.electron.app.emit('will-quit', { preventDefault: vi.fn() });
      await vi.advanceTimersByTimeAsync(DISPOSE_TIMEOUT_MS - 1);
      expect(fake.current.electron.app.quit).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(dispose).toHaveBeenCalledTimes(1);
      expect(fake.current.electron.app.quit).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('the window is created hidden and shown once its page is ready to show', async () => {
    const { window } = await start();
    expect(window!.options.show).toBe(false);
    await vi.waitFor(() => expect(window!.show).toHaveBeenCalledTimes(1));
  });

  it('a window whose page fails to load is shown anyway (ready-to-show never comes)', async () => {
    fake.current.state.failLoads = true;
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { window } = await start();
    expect(window!.show).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(window!.show).toHaveBeenCalledTimes(1));
    window!.emit('ready-to-show');
    expect(window!.show).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/^Could not load app:/), expect.any(Error));
    error.mockRestore();
  });

  it('a page that vetoes unload (unsaved edits) gets the question: Leave closes, Stay keeps the window', async () => {
    const { window } = await start();
    const unload = (answer: number) => {
      fake.current.electron.dialog.showMessageBoxSync.mockReturnValueOnce(answer);
      const event = { preventDefault: vi.fn() };
      window!.webContents.emit('will-prevent-unload', event);
      // preventDefault on will-prevent-unload = ignore the page's veto and close.
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(unload(0)).toBe(true);
    expect(unload(1)).toBe(false);
    expect(fake.current.electron.dialog.showMessageBoxSync).toHaveBeenCalledWith(window, expect.objectContaining({ buttons: ['Leave without saving', 'Stay'], cancelId: 1 }));
  });

  it('quitting waits for the window position to be written', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'app-quit-'));
    try {
      const { window, dispose } = await start({ SMTP_PROBE_HOME: dir });
      window!.emit('close');
      fake.current.electron.app.emit('will-quit', { preventDefault: vi.fn() });
      await vi.waitFor(() => expect(fake.current.electron.app.quit).toHaveBeenCalled());
      expect(dispose).toHaveBeenCalledTimes(1);
      expect(JSON.parse(readFileSync(path.join(dir, 'window-state.json'), 'utf8'))).toMatchObject({ width: 1300, height: 850 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('disposes the service once before quitting', async () => {
    const { dispose } = await start();
    const event = { preventDefault: vi.fn() };
    fake.current.electron.app.emit('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.current.electron.app.quit).toHaveBeenCalled());
    expect(dispose).toHaveBeenCalledTimes(1);
    expect(fake.current.state.ipcHandlers.size).toBe(0);
  });
});

describe('theme: page and menu agree (contract MENU_ACTIONS, app/set-theme)', () => {
  type Item = { label?: string; checked?: boolean; click?: () => void; submenu?: Item[] };
  const themeItems = (): Item[] => {
    const view = (fake.current.state.menuTemplate as Item[]).find((top) => top.label === '&View')!;
    return view.submenu!.find((item) => item.label === '&Theme')!.submenu!;
  };
  const checkedTheme = (): string | undefined => themeItems().find((item) => item.checked)?.label;

  /** The app with the real handler table behind its IPC checks. */
  async function startWithRealTable() {
    const createService = vi.fn((deps: DesktopServiceDeps) => {
      const handlers = createServiceHandlers(deps);
      return { handlers, dispose: () => handlers.dispose() };
    });
    await startApp({ outDir: '/app/out', env: {}, createService })?.ready;
    const window = fake.current.state.windows[0]!;
    const ours = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    const setTheme = (input: unknown) => fake.current.state.ipcHandlers.get('app/set-theme')!(ours, input);
    return { window, setTheme };
  }

  it("starts on 'system', then takes the choice the page reports (its stored one at start, a toolbar pick later)", async () => {
    const { window, setTheme } = await startWithRealTable();
    expect(checkedTheme()).toBe('Follow &system');
    expect(fake.current.electron.nativeTheme.themeSource).toBe('system');

    await expect(setTheme({ theme: 'dark' })).resolves.toEqual({ ok: true, value: { applied: true } });
    expect(checkedTheme()).toBe('&Dark');
    expect(fake.current.electron.nativeTheme.themeSource).toBe('dark');
    await expect(setTheme({ theme: 'light' })).resolves.toMatchObject({ ok: true });
    expect(checkedTheme()).toBe('&Light');
    expect(fake.current.electron.nativeTheme.themeSource).toBe('light');
    // The page made the choice: nothing is echoed back to it.
    expect(window.webContents.sent).toEqual([]);
  });

  it('refuses a theme outside the contract with EINVALID and leaves menu and nativeTheme alone', async () => {
    const { setTheme } = await startWithRealTable();
    await expect(setTheme({ theme: 'purple' })).resolves.toMatchObject({ ok: false, error: { code: 'EINVALID' } });
    await expect(setTheme({})).resolves.toMatchObject({ ok: false, error: { code: 'EINVALID' } });
    expect(checkedTheme()).toBe('Follow &system');
    expect(fake.current.electron.nativeTheme.themeSource).toBe('system');
  });

  it('a menu pick after a page pick moves the radio and tells the page', async () => {
    const { window, setTheme } = await startWithRealTable();
    await setTheme({ theme: 'dark' });
    themeItems().find((item) => item.label === '&Light')!.click!();
    expect(checkedTheme()).toBe('&Light');
    expect(window.webContents.sent).toEqual([['menu/action', { action: 'theme-light' }]]);
  });
});

describe('a run in progress does not hold up the window (app.ts: async sockets in the main event loop)', () => {
  it('answers app/info and profiles/list over IPC while a run waits on a server, then the run ends', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-app-'));
    const waiting: net.Socket[] = [];
    const server = net.createServer((socket) => void waiting.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const createService = vi.fn((deps: DesktopServiceDeps) => {
      const handlers = createServiceHandlers({ ...deps, dataDir, runDefaults: { dnsServer: DNS_PEER_SERVER, publicIpResolvers: [] } });
      return { handlers, dispose: () => handlers.dispose() };
    });
    try {
      await startApp({ outDir: '/app/out', env: {}, createService })?.ready;
      const window = fake.current.state.windows[0]!;
      const ours = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
      const invoke = (channel: string, input: unknown) => fake.current.state.ipcHandlers.get(channel)!(ours, input) as Promise<{ ok: boolean; value?: unknown }>;
      const fields = { ...emptyProfileFields(), name: 'Slow server', targetKind: 'host', target: '127.0.0.1', port, security: 'none' };
      const saved = await invoke('profiles/save', { fields });
      const profileId = (saved.value as { id: string }).id;

      let runEnded = false;
      const run = invoke('run/start', { runId: crypto.randomUUID(), profileId }).finally(() => (runEnded = true));
      await vi.waitFor(() => expect(waiting).toHaveLength(1));
      // The server has not greeted yet: the run is waiting, and other calls are answered meanwhile.
      await expect(invoke('app/info', {})).resolves.toMatchObject({ ok: true });
      await expect(invoke('profiles/list', {})).resolves.toMatchObject({ ok: true });
      expect(runEnded).toBe(false);

      waiting[0]!.end('421 4.3.2 closing\r\n');
      await expect(run).resolves.toMatchObject({ ok: true, value: { status: 'done' } });
    } finally {
      fake.current.electron.app.emit('will-quit', { preventDefault: () => undefined });
      for (const socket of waiting) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('desktopDataDir', () => {
  const APP_DATA = 'C:\\Users\\Zoë Ünal\\AppData\\Roaming';

  it('a portable marker beside the executable makes the copy portable; none keeps the per-user folder', () => {
    const exe = 'E:\\SMTP Probe\\SMTP Probe.exe';
    const seen: string[] = [];
    const withMarker = (file: string) => (seen.push(file), file === 'E:\\SMTP Probe\\portable.txt');
    expect(desktopDataDir({}, 'win32', exe, APP_DATA, withMarker)).toEqual({ dataDir: 'E:\\SMTP Probe\\SMTP Probe Data', portable: true });
    expect(seen).toContain('E:\\SMTP Probe\\portable');
    // Electron's appData is joined with the running system's rules (it is Electron's own path there).
    expect(desktopDataDir({}, 'win32', exe, APP_DATA, () => false)).toEqual({ dataDir: path.join(APP_DATA, 'smtp-probe'), portable: false });
  });

  it('SMTP_PROBE_HOME is never a portable copy, even beside a marker', () => {
    const result = desktopDataDir({ SMTP_PROBE_HOME: '/srv/probe' }, 'linux', '/opt/probe/smtp-probe', '/home/a/.config', () => true);
    expect(result).toEqual({ dataDir: path.resolve('/srv/probe'), portable: false });
  });
});
