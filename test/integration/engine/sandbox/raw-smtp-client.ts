/**
 * A deliberately small SMTP client for sandbox tests: raw lines over net/tls sockets, so
 * the tests see exactly what the server sends (codes, enhanced codes, ordering).
 */
import net from 'node:net';
import tls from 'node:tls';

export interface RawReply {
  code: number;
  lines: string[];
  /** The last line's text after "ddd " (or the whole reply text for one-liners). */
  text: string;
}

export class RawSmtpClient {
  private buffer = '';
  private readonly replies: RawReply[] = [];
  private waiters: ((r: RawReply) => void)[] = [];
  private failure: Error | undefined;
  private failWaiters: ((e: Error) => void)[] = [];
  /** Every chunk received, with the time order index, for ordering assertions. */
  readonly received: string[] = [];
  closed = false;

  private constructor(public socket: net.Socket) {
    this.attach(socket);
  }

  private attach(socket: net.Socket): void {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => {
      this.closed = true;
      this.fail(new Error('connection closed'));
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.failWaiters) w(err);
    this.failWaiters = [];
    this.waiters = [];
  }

  private onData(chunk: string): void {
    this.received.push(chunk);
    this.buffer += chunk;
    const pending: string[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 2);
      pending.push(line);
      if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
        const lines = [...pending];
        pending.length = 0;
        const reply: RawReply = { code: Number(line.slice(0, 3)), lines, text: line.slice(4) };
        const waiter = this.waiters.shift();
        if (waiter) {
          this.failWaiters.shift();
          waiter(reply);
        } else this.replies.push(reply);
      }
    }
    // Keep an unfinished multi-line reply in the buffer until its last line arrives.
    if (pending.length) this.buffer = pending.map((l) => `${l}\r\n`).join('') + this.buffer;
  }

  static connect(port: number): Promise<RawSmtpClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(new RawSmtpClient(socket)));
      socket.once('error', reject);
    });
  }

  static connectTls(port: number, options: tls.ConnectionOptions): Promise<RawSmtpClient> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port, ...options }, () => resolve(new RawSmtpClient(socket)));
      socket.once('error', reject);
    });
  }

  /** The next whole reply. */
  read(): Promise<RawReply> {
    const queued = this.replies.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiters.push(resolve);
      this.failWaiters.push(reject);
    });
  }

  write(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  async command(line: string): Promise<RawReply> {
    this.write(line);
    return this.read();
  }

  /** RFC 3207: STARTTLS, then the TLS handshake over the same socket. */
  async startTls(options: tls.ConnectionOptions): Promise<tls.TLSSocket> {
    const reply = await this.command('STARTTLS');
    if (reply.code !== 220) throw new Error(`STARTTLS refused: ${reply.lines.join(' / ')}`);
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ socket: plain, ...options }, () => resolve(s));
      s.once('error', reject);
    });
    this.socket = secure;
    this.attach(secure);
    return secure;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Resolves once the socket has closed (after the server ends the session). */
export function closed(client: RawSmtpClient): Promise<void> {
  if (client.closed) return Promise.resolve();
  return new Promise((resolve) => client.socket.once('close', () => resolve()));
}
