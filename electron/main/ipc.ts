/**
 * The Electron host of the handler table: one ipcMain.handle per INVOKE channel. Each call is
 * checked before any handler runs (reliability A.8, A.9):
 *  1. the sender is the top frame of our window, showing our own origin -> else EFORBIDDEN;
 *  2. dispatchInvoke (the gate every host shares): size cap on the JSON, the channel's zod schema
 *     -> else EINVALID with the offending field; then the handler. The gate and its schemas (zod)
 *     are imported on the first call that passes step 1, not at start-up: the window opens sooner;
 *  3. a handler that throws becomes EINTERNAL with a generic message and a reference (never the
 *     error's text, which could quote a secret); the detail is logged in main under that reference.
 * Nothing here throws back into Electron: the renderer always gets a Result.
 */
import type { IpcMain } from 'electron';
import { INVOKE_CHANNELS } from '../../shared/ipc/channels.ts';
import type { InvokeChannel } from '../../shared/ipc/channels.ts';
import type { Handlers } from '../../shared/ipc/contract.ts';
import { fail } from '../../shared/ipc/result.ts';
import type { Result } from '../../shared/ipc/result.ts';
import { internalFailure } from '../engine/service/guard.ts';
import { originOf } from './trusted-origin.ts';

/** The parts of IpcMainInvokeEvent the checks read (tests pass plain objects). */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: ({ url: string; parent: unknown } & Partial<FrameId>) | null;
}

/** Identifies one frame of one renderer process (WebFrameMain.processId / routingId). */
export interface FrameId {
  processId: number;
  routingId: number;
}

export interface SenderPolicy {
  /** webContents id of the app's window, or null when there is none. */
  windowContentsId(): number | null;
  /**
   * The window's main frame. `parent === null` alone is not enough: a fenced frame or a portal is
   * also a root without a parent; only the window's own main frame may call.
   */
  mainFrame?(): FrameId | null;
  /** Origins whose top frame may call (app://bundle; the dev server when not packaged). */
  trustedOrigins: ReadonlySet<string>;
}

export { INVOKE_CHANNELS };

/** The fields read once, where a throw can be caught (they are getters on Electron's WebFrameMain). */
function frameFields(frame: ({ url?: string; parent?: unknown } & Partial<FrameId>) | null): { url: string | undefined; parent: unknown; processId: number | undefined; routingId: number | undefined } | null {
  if (!frame) return null;
  return { url: frame.url, parent: frame.parent, processId: frame.processId, routingId: frame.routingId };
}

/** Why the sender is refused, or null when it is our window's top frame on a trusted origin. */
export function senderRefusal(event: InvokeEventLike, policy: SenderPolicy): string | null {
  let frame: ReturnType<typeof frameFields>;
  let main: ReturnType<typeof frameFields>;
  try {
    // Electron's senderFrame and WebFrameMain's own getters throw once the frame is disposed
    // (the page navigated or closed while the call was on its way): that is "no frame".
    frame = frameFields(event.senderFrame);
    main = policy.mainFrame ? frameFields(policy.mainFrame()) : null;
  } catch {
    return 'the calling frame is gone';
  }
  if (!frame) return 'the calling frame is gone';
  if (frame.parent !== null) return 'only the top-level frame may call';
  const windowId = policy.windowContentsId();
  if (windowId === null || event.sender.id !== windowId) return 'the caller is not the app window';
  if (policy.mainFrame) {
    if (!main || frame.processId !== main.processId || frame.routingId !== main.routingId) return "the caller is not the window's main frame";
  }
  const origin = originOf(frame.url ?? '');
  if (origin === null || !policy.trustedOrigins.has(origin)) return 'the caller is not the app page';
  return null;
}

/** The table with every handler's throw turned into a plain EINTERNAL (logged here, not sent). */
export function withInternalErrors(handlers: Handlers): Handlers {
  const guarded: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const channel of INVOKE_CHANNELS) {
    const handler = handlers[channel] as ((input: unknown) => Promise<Result<unknown>>) | undefined;
    guarded[channel] = async (input) => {
      if (typeof handler !== 'function') return fail('EINTERNAL', `${channel} is not available in this build.`);
      try {
        return await handler(input);
      } catch (error) {
        return internalFailure(channel, error);
      }
    };
  }
  return guarded as unknown as Handlers;
}

/**
 * A table whose every handler waits for the real one (the service loads after the window opens);
 * null, a service that could not be created, answers EINTERNAL.
 */
export function deferredHandlers(table: Promise<Handlers | null>): Handlers {
  const deferred: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const channel of INVOKE_CHANNELS) {
    deferred[channel] = async (input) => {
      const handlers = await table;
      const handler = handlers?.[channel] as ((input: unknown) => Promise<Result<unknown>>) | undefined;
      return handler ? handler(input) : fail('EINTERNAL', `${channel} is not available: the service could not start.`);
    };
  }
  return deferred as unknown as Handlers;
}

/** Checks one call and runs its handler; always resolves to a Result. */
export async function handleInvoke(channel: InvokeChannel, event: InvokeEventLike, input: unknown, handlers: Handlers, policy: SenderPolicy): Promise<Result<unknown>> {
  const refusal = senderRefusal(event, policy);
  if (refusal) return fail('EFORBIDDEN', `Refused ${channel}: ${refusal}.`);
  const { dispatchInvoke } = await import('../engine/service/dispatch.ts');
  return dispatchInvoke(handlers, channel, input);
}

/** Registers every channel; returns a function that removes them again (quit, tests). */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: Handlers, policy: SenderPolicy): () => void {
  const guarded = withInternalErrors(handlers);
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, input: unknown) => handleInvoke(channel, event, input, guarded, policy));
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
