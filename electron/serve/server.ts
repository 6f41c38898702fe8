/**
 * Browser mode: the built renderer and the handler table, reached from a normal browser over
 * HTTP + a WebSocket on 127.0.0.1. Used by
 * `smtp-probe ui`, by `npm start` where Electron's binary is missing, and by the e2e tests.
 */
import { createReadStream } from 'node:fs';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EventChannel, EventPayloads, Handlers } from '../../shared/ipc/contract.ts';
import { browserModeCsp } from './csp.ts';
import { checkRequest, newToken, tokenCookieName } from './request-guard.ts';
import { resolveStatic, contentType } from './static-files.ts';
import { BRIDGE_PATH, createBridge } from './ws-bridge.ts';

export type EmitEvent = <E extends EventChannel>(channel: E, payload: EventPayloads[E]) => void;

export interface BrowserModeOptions {
  /** 0 (the default) = a free port chosen by the system. */
  port?: number;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /**
   * The handler table, or a factory that receives the function that pushes events to the pages and
   * the log (with the token scrubbed) for what must not reach a page.
   */
  handlers: Handlers | ((emit: EmitEvent, log: (line: string) => void) => Handlers);
  /** A fixed token (tests); a fresh random one otherwise. */
  token?: string;
  /** Diagnostics (refused requests, socket errors, handlers' exceptions); never the token. Silent by default. */
  log?: (line: string) => void;
}

export interface BrowserMode {
  /** http://127.0.0.1:<port>/?token=<token> */
  url: string;
  port: number;
  token: string;
  /** Pushes an event to every connected page. */
  emit: EmitEvent;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function commonHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': browserModeCsp(port),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // The token is in the page URL: never send it on as a Referer.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

function refuse(res: ServerResponse, port: number, status: number, text: string): void {
  res.writeHead(status, { ...commonHeaders(port), 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

function refuseUpgrade(socket: Duplex, status: 400 | 403 | 404): void {
  const reason = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The request target without its query: the query may hold the token. */
function pathOnly(req: IncomingMessage): string {
  return (req.url ?? '').replace(/[?#].*$/s, '');
}

/** A log that never writes the token, whatever a line quotes (a URL, an error text). */
function tokenScrubbingLog(sink: (line: string) => void, token: string): (line: string) => void {
  return (line) => sink(line.split(token).join('[token]').split(encodeURIComponent(token)).join('[token]'));
}

function parseUrl(req: IncomingMessage): URL | undefined {
  try {
    // The base only anchors relative paths; the Host header is checked separately.
    return new URL(req.url ?? '/', `http://${HOST}`);
  } catch {
    return undefined;
  }
}

/** One HTTP request: the token and origin checked (request-guard.ts), then a file of the built page, or a refusal. */
async function serveHttp(req: IncomingMessage, res: ServerResponse, ctx: { rendererDir: string; token: string; port: number; log: (line: string) => void }): Promise<void> {
  const { port, token, log } = ctx;
  const url = parseUrl(req);
  const method = req.method ?? 'GET';
  const safe = method === 'GET' || method === 'HEAD';
  if (!url) return refuse(res, port, 400, 'Bad request');
  const verdict = checkRequest(req, url, { port, token }, !safe);
  if (!verdict.ok) {
    log(`browser mode: refused ${method} ${url.pathname}: ${verdict.reason}`);
    return refuse(res, port, 403, 'Forbidden: open the address printed when browser mode started (it carries a fresh token).');
  }
  if (!safe) return refuse(res, port, 405, 'Method not allowed');
  const found = await resolveStatic(ctx.rendererDir, url.pathname);
  if (found.kind === 'forbidden') return refuse(res, port, 403, 'Forbidden');
  if (found.kind === 'not-found') return refuse(res, port, 404, 'Not found');
  const headers: Record<string, string> = { ...commonHeaders(port), 'Content-Type': contentType(found.file), 'Content-Length': String(found.size) };
  if (verdict.tokenFromQuery) {
    // Lets the page load its scripts and styles, which carry no token in their URLs.
    headers['Set-Cookie'] = `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
  }
  res.writeHead(200, headers);
  if (method === 'HEAD') return void res.end();
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(found.file);
    stream.once('error', reject);
    res.once('close', resolve);
    stream.pipe(res);
  });
}

export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const token = options.token ?? newToken();
  const log = tokenScrubbingLog(options.log ?? (() => {}), token);
  let port = 0;

  // The bridge exists before the handlers so that a handler factory can be given its emit.
  const table: { handlers?: Handlers } = {};
  const bridge = createBridge(() => {
    if (!table.handlers) throw new Error('browser mode: handlers used before start');
    return table.handlers;
  }, log);
  const emit: EmitEvent = (channel, payload) => bridge.broadcast(channel, payload);
  table.handlers = typeof options.handlers === 'function' ? options.handlers(emit, log) : options.handlers;

  const server = http.createServer((req, res) => {
    void serveHttp(req, res, { rendererDir: options.rendererDir, token, port, log }).catch((error: unknown) => {
      log(`browser mode: ${req.method} ${pathOnly(req)}: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) refuse(res, port, 500, 'Internal error');
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => log(`browser mode: upgrade socket error: ${error.message}`));
    const url = parseUrl(req);
    if (!url) return refuseUpgrade(socket, 400);
    const verdict = checkRequest(req, url, { port, token }, true);
    if (!verdict.ok) {
      log(`browser mode: refused WebSocket: ${verdict.reason}`);
      return refuseUpgrade(socket, 403);
    }
    if (url.pathname !== BRIDGE_PATH) return refuseUpgrade(socket, 404);
    bridge.server.handleUpgrade(req, socket, head, (ws) => bridge.server.emit('connection', ws, req));
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: HOST, port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    token,
    emit,
    close() {
      closed ??= (async () => {
        await bridge.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closed;
    },
  };
}
