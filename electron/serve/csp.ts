/**
 * The Content-Security-Policy of browser mode: the desktop app's policy (electron/main/
 * content-security-policy.ts; reliability A.3: no 'unsafe-eval', scripts only from the app itself,
 * inline styles for PrimeVue's styled mode), with the one difference the transport forces: the
 * page must reach its own WebSocket bridge, so connect-src names it (the desktop app talks over IPC
 * and keeps connect-src 'none'). Browser mode never imports electron/main, so the table is repeated
 * here and test/unit/serve/csp.test.ts fails the moment the two policies drift apart.
 */
const DESKTOP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
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

export function browserModeCsp(port: number): string {
  const directives: Record<string, readonly string[]> = {
    ...DESKTOP_DIRECTIVES,
    'connect-src': ["'self'", `ws://127.0.0.1:${port}`, `ws://localhost:${port}`],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
