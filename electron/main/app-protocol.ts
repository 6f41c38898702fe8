/**
 * The privileged app:// scheme that serves the built renderer (reliability A.2): only files under
 * out/renderer, only GET/HEAD, the CSP on every response. Anything that would leave the folder
 * (`..`, encoded `%2e%2e` / `%2f` / `%5c`, absolute paths, NUL, symlinks pointing out) is refused.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './trusted-origin.ts';

/** Privileges for registerSchemesAsPrivileged (before app ready): a standard, secure origin. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeOf(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` an app:// URL names, or null when the URL is not ours or would leave root.
 * Pure (no file system): decoding and containment are checked on the text.
 */
export function resolveBundlePath(url: string, root: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  // Backslashes are separators on Windows; NUL truncates paths in native code.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.' || /^[a-zA-Z]:/.test(s))) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join(path.sep);
  const resolvedRoot = path.resolve(root);
  const file = path.resolve(resolvedRoot, relative);
  return isInside(resolvedRoot, file) ? file : null;
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel.length > 0 && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Reads what resolveBundlePath allowed, refusing symlinks that lead out of root. */
export async function bundleResponse(request: { url: string; method: string }, root: string, policy: string): Promise<Response> {
  const headers = (type: string): Record<string, string> => ({
    'Content-Type': type,
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
  });
  const refuse = (status: number, text: string): Response => new Response(text, { status, headers: headers('text/plain; charset=utf-8') });
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
  const file = resolveBundlePath(request.url, root);
  if (!file) return refuse(403, 'Forbidden');
  try {
    const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(file)]);
    if (!isInside(realRoot, realFile)) return refuse(403, 'Forbidden');
    const stat = await fs.stat(realFile);
    if (!stat.isFile()) return refuse(404, 'Not found');
    const body = request.method === 'HEAD' ? null : await fs.readFile(realFile);
    return new Response(body, { status: 200, headers: headers(mimeTypeOf(realFile)) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return refuse(404, 'Not found');
    console.error(`app:// could not read ${request.url}:`, error);
    return refuse(500, 'Could not read the file');
  }
}

/** Installs the handler on the window's session protocol (after app ready). */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, root: string, policy: string): void {
  protocol.handle(APP_SCHEME, (request) => bundleResponse(request, root, policy));
}
