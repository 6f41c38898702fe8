/**
 * The flooding server of the paused-flood benchmark, in its own process (forked by
 * paused-flood.ts) so that its buffers and its CPU are not counted as the engine's. Loopback only.
 * It sends a banner on connect; on the parent's "flood" message it writes complete one-line replies
 * as fast as the socket takes them (respecting backpressure) until the client closes, the time is
 * up or the byte ceiling is reached, then reports what it managed to send.
 */
import net from 'node:net';

export interface FloodOrder {
  type: 'flood';
  ms: number;
  /** Ceiling on the bytes sent; none when absent. */
  maxBytes?: number;
}

export interface FloodReport {
  type: 'flooded';
  /** Bytes the kernel took from the server (write callbacks without error) before the flood ended. */
  bytes: number;
  /** True when the flood ended because the client closed the connection. */
  closedByClient: boolean;
  /** From the first flood byte to the end of the flood. */
  ms: number;
}

/** 64 lines of 64 bytes: "250 2.0.0 flood line …" replies, each complete (no continuation). */
const CHUNK = Buffer.from(Array.from({ length: 64 }, (_, i) => `250 2.0.0 flood line ${String(i).padStart(4, '0')} ${'x'.repeat(37)}\r\n`).join(''));

let client: net.Socket | undefined;
let closed = false;
const server = net.createServer((socket) => {
  client = socket;
  socket.on('error', () => undefined); // the client's reset is the expected end
  socket.on('close', () => (closed = true));
  socket.on('data', () => undefined); // nothing is answered: the client only sends on its own after the pause
  socket.write('220 flood.bench.test ESMTP\r\n');
});

function flood(order: FloodOrder): void {
  const socket = client;
  if (!socket) throw new Error('flood ordered before the client connected');
  const start = performance.now();
  let written = 0;
  let queued = 0;
  let ended = false;
  const maxBytes = order.maxBytes ?? Number.POSITIVE_INFINITY;
  const end = () => {
    if (ended) return;
    ended = true;
    const report: FloodReport = { type: 'flooded', bytes: written, closedByClient: closed, ms: performance.now() - start };
    process.send?.(report);
  };
  socket.once('close', end);
  const pump = () => {
    while (!closed && queued < maxBytes && performance.now() - start < order.ms) {
      queued += CHUNK.length;
      const more = socket.write(CHUNK, (err) => {
        if (!err) written += CHUNK.length;
      });
      if (!more) return void socket.once('drain', pump);
    }
    // Time or bytes ran out: the connection stays open (a real flooder would not close it either).
    if (!closed && socket.writableLength > 0) socket.once('drain', end);
    else if (!closed) end();
  };
  pump();
}

process.on('message', (message: FloodOrder) => {
  if (message.type === 'flood') flood(message);
});
process.on('disconnect', () => {
  client?.destroy();
  server.close();
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as net.AddressInfo;
  process.send?.({ type: 'listening', port: address.port });
});
