/**
 * The manual console's AUTH with NTLM, through the real service handler table, against a server that
 * offers NTLM and checks the NTLMv2 response: a profile with a stored password logs in as
 * DOMAIN\user, and the console's results and events hold neither the password nor the
 * AUTHENTICATE message the server received.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import type { EventChannel, EventPayloads } from '../../../../shared/ipc/contract.ts';
import { emptyProfileFields } from '../../../../shared/profile.ts';
import { browserService, value } from '../../../helpers/service-table.ts';
import { startNtlmServer, type NtlmServer } from '../../../helpers/ntlm-server.ts';
import { testCerts } from '../../../helpers/test-certs.ts';

type Event = { [E in EventChannel]: { channel: E; payload: EventPayloads[E] } }[EventChannel];

const USER = 'EXAMPLE\\alice';
const PASSWORD = 'Winter-2026-Ntlm!';
let dir: string;
let service: ServiceHandlers;
let server: NtlmServer;
let ca: string;
const events: Event[] = [];

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-console-ntlm-'));
  service = browserService(dir, { emit: (channel, payload) => events.push({ channel, payload } as Event) });
  const certs = await testCerts();
  ca = certs.ca.cert;
  server = await startNtlmServer({ accounts: { [USER]: PASSWORD }, certs: certs.good, authMethods: ['NTLM', 'LOGIN'] });
});

afterAll(async () => {
  await service?.dispose();
  await server?.close();
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('the console: AUTH NTLM', () => {
  it('logs in as DOMAIN\\user with the profile\'s NTLM; results and events hold no secret', async () => {
    const fields = { ...emptyProfileFields(), name: 'Exchange console', targetKind: 'host' as const, target: '127.0.0.1', port: server.port, security: 'starttls' as const, caPem: ca.trim(), ehloName: 'client.test', authUser: USER, authMechanism: 'NTLM' as const };
    const profileId = value(await service['profiles/save']({ fields, password: PASSWORD })).id;
    const consoleId = crypto.randomUUID();
    const results: unknown[] = [value(await service['console/open']({ consoleId, profileId }))];
    for (const command of ['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'QUIT'] as const) results.push(value(await service['console/command']({ consoleId, command })));
    expect((results[4] as { reply?: { code: number } }).reply?.code).toBe(235);
    expect(server.attempts.map((a) => [a.domain, a.user])).toEqual([['EXAMPLE', 'alice']]);
    const consoleEvents = events.filter((e) => e.channel === 'console/transcript' && e.payload.consoleId === consoleId);
    const lines = consoleEvents.flatMap((e) => (e.channel === 'console/transcript' ? e.payload.events.map((l) => l.text) : []));
    expect(lines).toContain('AUTH NTLM [redacted]');
    expect(lines).toContain('NTLM challenge: domain EXAMPLE, server MAIL1');
    const dump = JSON.stringify(results) + JSON.stringify(consoleEvents);
    expect(dump).not.toContain(PASSWORD);
    expect(dump).not.toContain(server.attempts[0]!.base64.slice(0, 40));
  });
});
