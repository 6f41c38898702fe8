/** What the desktop preload exposes (electron/preload); absent in browser mode. */
import type { RendererApi } from '../../shared/ipc/contract.ts';

declare global {
  interface Window {
    api?: RendererApi;
  }
}

export {};
