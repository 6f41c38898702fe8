/**
 * Errors of the built-in test server: a code from the table, a plain message, the phase.
 * These are server-side problems (bad options, busy port, unreadable data folder), distinct
 * from the client engine's EngineError which describes a probe of somebody else's server.
 */

export const SANDBOX_ERROR_CODES = [
  'EHOST', // asked to listen beyond loopback
  'EOPTION', // an option out of range or malformed
  'EADDRINUSE', // a port is taken
  'ELISTEN', // any other failure to listen
  'EDATADIR', // the data folder cannot be created or written
  'ECERT', // the certificate or key could not be made or stored
  'ECREDENTIALS', // sandbox.json could not be written
  'EINBOX', // a message or its envelope could not be stored or read
  'ESESSION', // one client connection failed (reset, failed TLS handshake); the server goes on
] as const;
export type SandboxErrorCode = (typeof SANDBOX_ERROR_CODES)[number];

export const SANDBOX_PHASES = ['options', 'data-dir', 'certificate', 'credentials', 'listen', 'session', 'inbox', 'close'] as const;
export type SandboxPhase = (typeof SANDBOX_PHASES)[number];

/** Plain-data form, for events and for crossing IPC. */
export interface SandboxErrorInfo {
  code: SandboxErrorCode;
  phase: SandboxPhase;
  message: string;
  /** The OS / Node error code behind it, when there is one (e.g. "EACCES"). */
  cause?: string;
}

export class SandboxError extends Error {
  readonly code: SandboxErrorCode;
  readonly phase: SandboxPhase;
  readonly osCode: string | undefined;

  constructor(code: SandboxErrorCode, phase: SandboxPhase, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SandboxError';
    this.code = code;
    this.phase = phase;
    this.osCode = osErrorCode(cause);
  }

  toInfo(): SandboxErrorInfo {
    return { code: this.code, phase: this.phase, message: this.message, ...(this.osCode ? { cause: this.osCode } : {}) };
  }
}

/** The `code` of a Node system error ("ENOENT", "EACCES"...), if it is one. */
export function osErrorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return undefined;
}

/** Any thrown value as a SandboxError of the given code and phase (kept as is when it already is one). */
export function toSandboxError(err: unknown, code: SandboxErrorCode, phase: SandboxPhase, message: string): SandboxError {
  if (err instanceof SandboxError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new SandboxError(code, phase, `${message}: ${detail}`, err);
}
