/**
 * The Content-Security-Policy of browser mode: the desktop app's policy (shared/csp.ts) with the one
 * difference the transport forces: the page must reach its own WebSocket bridge, so connect-src
 * names it (the desktop app talks over IPC and keeps connect-src 'none').
 */
import { cspText } from '../../shared/csp.ts';

export function browserModeCsp(port: number): string {
  return cspText({ 'connect-src': ["'self'", `ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
}
