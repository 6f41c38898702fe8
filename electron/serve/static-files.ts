/**
 * Serves the built renderer (out/renderer) and nothing else: the request path is decoded once,
 * every `..`, backslash, NUL or absolute form is refused, and the resolved real path (after
 * symlinks) must still lie inside the renderer folder.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup = { kind: 'file'; file: string; size: number } | { kind: 'forbidden' } | { kind: 'not-found' };

/** Maps a URL pathname (still percent-encoded) to a file inside `root`, or says why not. */
export async function resolveStatic(root: string, pathname: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'forbidden' };
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return { kind: 'forbidden' };
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || /^[a-zA-Z]:/.test(s))) return { kind: 'forbidden' };
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');

  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return { kind: 'not-found' };
  }
  let file: string;
  try {
    file = await realpath(path.join(realRoot, relative));
  } catch {
    return { kind: 'not-found' };
  }
  if (file !== realRoot && !file.startsWith(realRoot + path.sep)) return { kind: 'forbidden' };
  try {
    const info = await stat(file);
    if (!info.isFile()) return { kind: 'not-found' };
    return { kind: 'file', file, size: info.size };
  } catch {
    return { kind: 'not-found' };
  }
}
