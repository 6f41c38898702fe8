/**
 * A delaying TCP proxy on loopback, for round-trip benchmarks on a kernel without netem: every
 * chunk waits `delayMs` in each direction (one ordered queue per direction), and so does the
 * connection to the target, so connect + banner costs one full round trip as on a real link.
 *
 * It also counts the client's flights: a flight is the connect, or a burst of client bytes
 * between two deliveries of server bytes, that the server answers. Server bytes count when they
 * reach the client (after the delay), so each flight is one round trip the client waits for; a
 * last burst nobody answers (a TLS close_notify after the 221) costs no wait and is not counted.
 */
import net from 'node:net';

export interface ProxiedConnection {
  /** Client flights so far (the connect included). */
  flights: number;
  /** Client bytes in each flight, in order (0 for the connect): where the round trips go. */
  flightBytes: number[];
  /** Client bytes sent after the server's last bytes reached the client: unanswered, not a flight. */
  trailingBytes: number;
  clientBytes: number;
  serverBytes: number;
  /** performance.now() at accept, and when the client side closed. */
  openedAt: number;
  closedAt?: number;
}

export interface DelayProxy {
  port: number;
  /** Every connection accepted, in order. */
  connections: ProxiedConnection[];
  close(): Promise<void>;
}

/** One direction of the link: chunks leave in order, each `delayMs` after it arrived. */
function delayLine(delayMs: number, deliver: (chunk: Buffer | null) => void) {
  const queue: { due: number; chunk: Buffer | null }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && (queue[0]?.due ?? 0) <= now) deliver((queue.shift() as { chunk: Buffer | null }).chunk);
    const next = queue[0];
    if (next) timer = setTimeout(flush, Math.max(1, next.due - now));
  };
  return {
    /** null stands for the end of the stream (FIN), delayed like the data before it. */
    push(chunk: Buffer | null) {
      queue.push({ due: performance.now() + delayMs, chunk });
      timer ??= setTimeout(flush, delayMs);
    },
    cancel() {
      clearTimeout(timer);
      queue.length = 0;
    },
  };
}

function proxyConnection(client: net.Socket, target: { host: string; port: number }, delayMs: number): ProxiedConnection {
  const stats: ProxiedConnection = { flights: 0, flightBytes: [], trailingBytes: 0, clientBytes: 0, serverBytes: 0, openedAt: performance.now() };
  // The connect is the first burst, answered by the banner.
  let awaitingAnswer = true;
  let upstream: net.Socket | undefined;
  const pending: (Buffer | null)[] = [];
  const toServer = delayLine(delayMs, (chunk) => {
    if (!upstream) pending.push(chunk);
    else if (chunk) upstream.write(chunk);
    else upstream.end();
  });
  const toClient = delayLine(delayMs, (chunk) => {
    if (client.destroyed) return;
    if (!chunk) return void client.end();
    if (awaitingAnswer) {
      stats.flights++;
      stats.flightBytes.push(stats.trailingBytes);
      stats.trailingBytes = 0;
      awaitingAnswer = false;
    }
    client.write(chunk);
  });
  const teardown = () => {
    toServer.cancel();
    toClient.cancel();
    clearTimeout(connectTimer);
    client.destroy();
    upstream?.destroy();
  };
  client.on('data', (chunk: Buffer) => {
    awaitingAnswer = true;
    stats.trailingBytes += chunk.length;
    stats.clientBytes += chunk.length;
    toServer.push(chunk);
  });
  client.on('end', () => toServer.push(null));
  client.on('error', teardown);
  client.on('close', () => {
    stats.closedAt = performance.now();
    teardown();
  });
  // The SYN crosses the link too: the target sees the connection one delay later.
  const connectTimer = setTimeout(() => {
    upstream = net.connect(target.port, target.host);
    upstream.on('data', (chunk: Buffer) => {
      stats.serverBytes += chunk.length;
      toClient.push(chunk);
    });
    upstream.on('end', () => toClient.push(null));
    upstream.on('error', teardown);
    for (const chunk of pending.splice(0)) {
      if (chunk) upstream.write(chunk);
      else upstream.end();
    }
  }, delayMs);
  return stats;
}

export async function startDelayProxy(options: { targetHost: string; targetPort: number; delayMs: number }): Promise<DelayProxy> {
  const connections: ProxiedConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    connections.push(proxyConnection(client, { host: options.targetHost, port: options.targetPort }, options.delayMs));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
