/**
 * The renderer's one way to the app's operations. In the desktop app the preload exposes
 * `window.api` (Electron IPC); in browser mode (`smtp-probe ui`, `npm start` without Electron's
 * binary, the e2e tests) there is no preload, and the same API runs over the WebSocket bridge of
 * the server that served this page. Both are the contract's `RendererApi`.
 */
import { BRIDGE_PATH } from '../../shared/ipc/bridge-protocol.ts';
import type { RendererApi } from '../../shared/ipc/contract.ts';
import { createBridgeClient } from './ws-client.ts';

/** `?token=` in the query or `#token=` in the fragment of the page's address. */
export function tokenFromLocation(location: { search: string; hash: string }): string | null {
  return new URLSearchParams(location.search).get('token') ?? new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
}

/** The bridge's address on the host that served the page. */
export function bridgeUrl(location: { protocol: string; host: string; search: string; hash: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = tokenFromLocation(location);
  // Without a token in the address, the cookie set when the page was first opened still carries it.
  return `${scheme}//${location.host}${BRIDGE_PATH}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
}

function browserModeApi(): RendererApi {
  return createBridgeClient({
    url: bridgeUrl(window.location),
    connect: (url) => new WebSocket(url),
  });
}

export const api: RendererApi = window.api ?? browserModeApi();
