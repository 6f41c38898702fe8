/**
 * The privileged app:// scheme that serves the built renderer (reliability A.2): only files under
 * out/renderer, only GET/HEAD, the CSP on every response, refusals included. The path check is the
 * one browser mode uses (electron/serve/static-files.ts: `..`, encoded `%2e%2e` / `%2f` / `%5c`,
 * drive letters, NUL and symlinks that lead out of the folder are refused), so the two hosts serve
 * the same files by the same rule.
 */
import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { contentType, resolveStatic } from '../serve/static-files.ts';
import { APP_HOST, APP_SCHEME } from './trusted-origin.ts';

/** Privileges for registerSchemesAsPrivileged (before app ready): a standard, secure origin. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

/** The response to one app:// request: a file of `root`, or a refusal that reveals nothing. */
export async function bundleResponse(request: { url: string; method: string }, root: string, policy: string): Promise<Response> {
  const headers = (type: string): Record<string, string> => ({
    'Content-Type': type,
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
  });
  const refuse = (status: number, text: string): Response => new Response(text, { status, headers: headers('text/plain; charset=utf-8') });
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');

  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return refuse(400, 'Bad request');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(403, 'Forbidden');
  const found = await resolveStatic(root, url.pathname);
  if (found.kind === 'forbidden') return refuse(403, 'Forbidden');
  if (found.kind === 'not-found') return refuse(404, 'Not found');
  try {
    const body = request.method === 'HEAD' ? null : await readFile(found.file);
    return new Response(body, { status: 200, headers: headers(contentType(found.file)) });
  } catch (error) {
    console.error(`app:// could not read ${found.file}:`, error);
    return refuse(500, 'Could not read the file');
  }
}

/** Installs the handler on the window's session protocol (after app ready). */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, root: string, policy: string): void {
  protocol.handle(APP_SCHEME, (request) => bundleResponse(request, root, policy));
}
