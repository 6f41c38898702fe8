/** The host this page runs in: the desktop app's preload exposes `window.api`, browser mode has none. */
export const hostKind: 'electron' | 'browser' = globalThis.window?.api === undefined ? 'browser' : 'electron';
