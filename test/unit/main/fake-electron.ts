/**
 * A stand-in for the `electron` module in main-process tests (Electron's binary is never launched):
 * records what the app registers (window options, handlers, menu, protocol) so tests can drive it.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame = { processId: 100 + this.id, routingId: 1, url: 'app://bundle/index.html', parent: null };
  readonly sent: [string, unknown][] = [];
  windowOpenHandler: Listener | undefined;
  destroyed = false;
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }
}

export function createFakeElectron() {
  const state = {
    windows: [] as FakeBrowserWindow[],
    ipcHandlers: new Map<string, Listener>(),
    protocolHandlers: new Map<string, Listener>(),
    privilegedSchemes: [] as unknown[],
    menuTemplate: undefined as unknown,
    permissionRequestHandler: undefined as Listener | undefined,
    permissionCheckHandler: undefined as Listener | undefined,
    headersReceived: undefined as Listener | undefined,
    singleInstance: true,
  };

  class FakeBrowserWindow extends EventEmitter {
    static getAllWindows = () => state.windows.filter((w) => !w.destroyed);
    readonly webContents = new FakeWebContents();
    readonly loaded: string[] = [];
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      state.windows.push(this);
    }
    loadURL(url: string): Promise<void> {
      this.loaded.push(url);
      return Promise.resolve();
    }
    isDestroyed = () => this.destroyed;
    isMinimized = () => false;
    restore = vi.fn();
    focus = vi.fn();
    show = vi.fn();
    maximize = vi.fn();
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 10, y: 20, width: 1300, height: 850 });
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => state.singleInstance),
    quit: vi.fn(),
    exit: vi.fn(),
    setAppUserModelId: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn((name: string) => `/fake/${name}`),
    getVersion: vi.fn(() => '0.1.0'),
  });

  const protocol = {
    registerSchemesAsPrivileged: vi.fn((schemes: unknown[]) => state.privilegedSchemes.push(...schemes)),
    handle: vi.fn((scheme: string, handler: Listener) => state.protocolHandlers.set(scheme, handler)),
  };

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    protocol,
    session: {
      defaultSession: {
        protocol,
        setPermissionRequestHandler: vi.fn((h: Listener) => (state.permissionRequestHandler = h)),
        setPermissionCheckHandler: vi.fn((h: Listener) => (state.permissionCheckHandler = h)),
        setDevicePermissionHandler: vi.fn(),
        webRequest: { onHeadersReceived: vi.fn((h: Listener) => (state.headersReceived = h)) },
      },
    },
    ipcMain: {
      handle: vi.fn((channel: string, listener: Listener) => state.ipcHandlers.set(channel, listener)),
      removeHandler: vi.fn((channel: string) => state.ipcHandlers.delete(channel)),
    },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown) => {
        state.menuTemplate = template;
        return { template };
      }),
      setApplicationMenu: vi.fn(),
    },
    nativeTheme: { themeSource: 'system', shouldUseDarkColors: false },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    safeStorage: { isEncryptionAvailable: vi.fn(() => true), encryptString: vi.fn((s: string) => Buffer.from(`enc:${s}`)), decryptString: vi.fn((b: Buffer) => b.toString().slice(4)), getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret') },
    // showMessageBox answers with the second button (No / Not now) unless a test says otherwise.
    dialog: { showSaveDialog: vi.fn(), showErrorBox: vi.fn(), showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 1, checkboxChecked: false })) },
    shell: { openExternal: vi.fn(async () => undefined) },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  };
  /** Back to a fresh start (same objects, so the mocked module keeps working across tests). */
  function reset(): void {
    state.windows.length = 0;
    state.ipcHandlers.clear();
    state.protocolHandlers.clear();
    state.privilegedSchemes.length = 0;
    state.menuTemplate = undefined;
    state.permissionRequestHandler = undefined;
    state.permissionCheckHandler = undefined;
    state.headersReceived = undefined;
    state.singleInstance = true;
    app.removeAllListeners();
    app.isPackaged = true;
    electron.nativeTheme.themeSource = 'system';
    vi.clearAllMocks();
  }
  return { electron, state, reset };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
