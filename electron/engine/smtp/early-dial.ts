/**
 * A TCP connection opened before the check is ready (`check --fast` to an IP address): the connect
 * and the server's greeting travel while the engine's modules load, the request is validated and
 * the message is composed, instead of after. The session's connect takes the socket over when it
 * dials exactly that address and port from no given source address; otherwise, or when the early
 * connect failed, the session dials as usual. One nobody takes is closed with no byte sent.
 */
import net from 'node:net';

/** What the session's connect asks for (connection.ts ConnectOptions), its host without brackets. */
export interface DialTarget {
  host: string;
  port: number;
  family: 0 | 4 | 6;
  localAddress?: string;
}

/** The socket handed to the session, and when it was dialled and connected (performance.now()). */
export interface ClaimedDial {
  socket: net.Socket;
  dialedAt: number;
  /** Undefined while the connect is still under way. */
  connectedAt(): number | undefined;
}

export interface EarlyDial {
  readonly host: string;
  readonly port: number;
  /** The socket, once, for a session dialling exactly this target; undefined (and the socket closed) otherwise. */
  claim(target: DialTarget): ClaimedDial | undefined;
  /** Closes the socket unless a session took it; nothing was written to it. */
  discard(): void;
}

/**
 * Dials `host` (an IP address, no brackets) on `port`. Resolves once the connect has left: Node
 * starts it on the next tick, which would otherwise wait for whatever the caller loads next.
 */
export async function dialEarly(host: string, port: number): Promise<EarlyDial> {
  const early = dialNow(host, port);
  await new Promise<void>((resolve) => process.nextTick(resolve));
  return early;
}

function dialNow(host: string, port: number): EarlyDial {
  const dialedAt = performance.now();
  const socket = net.connect({ host, port });
  // The session writes whole commands and groups, as on a socket it dials itself (connection.ts).
  socket.setNoDelay(true);
  let connectedAt: number | undefined;
  let failed = false;
  let settled = false;
  // Kept until the session takes the socket: an early refusal must not end the process as uncaught.
  const onError = () => (failed = true);
  socket.on('error', onError);
  socket.once('connect', () => (connectedAt = performance.now()));
  const discard = () => {
    if (settled) return;
    settled = true;
    socket.destroy();
  };
  const matches = (t: DialTarget) => t.host === host && t.port === port && t.localAddress === undefined && (t.family === 0 || t.family === net.isIP(host));
  return {
    host,
    port,
    claim(target) {
      if (settled || failed || socket.destroyed || !matches(target)) {
        discard();
        return undefined;
      }
      settled = true;
      socket.off('error', onError);
      return { socket, dialedAt, connectedAt: () => connectedAt };
    },
    discard,
  };
}
