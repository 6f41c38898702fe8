/**
 * The renderer's Content-Security-Policy (reliability A.3), one table for both hosts: the desktop
 * app (electron/main, app:// responses) and browser mode (electron/serve, HTTP responses).
 *
 * Never 'unsafe-eval': the renderer is precompiled SFCs on Vue's runtime-only build (and zod runs
 * jitless). style-src has 'unsafe-inline' on purpose: PrimeVue injects <style> elements at runtime
 * (its core styles; the theme is a built stylesheet), which a static bundle cannot list by hash. Inline
 * *styles* cannot run code; scripts stay 'self' only, so an injected <script> or inline handler
 * still does not run. connect-src is 'none' on the desktop (the renderer talks to main over IPC);
 * each host widens only what its transport needs.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
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

/** The policy text, with some directives replaced (a host's transport). */
export function cspText(overrides: Readonly<Record<string, readonly string[]>> = {}): string {
  return Object.entries({ ...CSP_DIRECTIVES, ...overrides })
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
