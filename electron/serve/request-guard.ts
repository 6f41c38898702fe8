/**
 * Who may talk to browser mode. The server listens on 127.0.0.1 only, but any web page the user
 * opens can send requests to loopback, and DNS rebinding can make a foreign name resolve to it.
 * So every request must carry:
 * - a Host header naming this server exactly (127.0.0.1:<port> or localhost:<port>), which defeats
 *   DNS rebinding (the browser sends the attacker's name);
 * - for the WebSocket and any non-GET request, an Origin of the same host (a foreign page's
 *   WebSocket carries its own Origin; browsers do not apply the same-origin policy to WebSockets);
 * - the launch token (in the query or the cookie set when the page was first opened with it),
 *   compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface GuardContext {
  port: number;
  token: string;
}

/** 32 random bytes per launch, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Cookies are not separated by port, so two launches on different ports need different names. */
export function tokenCookieName(port: number): string {
  return `smtp_probe_token_${port}`;
}

/** Constant-time comparison; hashing first makes the lengths equal so the length does not leak either. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase());
}

/** Same origin: the scheme is http and the host is the one the request was sent to. */
export function originAllowed(origin: string | undefined, host: string | undefined, port: number): boolean {
  if (origin === undefined || host === undefined || !hostAllowed(host, port)) return false;
  return origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token of a request: from `?token=` first, then from this launch's cookie. */
export function requestToken(req: IncomingMessage, url: URL, port: number): string | undefined {
  return url.searchParams.get('token') ?? cookieValue(req.headers.cookie, tokenCookieName(port));
}

export type GuardVerdict = { ok: true; tokenFromQuery: boolean } | { ok: false; reason: string };

/** The checks for one request; `needsOrigin` for the WebSocket upgrade and non-GET requests. */
export function checkRequest(req: IncomingMessage, url: URL, ctx: GuardContext, needsOrigin: boolean): GuardVerdict {
  const host = req.headers.host;
  if (!hostAllowed(host, ctx.port)) return { ok: false, reason: 'wrong Host header' };
  if (needsOrigin && !originAllowed(req.headers.origin, host, ctx.port)) return { ok: false, reason: 'foreign or missing Origin' };
  const token = requestToken(req, url, ctx.port);
  if (token === undefined || !tokensEqual(token, ctx.token)) return { ok: false, reason: 'missing or wrong token' };
  return { ok: true, tokenFromQuery: url.searchParams.has('token') };
}
