/**
 * A stand-in for the `electron` module in main-process tests (Electron's binary is never launched):
 * records what the app registers (window options, handlers, menu, protocol) so tests can drive it.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

const deprecatedSync = vi.fn((): never => {
  throw new Error('the synchronous safeStorage API is deprecated in Electron 45: use the Async one');
});

/**
 * Like Electron's WebFrameMain: its fields are getters on the class (a spread copies none of them),
 * and once the frame is gone they throw, as Electron's do for a destroyed frame.
 */
export class FakeWebFrameMain {
  detached = false;
  readonly #fields: { processId: number; routingId: number; url: string; parent: FakeWebFrameMain | null };
  constructor(fields: { processId: number; routingId: number; url: string; parent?: FakeWebFrameMain | null }) {
    this.#fields = { parent: null, ...fields };
  }
  #read<K extends keyof FakeWebFrameMain['fields']>(key: K): FakeWebFrameMain['fields'][K] {
    if (this.detached) throw new Error('Render frame was disposed before WebFrameMain could be accessed');
    return this.#fields[key];
  }
  private get fields() {
    return this.#fields;
  }
  get processId() {
    return this.#read('processId');
  }
  get routingId() {
    return this.#read('routingId');
  }
  get url() {
    return this.#read('url');
  }
  get parent() {
    return this.#read('parent');
  }
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame = new FakeWebFrameMain({ processId: 100 + this.id, routingId: 1, url: 'app://bundle/index.html' });
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
    /** The next pages fail to load (did-fail-load, loadURL rejects, no ready-to-show), as Electron reports it. */
    failLoads: false,
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
    /** Like Electron: the page loads after the call returns, then the window is ready to show. */
    async loadURL(url: string): Promise<void> {
      this.loaded.push(url);
      await new Promise((resolve) => setImmediate(resolve));
      if (state.failLoads) {
        this.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', url, true);
        throw new Error(`ERR_FILE_NOT_FOUND (-6) loading '${url}'`);
      }
      this.webContents.emit('did-finish-load');
      this.emit('ready-to-show');
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
    // Ready comes later than the call, as in Electron: code before it runs before ready.
    whenReady: vi.fn(() => new Promise<void>((resolve) => setImmediate(resolve))),
    getPath: vi.fn((name: string) => `/fake/${name}`),
    setPath: vi.fn(),
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
    // Electron 45's asynchronous API; the deprecated synchronous calls throw so that no code goes back to them.
    safeStorage: {
      isAsyncEncryptionAvailable: vi.fn(async () => true),
      encryptStringAsync: vi.fn(async (s: string) => Buffer.from(`enc:${s}`)),
      decryptStringAsync: vi.fn(async (b: Buffer) => ({ result: b.toString().slice(4), shouldReEncrypt: false })),
      getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
      isEncryptionAvailable: deprecatedSync,
      encryptString: deprecatedSync,
      decryptString: deprecatedSync,
    },
    // showMessageBox answers with the second button (No / Not now) unless a test says otherwise.
    dialog: { showSaveDialog: vi.fn(), showErrorBox: vi.fn(), showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 1, checkboxChecked: false })), showMessageBoxSync: vi.fn((..._args: unknown[]) => 1) },
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
    state.failLoads = false;
    app.removeAllListeners();
    app.isPackaged = true;
    electron.nativeTheme.themeSource = 'system';
    vi.clearAllMocks();
  }
  return { electron, state, reset };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
