/**
 * Checks and completes SandboxOptions before anything touches the disk or the network.
 * Bad input gets a SandboxError with a plain message; nothing is started.
 */
import { resolve } from 'node:path';
import { DEFAULT_BEHAVIOURS, mergeBehaviours } from './policy.ts';
import { SandboxError } from './sandbox-error.ts';
import { SANDBOX_DEFAULT_HOSTNAME, SANDBOX_DEFAULT_PORTS, SANDBOX_HOST } from './sandbox-types.ts';
import type { SandboxBehaviours, SandboxEvent, SandboxOptions } from './sandbox-types.ts';

export const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
export const MIN_MAX_MESSAGE_BYTES = 1024;
export const MAX_MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

/** RFC 1035 §2.3.1 / RFC 1123 §2.1 host name: labels of letters, digits and inner hyphens. */
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export interface ResolvedSandboxOptions {
  dataDir: string;
  host: string;
  smtpPort: number;
  tlsPort: number;
  hostname: string;
  behaviours: SandboxBehaviours;
  maxMessageBytes: number;
  onEvent: ((e: SandboxEvent) => void) | undefined;
}

function port(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65535) {
    throw new SandboxError('EOPTION', 'options', `${name} must be a port number from 0 to 65535 (0 picks a free one)`);
  }
  return value;
}

export function resolveSandboxOptions(options: SandboxOptions): ResolvedSandboxOptions {
  if (typeof options !== 'object' || options === null) throw new SandboxError('EOPTION', 'options', 'Sandbox options are required');
  if (typeof options.dataDir !== 'string' || options.dataDir.trim() === '' || options.dataDir.includes('\u0000')) {
    throw new SandboxError('EOPTION', 'options', 'dataDir must name a folder for the sandbox certificate, credentials and inbox');
  }
  const host = options.host ?? SANDBOX_HOST;
  if (host !== SANDBOX_HOST) {
    // The sandbox accepts any recipient and offers a published test password: it must never be reachable from the network.
    throw new SandboxError('EHOST', 'options', `The sandbox listens on ${SANDBOX_HOST} only; refusing to listen on "${String(host)}"`);
  }
  const smtpPort = port(options.smtpPort, 'smtpPort', SANDBOX_DEFAULT_PORTS.smtp);
  const tlsPort = port(options.tlsPort, 'tlsPort', SANDBOX_DEFAULT_PORTS.tls);
  if (smtpPort !== 0 && smtpPort === tlsPort) {
    throw new SandboxError('EOPTION', 'options', `smtpPort and tlsPort must differ (both are ${smtpPort})`);
  }
  const hostname = (options.hostname ?? SANDBOX_DEFAULT_HOSTNAME).toLowerCase();
  if (typeof options.hostname !== 'undefined' && (typeof options.hostname !== 'string' || !HOSTNAME.test(hostname))) {
    throw new SandboxError('EOPTION', 'options', `hostname must be a DNS name such as ${SANDBOX_DEFAULT_HOSTNAME}`);
  }
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (!Number.isInteger(maxMessageBytes) || maxMessageBytes < MIN_MAX_MESSAGE_BYTES || maxMessageBytes > MAX_MAX_MESSAGE_BYTES) {
    throw new SandboxError('EOPTION', 'options', `maxMessageBytes must be a whole number from ${MIN_MAX_MESSAGE_BYTES} to ${MAX_MAX_MESSAGE_BYTES}`);
  }
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') {
    throw new SandboxError('EOPTION', 'options', 'onEvent must be a function');
  }
  return {
    dataDir: resolve(options.dataDir),
    host,
    smtpPort,
    tlsPort,
    hostname,
    behaviours: mergeBehaviours({ ...DEFAULT_BEHAVIOURS }, options.behaviours),
    maxMessageBytes,
    onEvent: options.onEvent,
  };
}

/** Domains the sandbox treats as its own (RFC 5321 §4.1.3 address literal included). */
export function localDomainsFor(hostname: string): string[] {
  return [...new Set([hostname, 'localhost', `[${SANDBOX_HOST}]`])];
}
