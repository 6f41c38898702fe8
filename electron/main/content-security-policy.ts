/**
 * The desktop app's Content-Security-Policy, sent as a response header on every response main
 * serves (app://) and added to every other response (the dev server). The directive table and why
 * each entry is what it is: shared/csp.ts (one table for the desktop app and browser mode).
 */
import { cspText } from '../../shared/csp.ts';

/** The policy text; `devOrigin` (unpackaged dev server only) adds its HMR socket and modules. */
export function contentSecurityPolicy(devOrigin: string | null = null): string {
  if (!devOrigin) return cspText();
  const ws = devOrigin.replace(/^http/, 'ws');
  return cspText({ 'script-src': ["'self'", devOrigin], 'connect-src': ["'self'", devOrigin, ws] });
}

type HeaderMap = Record<string, string | string[]>;

/** Response headers with our CSP replacing any the server sent (header names are case-insensitive). */
export function withCspHeader(headers: HeaderMap | undefined, policy: string): HeaderMap {
  const out: HeaderMap = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [policy];
  return out;
}
