/**
 * The gate in front of the real handler table (reliability A.9): whatever arrives, on any channel,
 * the answer is a Result — EINVALID when the input fails the channel's schema — and the table keeps
 * working afterwards. Side effects stay in a temporary data folder and on loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../../electron/engine/service/dispatch.ts';
import { createServiceHandlers, memorySecretStore } from '../../../electron/engine/service/index.ts';
import type { ServiceHandlers } from '../../../electron/engine/service/index.ts';
import { INVOKE } from '../../../shared/ipc/contract.ts';
import type { InvokeChannel } from '../../../shared/ipc/contract.ts';
import { IPC_ERROR_CODES } from '../../../shared/ipc/result.ts';

const channels = Object.keys(INVOKE) as InvokeChannel[];
let dataDir: string;
let handlers: ServiceHandlers;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-dispatch-'));
  handlers = createServiceHandlers({ dataDir, secrets: memorySecretStore(), emit: () => {}, host: 'browser', sandboxPorts: { smtp: 0, tls: 0 }, runDefaults: { dnsServer: '127.0.0.1', publicIpResolvers: [] } });
});
afterAll(async () => {
  await handlers.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A payload whose getters throw is one the schema refuses. */
function schemaAccepts(channel: InvokeChannel, payload: unknown): boolean {
  try {
    return INVOKE[channel].safeParse(payload).success;
  } catch {
    return false;
  }
}

describe('dispatchInvoke with the real handler table', () => {
  it('answers fc.anything() on every channel with a Result, EINVALID when the schema refuses it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channels), fc.anything(), async (channel, payload) => {
        const result = await dispatchInvoke(handlers, channel, payload);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(IPC_ERROR_CODES).toContain(result.error.code);
        if (!schemaAccepts(channel, payload)) expect(result).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
      }),
      { numRuns: 300 },
    );
    // Still working.
    expect(await dispatchInvoke(handlers, 'app/info', {})).toMatchObject({ ok: true, value: { host: 'browser' } });
  });
});
