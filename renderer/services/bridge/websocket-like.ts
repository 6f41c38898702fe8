/** Method syntax keeps handler parameters bivariant, so the DOM's and ws's event types both fit. */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** What the bridge client needs of a WebSocket (the browser's and the `ws` package's both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<unknown> | null;
  onerror: Handler<unknown> | null;
}
