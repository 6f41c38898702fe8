/**
 * The renderer's API over browser mode's WebSocket bridge (electron/serve): the same `RendererApi`
 * the desktop preload exposes, so no other renderer code depends on the transport; what differs by
 * host (stored passwords, downloads instead of a save dialog) comes from app/info.
 * Requests are correlated by id (bridge/pending-requests.ts); events go to the `on` listeners
 * (bridge/event-listeners.ts); the connection comes back with backoff after a drop
 * (bridge/reconnecting-socket.ts). Every failure of the transport resolves as
 * `{ ok: false, error: { code: 'EINTERNAL' } }`: `invoke` never throws and never rejects.
 *
 * No DOM types here (the socket is passed in), so the client is unit-tested under Node with `ws`.
 */
import { encodeRequest, messageLimit } from '../../shared/ipc/bridge-protocol.ts';
import type { BridgeServerMessage } from '../../shared/ipc/bridge-protocol.ts';
import { payloadLimit } from '../../shared/ipc/payload-limits.ts';
import type { EventChannel, EventPayloads, InvokeChannel, InvokeInput, InvokeOutputs, RendererApi } from '../../shared/ipc/contract.ts';
import { fail } from '../../shared/ipc/result.ts';
import type { Result } from '../../shared/ipc/result.ts';
import { createEventListeners } from './bridge/event-listeners.ts';
import { createPendingRequests } from './bridge/pending-requests.ts';
import { messageOf } from './bridge/message-of.ts';
import { createReconnectingSocket } from './bridge/reconnecting-socket.ts';
import type { WebSocketLike } from './bridge/websocket-like.ts';

export type { WebSocketLike } from './bridge/websocket-like.ts';

export interface BridgeClientOptions {
  /** ws://127.0.0.1:<port>/api?token=... */
  url: string;
  connect: (url: string) => WebSocketLike;
  /** Reconnect delays: the first, doubled each failure up to the max. */
  backoff?: { initialMs: number; maxMs: number };
  /** Where transport problems are reported (console.warn by default). */
  warn?: (message: string) => void;
}

export interface BridgeClient extends RendererApi {
  /** Stops reconnecting and fails what is still pending. */
  close(): void;
  readonly connected: boolean;
}

/** One message from the server: an event for the listeners, or the answer to a request. */
function parseMessage(data: unknown, warn: (message: string) => void): BridgeServerMessage | undefined {
  if (typeof data !== 'string') return undefined;
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    warn('browser mode: the server sent a message that is not JSON');
    return undefined;
  }
  return typeof message === 'object' && message !== null ? (message as BridgeServerMessage) : undefined;
}

/** The request as sent, or why it cannot be (not plain JSON, over the size cap). */
function encodeInput(id: string, channel: InvokeChannel, input: unknown): { text: string } | { refused: Result<never> } {
  let text: string;
  try {
    text = encodeRequest({ id, channel, input });
  } catch (error) {
    return { refused: fail('EINVALID', `The input of ${channel} is not plain JSON data: ${messageOf(error)}`) };
  }
  if (new TextEncoder().encode(text).length > messageLimit(channel)) return { refused: fail('EINVALID', `The input of ${channel} is larger than ${payloadLimit(channel)} bytes.`) };
  return { text };
}

export function createBridgeClient(options: BridgeClientOptions): BridgeClient {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const requests = createPendingRequests(warn);
  const events = createEventListeners(warn);
  let nextId = 0;
  let stopped = false;

  function onMessage(data: unknown): void {
    const message = parseMessage(data, warn);
    if (message === undefined) return;
    if ('event' in message) events.emit(message.event, message.payload);
    else if (typeof message.id === 'string') requests.settle(message.id, message.result);
  }

  function onClose(opened: boolean): void {
    // Sent requests may or may not have run: say so rather than resend them.
    requests.failWhere((p) => p.sent, 'The connection to browser mode was lost before the answer came; check the result before retrying.');
    // A connection that never opened: the requests waiting for it fail now instead of hanging.
    if (!opened) requests.failWhere(() => true, 'Cannot reach browser mode (is `smtp-probe ui` still running?).');
  }

  const socket = createReconnectingSocket({
    url: options.url,
    connect: options.connect,
    backoff: options.backoff ?? { initialMs: 250, maxMs: 5000 },
    onOpen: (ws) => requests.sendUnsent((text) => ws.send(text)),
    onMessage,
    onClose,
    onConnectError: (error) => requests.failWhere((p) => !p.sent, `Cannot reach browser mode: ${messageOf(error)}`),
  });

  function invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<Result<InvokeOutputs[C]>> {
    return new Promise((resolve) => {
      const done = resolve as (result: Result<unknown>) => void;
      if (stopped) return done(fail('EINTERNAL', 'The connection to browser mode is closed.'));
      const id = `r${++nextId}`;
      const encoded = encodeInput(id, channel, input);
      if ('refused' in encoded) return done(encoded.refused);
      requests.add(id, { resolve: done, text: encoded.text, sent: false });
      socket.retryNow();
      const ws = socket.openSocket();
      if (ws) requests.sendUnsent((text) => ws.send(text));
    });
  }

  return {
    get connected() {
      return socket.openSocket() !== undefined;
    },
    invoke,
    on<E extends EventChannel>(channel: E, listener: (payload: EventPayloads[E]) => void): () => void {
      return events.on(channel, (payload) => listener(payload as EventPayloads[E]));
    },
    close() {
      stopped = true;
      requests.failWhere(() => true, 'The connection to browser mode is closed.');
      socket.stop();
    },
  };
}
