/**
 * The renderer's one way to the app's operations. In the desktop app the preload exposes
 * `window.api` (Electron IPC); in browser mode (`smtp-probe ui`, `npm start` without Electron's
 * binary, the e2e tests) there is no preload, and the same API runs over the WebSocket bridge of
 * the server that served this page. Both are the contract's `RendererApi`.
 * Browser mode reads the launch token from the address once, then takes it out of the address bar
 * and the history entry; the HttpOnly cookie set with the first page carries the session after that.
 */
import type { RendererApi } from '../../shared/ipc/contract.ts';
import { addressWithoutToken, bridgeUrl } from './launch-token.ts';
import { createBridgeClient } from './ws-client.ts';

function browserModeApi(): RendererApi {
  const url = bridgeUrl(window.location);
  // Not on screen, not in history, not in a bookmark or a shared screenshot; reload uses the cookie.
  const clean = addressWithoutToken(window.location);
  if (clean !== null) window.history.replaceState(window.history.state, '', clean);
  return createBridgeClient({ url, connect: (u) => new WebSocket(u) });
}

export const api: RendererApi = window.api ?? browserModeApi();
