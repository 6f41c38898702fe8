/**
 * The defaults of a check request that need no schema (shared/check-request.ts re-exports them):
 * the renderer's first screen shows them without loading zod.
 */
import type { SecurityMode } from './steps.ts';

/** The subject of the test message when none is given (the engine, the wizard's preview, the built-in profile). */
export const DEFAULT_SUBJECT = 'SMTP Probe test message';

export const DEFAULT_PORTS = { none: 25, starttls: 587, 'starttls-optional': 25, implicit: 465 } as const;

/** Where a run connects: to a domain's MX (domain mode) or to a server given by name or IP. */
export type TargetKind = 'domain' | 'host';

/** An MX receives mail on 25; RFC 8314 §3.3 gives implicit TLS on 465 to submission only, not to relay. */
export const MX_PORT = 25;

/**
 * The port when none is given, declared once for the CLI, the app's profiles and the engine.
 * Domain mode: 25 whatever the TLS mode; implicit TLS to an MX is tried on 25 too, and the
 * diagnosis says the server speaks plain text there. Server mode: the usual port of the
 * security mode (DEFAULT_PORTS: 587 for STARTTLS, 465 for implicit TLS, else 25).
 */
export function defaultPort(security: SecurityMode, kind: TargetKind): number {
  return kind === 'domain' ? MX_PORT : DEFAULT_PORTS[security];
}
