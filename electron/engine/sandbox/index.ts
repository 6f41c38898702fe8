/** The built-in test server: public surface for the CLI, the service table and the app. */
export { startSandbox } from './sandbox-server.ts';
export { SANDBOX_AUTH_MECHANISMS, SANDBOX_DEFAULT_PORTS, SANDBOX_DEFAULT_HOSTNAME, SANDBOX_HOST, SANDBOX_NTLM_DOMAIN } from './sandbox-types.ts';
export type {
  Sandbox,
  SandboxBehaviours,
  SandboxEvent,
  SandboxInfo,
  SandboxListener,
  SandboxMessage,
  SandboxOptions,
  SandboxRejectStage,
} from './sandbox-types.ts';
export { SandboxError, SANDBOX_ERROR_CODES, SANDBOX_PHASES } from './sandbox-error.ts';
export type { SandboxErrorCode, SandboxErrorInfo, SandboxPhase } from './sandbox-error.ts';
