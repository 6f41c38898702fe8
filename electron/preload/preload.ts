/**
 * The preload of the sandboxed window. A sandboxed preload can require only `electron` and a few
 * polyfilled modules, so Vite bundles this file with the contract into one CommonJS file
 * (out/preload/index.cjs) with `electron` left external.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api.ts';

contextBridge.exposeInMainWorld('api', createPreloadApi(ipcRenderer));
