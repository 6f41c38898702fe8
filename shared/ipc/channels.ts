/**
 * The names of the contract's channels, and nothing else: the sandboxed preload exposes exactly
 * these and imports only this file, so its bundle carries no zod and no schema (zod probes the
 * Function constructor when a schema is made, an eval the page's CSP refuses). The schemas live in contract.ts,
 * whose INVOKE the compiler holds to this list (validation happens in main and the bridge).
 */
export const INVOKE_CHANNELS = [
  'app/info',
  'app/dismiss-welcome',
  'profiles/list',
  'profiles/save',
  'profiles/duplicate',
  'profiles/delete',
  'profiles/export',
  'profiles/import',
  'run/start',
  'run/continue',
  'run/cancel',
  'runs/list',
  'runs/latest',
  'runs/get',
  'runs/get-pair',
  'report/open',
  'report/choose',
  'export/render',
  'export/save',
  'console/open',
  'console/command',
  'console/close',
  'console/save-log',
  'sandbox/status',
  'sandbox/start',
  'sandbox/stop',
  'sandbox/set-behaviours',
  'sandbox/messages',
  'sandbox/message',
  'external/open',
  'app/set-theme',
] as const;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

/** Events main pushes to the renderer (their payloads: EventPayloads in contract.ts). */
export const EVENT_CHANNELS = ['run/transcript', 'run/step', 'run/state', 'console/transcript', 'sandbox/event', 'storage/notice', 'menu/action'] as const;
export type EventChannel = (typeof EVENT_CHANNELS)[number];
