/**
 * Which page may call main: the packaged renderer at app://bundle, or (only when not packaged) the
 * dev server named by ELECTRON_RENDERER_URL. Node's WHATWG URL reports `origin === "null"` for
 * schemes it does not know (app:), so origins are compared as protocol + host, never as strings.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** protocol://host[:port] of a URL, including app://bundle; null when the text is not a URL. */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin;
  if (parsed.protocol === `${APP_SCHEME}:`) return `${APP_SCHEME}://${parsed.host}`;
  return null;
}

/**
 * The dev server's origin, only when the app is not packaged and the variable names a loopback
 * http(s) URL: a packaged app never loads anything but its own bundle (reliability A.2).
 */
export function devServerOrigin(isPackaged: boolean, rendererUrl: string | undefined): string | null {
  if (isPackaged || !rendererUrl) return null;
  let parsed: URL;
  try {
    parsed = new URL(rendererUrl);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const loopback = parsed.hostname === 'localhost' || parsed.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(parsed.hostname);
  return loopback ? parsed.origin : null;
}

/** The origins whose top frame may use IPC. */
export function trustedOrigins(devOrigin: string | null): ReadonlySet<string> {
  return new Set(devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN]);
}
