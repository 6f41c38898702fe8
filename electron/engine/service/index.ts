/** The service table and what a host needs to build it. */
export { createServiceHandlers, type ServiceHandlers } from './create-service.ts';
export type { Emit, RunDefaults, ServiceDeps } from './service-deps.ts';
export { memorySecretStore, type SecretStore } from '../store/secrets.ts';
export { defaultDataDir } from '../store/data-dir.ts';
