/**
 * Small pieces the service-table tests share: `value` unwraps an ok Result (throwing with the error
 * code otherwise), `browserService` makes the browser-mode table most tests run checks on, and
 * `serviceFolder` gives each test a fresh temp data folder and disposes the service tables the
 * test kept, then removes the folder.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createServiceHandlers, type ServiceDeps, type ServiceHandlers } from '../../electron/engine/service/index.ts';
import type { Result } from '../../shared/ipc/result.ts';
import { xorSecretStore } from '../unit/engine/store/xor-secret-store.ts';
import { DNS_PEER_SERVER } from './dns-peer.ts';

export function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/**
 * A browser-mode service table on `dataDir`: XOR-"encrypted" secrets, no events, DNS from the test
 * peer, no public-IP lookup, sandbox on any free ports; `overrides` replace any of these.
 */
export function browserService(dataDir: string, overrides: Partial<ServiceDeps> = {}): ServiceHandlers {
  return createServiceHandlers({
    dataDir,
    secrets: xorSecretStore(),
    emit: () => undefined,
    host: 'browser',
    runDefaults: { dnsServer: DNS_PEER_SERVER, publicIpResolvers: [] },
    sandboxPorts: { smtp: 0, tls: 0 },
    ...overrides,
  });
}

export interface ServiceFolder {
  /** This test's temp folder. */
  readonly dir: string;
  /** Dispose `s` after this test; returns it. */
  keep(s: ServiceHandlers): ServiceHandlers;
}

/** Registers the beforeEach/afterEach pair; call at the top level of a test file. */
export function serviceFolder(prefix: string): ServiceFolder {
  let dir = '';
  const services: ServiceHandlers[] = [];
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
  });
  afterEach(async () => {
    for (const s of services.splice(0)) await s.dispose();
    await fsp.rm(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    keep(s) {
      services.push(s);
      return s;
    },
  };
}
