/**
 * The renderer's Content-Security-Policy (reliability A.3), sent as a response header on every
 * response main serves (app://) and added to every other response (the dev server).
 *
 * Never 'unsafe-eval': the renderer is precompiled SFCs on Vue's runtime-only build.
 * style-src has 'unsafe-inline' on purpose: PrimeVue's styled mode injects <style> elements at
 * runtime (one per component theme), which a static bundle cannot list by hash, and a per-launch
 * nonce would have to be fed into PrimeVue's config from the page. Inline *styles* cannot run code;
 * scripts stay 'self' only, so an injected <script> or inline handler still does not run.
 * connect-src 'none': the renderer talks to main over IPC only (dev: the Vite HMR socket).
 */
const BASE: Record<string, string[]> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The policy text; `devOrigin` (unpackaged dev server only) adds its HMR socket and modules. */
export function contentSecurityPolicy(devOrigin: string | null = null): string {
  const directives = structuredClone(BASE);
  if (devOrigin) {
    const ws = devOrigin.replace(/^http/, 'ws');
    directives['script-src'] = ["'self'", devOrigin];
    directives['connect-src'] = ["'self'", devOrigin, ws];
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
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
