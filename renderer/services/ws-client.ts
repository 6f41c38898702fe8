/**
 * The renderer's API over browser mode's WebSocket bridge (electron/serve): the same `RendererApi`
 * the desktop preload exposes, so no other renderer code depends on the transport; what differs by
 * host (stored passwords, downloads instead of a save dialog) comes from app/info.
 * Requests are correlated by id; events go to the `on` listeners; the connection comes back with
 * backoff after a drop. Every failure of the transport resolves as
 * `{ ok: false, error: { code: 'EINTERNAL' } }`: `invoke` never throws and never rejects.
 *
 * No DOM types here (the socket is passed in), so the client is unit-tested under Node with `ws`.
 */
import { encodeRequest, messageLimit } from '../../shared/ipc/bridge-protocol.ts';
import type { BridgeServerMessage } from '../../shared/ipc/bridge-protocol.ts';
import { payloadLimit } from '../../shared/ipc/contract.ts';
import type { EventChannel, EventPayloads, InvokeChannel, InvokeInput, InvokeOutputs, RendererApi } from '../../shared/ipc/contract.ts';
import { fail } from '../../shared/ipc/result.ts';
import type { Result } from '../../shared/ipc/result.ts';

/** Method syntax keeps handler parameters bivariant, so the DOM's and ws's event types both fit. */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** What the client needs of a WebSocket (the browser's and the `ws` package's both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<unknown> | null;
  onerror: Handler<unknown> | null;
}

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

const OPEN = 1;

type Pending = { resolve: (result: Result<unknown>) => void; text: string; sent: boolean };
type Listener = (payload: unknown) => void;

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return true;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error.message === 'string';
}

export function createBridgeClient(options: BridgeClientOptions): BridgeClient {
  const backoff = options.backoff ?? { initialMs: 250, maxMs: 5000 };
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const pending = new Map<string, Pending>();
  const listeners = new Map<EventChannel, Set<Listener>>();
  let socket: WebSocketLike | undefined;
  let nextId = 0;
  let delay = backoff.initialMs;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function failPending(predicate: (p: Pending) => boolean, message: string): void {
    for (const [id, p] of pending) {
      if (!predicate(p)) continue;
      pending.delete(id);
      p.resolve(fail('EINTERNAL', message));
    }
  }

  function flush(): void {
    if (!socket || socket.readyState !== OPEN) return;
    for (const p of pending.values()) {
      if (p.sent) continue;
      try {
        socket.send(p.text);
        p.sent = true;
      } catch (error) {
        warn(`browser mode: sending failed: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    }
  }

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: BridgeServerMessage;
    try {
      message = JSON.parse(data) as BridgeServerMessage;
    } catch {
      warn('browser mode: the server sent a message that is not JSON');
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    if ('event' in message) {
      for (const listener of listeners.get(message.event) ?? []) {
        try {
          listener(message.payload);
        } catch (error) {
          warn(`browser mode: a listener of ${message.event} threw: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return;
    }
    if (typeof message.id !== 'string') return;
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    p.resolve(isResult(message.result) ? message.result : fail('EINTERNAL', 'The server sent a malformed result.'));
  }

  function open(): void {
    if (stopped) return;
    let opened = false;
    let ws: WebSocketLike;
    try {
      ws = options.connect(options.url);
    } catch (error) {
      failPending((p) => !p.sent, `Cannot reach browser mode: ${error instanceof Error ? error.message : String(error)}`);
      schedule();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      opened = true;
      delay = backoff.initialMs;
      flush();
    };
    ws.onmessage = (event) => onMessage(event.data);
    ws.onerror = () => {
      // The close event follows and carries the consequences.
    };
    ws.onclose = () => {
      if (socket === ws) socket = undefined;
      // Sent requests may or may not have run: say so rather than resend them.
      failPending((p) => p.sent, 'The connection to browser mode was lost before the answer came; check the result before retrying.');
      // A connection that never opened: the requests waiting for it fail now instead of hanging.
      if (!opened) failPending(() => true, 'Cannot reach browser mode (is `smtp-probe ui` still running?).');
      schedule();
    };
  }

  function schedule(): void {
    if (stopped || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      open();
    }, delay);
    delay = Math.min(delay * 2, backoff.maxMs);
  }

  open();

  return {
    get connected() {
      return socket?.readyState === OPEN;
    },
    invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<Result<InvokeOutputs[C]>> {
      return new Promise((resolve) => {
        const done = resolve as (result: Result<unknown>) => void;
        if (stopped) return done(fail('EINTERNAL', 'The connection to browser mode is closed.'));
        const id = `r${++nextId}`;
        let text: string;
        try {
          text = encodeRequest({ id, channel, input });
        } catch (error) {
          return done(fail('EINVALID', `The input of ${channel} is not plain JSON data: ${error instanceof Error ? error.message : String(error)}`));
        }
        if (byteLength(text) > messageLimit(channel)) return done(fail('EINVALID', `The input of ${channel} is larger than ${payloadLimit(channel)} bytes.`));
        pending.set(id, { resolve: done, text, sent: false });
        if (!socket && retry !== undefined) {
          // Between attempts: try now rather than wait out the backoff.
          clearTimeout(retry);
          retry = undefined;
          open();
        }
        flush();
      });
    },
    on<E extends EventChannel>(channel: E, listener: (payload: EventPayloads[E]) => void): () => void {
      const set = listeners.get(channel) ?? new Set<Listener>();
      listeners.set(channel, set);
      const wrapped: Listener = (payload) => listener(payload as EventPayloads[E]);
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    close() {
      stopped = true;
      if (retry !== undefined) clearTimeout(retry);
      retry = undefined;
      failPending(() => true, 'The connection to browser mode is closed.');
      socket?.close();
      socket = undefined;
    },
  };
}
