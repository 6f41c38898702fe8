/** A sandbox per test: random ports on loopback, a fresh temp data folder, events collected. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach } from 'vitest';
import { startSandbox } from '../../../../electron/engine/sandbox/index.ts';
import type { Sandbox, SandboxEvent, SandboxOptions } from '../../../../electron/engine/sandbox/index.ts';

export interface TestSandbox {
  sandbox: Sandbox;
  events: SandboxEvent[];
  dataDir: string;
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'smtp-probe-sandbox-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const dataDir = options.dataDir ?? (await tempDir());
  const events: SandboxEvent[] = [];
  const sandbox = await startSandbox({
    smtpPort: 0,
    tlsPort: 0,
    ...options,
    dataDir,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });
  cleanups.push(() => sandbox.close());
  return { sandbox, events, dataDir };
}

type TransportOptions = {
  port: number;
  secure: boolean;
  requireTLS?: boolean;
  ignoreTLS?: boolean;
  auth?: { user: string; pass: string };
  authMethod?: string;
  ca?: string;
  servername?: string;
};

/** nodemailer's SMTP transport pointed at the sandbox, trusting only the sandbox certificate. */
export function transport(o: TransportOptions) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port: o.port,
    secure: o.secure,
    ...(o.requireTLS !== undefined ? { requireTLS: o.requireTLS } : {}),
    ...(o.ignoreTLS !== undefined ? { ignoreTLS: o.ignoreTLS } : {}),
    ...(o.auth ? { auth: o.auth } : {}),
    ...(o.authMethod ? { authMethod: o.authMethod } : {}),
    tls: { ...(o.ca ? { ca: [o.ca] } : {}), ...(o.servername ? { servername: o.servername } : {}) },
    // One message per connection, no pooling: each test sees its own session.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 10_000,
  });
}
