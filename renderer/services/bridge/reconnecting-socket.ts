/**
 * The bridge client's WebSocket, opened again with backoff after a drop: the first delay, doubled
 * after each failure up to the max, back to the first once a connection opens.
 */
import type { WebSocketLike } from './websocket-like.ts';

const OPEN = 1;

export interface ReconnectingSocketOptions {
  url: string;
  connect: (url: string) => WebSocketLike;
  backoff: { initialMs: number; maxMs: number };
  onOpen: (socket: WebSocketLike) => void;
  onMessage: (data: unknown) => void;
  /** The socket closed; `opened`: whether it had opened at all. */
  onClose: (opened: boolean) => void;
  /** `connect` itself threw. */
  onConnectError: (error: unknown) => void;
}

export function createReconnectingSocket(options: ReconnectingSocketOptions) {
  const { backoff } = options;
  let socket: WebSocketLike | undefined;
  let delay = backoff.initialMs;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function watch(ws: WebSocketLike): void {
    let opened = false;
    ws.onopen = () => {
      opened = true;
      delay = backoff.initialMs;
      options.onOpen(ws);
    };
    ws.onmessage = (event) => options.onMessage(event.data);
    ws.onerror = () => {
      // The close event follows and carries the consequences.
    };
    ws.onclose = () => {
      if (socket === ws) socket = undefined;
      options.onClose(opened);
      schedule();
    };
  }

  function open(): void {
    if (stopped) return;
    try {
      socket = options.connect(options.url);
    } catch (error) {
      options.onConnectError(error);
      schedule();
      return;
    }
    watch(socket);
  }

  function schedule(): void {
    if (stopped || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      open();
    }, delay);
    delay = Math.min(delay * 2, backoff.maxMs);
  }

  /** Between attempts: try now rather than wait out the backoff. */
  function retryNow(): void {
    if (socket || retry === undefined) return;
    clearTimeout(retry);
    retry = undefined;
    open();
  }

  function stop(): void {
    stopped = true;
    if (retry !== undefined) clearTimeout(retry);
    retry = undefined;
    socket?.close();
    socket = undefined;
  }

  open();
  return {
    /** The socket when it is open, else undefined. */
    openSocket: (): WebSocketLike | undefined => (socket?.readyState === OPEN ? socket : undefined),
    retryNow,
    stop,
  };
}
