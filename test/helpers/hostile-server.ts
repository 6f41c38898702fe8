/**
 * A scripted raw SMTP server on loopback for hostile-server scenarios (reliability E.44):
 * plain `net.createServer`, with an optional `tls.TLSSocket` upgrade on the same socket
 * (nodemailer's starttls-buffer-test pattern) or implicit TLS from the first byte.
 * Each scenario says what to send on connect and per received line; the harness records
 * every byte the client sent (plaintext part and decrypted TLS part separately).
 */
import net from 'node:net';
import tls from 'node:tls';

export interface ScenarioContext {
  /** Writes as-is (one segment when small). */
  write(data: string | Buffer): void;
  /** FIN after flushing. */
  end(data?: string | Buffer): void;
  /** TCP RST. */
  reset(): void;
  /** Server side of TLS on the same socket (after writing STARTTLS's 220). */
  startTls(): void;
  /** Sends `text` one byte every `intervalMs` until the socket closes. */
  drip(text: string, intervalMs: number): void;
  /** Lines received so far on this connection (without CRLF). */
  readonly lines: string[];
  /** Stops reading: what the client sends from now on is neither recorded nor answered (a stalled peer). */
  mute(): void;
  /** True once the TLS upgrade (or implicit TLS) is done. */
  readonly secure: boolean;
  /** True once the client closed (FIN) or reset the connection. */
  readonly closed: boolean;
}

export interface Scenario {
  /** Sent on connect (implicit TLS: after the handshake). Omit for a silent server. */
  greeting?: string | Buffer;
  /** Called for each CRLF/LF-terminated line the client sends. */
  onLine?: (line: string, ctx: ScenarioContext) => void;
  /** Key + certificate for STARTTLS or implicit TLS. */
  tls?: { key: string; cert: string; minVersion?: tls.SecureVersion; maxVersion?: tls.SecureVersion; ciphers?: string };
  /** TLS from the first byte (port 465 style). */
  implicitTls?: boolean;
  /** Called when a client connects, before the greeting (e.g. to RST at once). */
  onConnect?: (ctx: ScenarioContext) => void;
}

export interface HostileServer {
  port: number;
  /** Everything received in plaintext, all connections in order. */
  readonly plainBytes: Buffer[];
  /** Everything received inside TLS (decrypted). */
  readonly tlsBytes: Buffer[];
  /** All lines received, with a "TLS: " prefix for lines received inside TLS. */
  readonly lines: string[];
  /** Every raw byte the client sent, concatenated (plaintext + decrypted TLS). */
  allSent(): Buffer;
  /** Number of connections accepted. */
  connections: number;
  /** The client's address of each connection, as this server saw it (the source address test). */
  readonly remoteAddresses: string[];
  close(): Promise<void>;
}

/** Where to listen: 127.0.0.1 and any free port unless told (::1 for IPv6 cases, a given port to pair two listeners). */
export interface ListenOn {
  host?: string;
  port?: number;
}

export async function startHostileServer(scenario: Scenario, on: ListenOn = {}): Promise<HostileServer> {
  const plainBytes: Buffer[] = [];
  const tlsBytes: Buffer[] = [];
  const lines: string[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const remoteAddresses: string[] = [];
  const server = net.createServer((raw) => {
    state.connections++;
    remoteAddresses.push(raw.remoteAddress ?? '');
    sockets.add(raw);
    raw.on('error', () => {
      // A client reset is part of several scenarios; the test asserts on the client side.
    });
    let closed = false;
    raw.on('end', () => (closed = true));
    raw.on('close', () => {
      closed = true;
      sockets.delete(raw);
    });
    let current: net.Socket = raw;
    let secure = false;
    let pending = '';
    const connLines: string[] = [];

    const onData = (chunk: Buffer) => {
      (secure ? tlsBytes : plainBytes).push(Buffer.from(chunk));
      pending += chunk.toString('latin1');
      let i: number;
      while ((i = pending.indexOf('\n')) !== -1) {
        const line = pending.slice(0, i).replace(/\r$/, '');
        pending = pending.slice(i + 1);
        const text = Buffer.from(line, 'latin1').toString('utf8');
        connLines.push(text);
        lines.push(secure ? `TLS: ${text}` : text);
        scenario.onLine?.(text, ctx);
      }
    };

    const upgrade = (onSecure: () => void) => {
      if (!scenario.tls) throw new Error('scenario has no tls key/cert');
      raw.removeListener('data', onData);
      const secureSocket = new tls.TLSSocket(raw, {
        isServer: true,
        secureContext: tls.createSecureContext({
          key: scenario.tls.key,
          cert: scenario.tls.cert,
          minVersion: scenario.tls.minVersion ?? 'TLSv1.2',
          maxVersion: scenario.tls.maxVersion ?? 'TLSv1.3',
          ...(scenario.tls.ciphers ? { ciphers: scenario.tls.ciphers } : {}),
        }),
      });
      secureSocket.on('error', () => {
        // Handshake failures are the client's story; the test asserts on the client side.
      });
      secureSocket.once('secure', () => {
        secure = true;
        current = secureSocket;
        pending = '';
        secureSocket.on('data', onData);
        onSecure();
      });
    };

    const ctx: ScenarioContext = {
      write: (data) => {
        if (!current.destroyed) current.write(data);
      },
      end: (data) => {
        if (current.destroyed) return;
        if (data === undefined) current.end();
        else current.end(data);
      },
      reset: () => raw.resetAndDestroy(),
      startTls: () => upgrade(() => {}),
      drip: (text, intervalMs) => {
        let index = 0;
        const timer = setInterval(() => {
          if (current.destroyed || index >= text.length) {
            clearInterval(timer);
            timers.delete(timer);
            return;
          }
          current.write(text[index++] as string);
        }, intervalMs);
        timers.add(timer);
      },
      mute: () => {
        current.removeListener('data', onData);
        current.pause();
      },
      lines: connLines,
      get secure() {
        return secure;
      },
      get closed() {
        return closed;
      },
    };

    scenario.onConnect?.(ctx);
    if (raw.destroyed) return;
    if (scenario.implicitTls) {
      upgrade(() => {
        if (scenario.greeting !== undefined) ctx.write(scenario.greeting);
      });
      return;
    }
    raw.on('data', onData);
    if (scenario.greeting !== undefined) ctx.write(scenario.greeting);
  });

  const state = {
    port: 0,
    plainBytes,
    tlsBytes,
    lines,
    connections: 0,
    remoteAddresses,
    allSent: () => Buffer.concat([...plainBytes, ...tlsBytes]),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(on.port ?? 0, on.host ?? '127.0.0.1', resolve);
  });
  state.port = (server.address() as net.AddressInfo).port;
  return state;
}

/** Replies for a well-behaved minimal ESMTP dialogue; scenarios override single commands. */
export function basicReply(line: string, extensions: string[] = ['PIPELINING', 'SIZE 1000000', '8BITMIME']): string | undefined {
  const verb = line.split(' ')[0]?.toUpperCase();
  switch (verb) {
    case 'EHLO': {
      const all = ['hostile.test Hello', ...extensions];
      return all.map((l, i) => `250${i === all.length - 1 ? ' ' : '-'}${l}\r\n`).join('');
    }
    case 'HELO':
      return '250 hostile.test\r\n';
    case 'MAIL':
    case 'RCPT':
    case 'RSET':
    case 'NOOP':
      return '250 2.0.0 OK\r\n';
    case 'DATA':
      return '354 go ahead\r\n';
    case 'QUIT':
      return '221 2.0.0 bye\r\n';
    default:
      return undefined;
  }
}

/**
 * A server that greets and answers like a small MTA (basicReply), with each connection's context
 * kept in order; added to `started` for the test's cleanup.
 */
export async function startSmallMta(started: HostileServer[]): Promise<{ s: HostileServer; contexts: ScenarioContext[] }> {
  const contexts: ScenarioContext[] = [];
  const s = await startHostileServer({
    greeting: '220 small.test ESMTP\r\n',
    onConnect: (ctx) => void contexts.push(ctx),
    onLine: (line, ctx) => {
      const answer = basicReply(line);
      if (answer !== undefined) ctx.write(answer);
    },
  });
  started.push(s);
  return { s, contexts };
}

/** Waits (up to 2 s) for what a server sees to come true: connections are accepted on a later turn of the loop. */
export async function serverSees(done: () => boolean): Promise<boolean> {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  return done();
}
