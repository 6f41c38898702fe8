/**
 * Which local addresses a listening port answers on: a listener meant for 127.0.0.1 only must
 * refuse 127.0.0.2 and ::1, which stand in for the machine's other addresses (tests reach
 * loopback only). A listener on every address (0.0.0.0 or ::) takes them.
 */
import net from 'node:net';

/** 'connected', or the error code of the refused connection (ECONNREFUSED). */
export function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** True when this machine has ::1 to listen on (a container may have IPv6 off). */
export function ipv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}
