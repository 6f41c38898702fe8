/**
 * The manual console's AUTH follows the run's policy: without TLS no mechanism runs (CRAM-MD5
 * included) unless the profile allows plaintext login. A hostile server records every byte.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleSessions } from '../../../../electron/engine/service/console-sessions.ts';
import { checkRequestSchema } from '../../../../shared/check-request.ts';
import { AUTH_MECHANISMS } from '../../../../shared/steps.ts';
import { startHostileServer, type HostileServer } from '../../../helpers/hostile-server.ts';
import { script } from '../../../helpers/smtp-script.ts';
import { testCerts } from '../../../helpers/test-certs.ts';

const CANARY = 'Canary-9f3e-Canary-9f3e';
const USER = 'canary-user@hostile.test';
let server: HostileServer | undefined;
let consoles: ConsoleSessions | undefined;
afterEach(async () => {
  consoles?.closeAll();
  await server?.close();
  server = undefined;
});

async function openConsole(allowPlaintext: boolean): Promise<{ consoles: ConsoleSessions; consoleId: string; server: HostileServer }> {
  // Every mechanism offered, no STARTTLS (stripped); AUTH answered 235 so a sent login would "work".
  server = await startHostileServer({ greeting: '220 hostile.test ESMTP\r\n', onLine: script({ AUTH: '235 2.7.0 ok\r\n' }, { extensions: [`AUTH ${AUTH_MECHANISMS.join(' ')}`] }) });
  const request = checkRequestSchema.parse({ server: '127.0.0.1', port: server.port, security: 'starttls-optional', ehloName: 'client.test', auth: { user: USER, password: CANARY, allowPlaintext } });
  consoles = new ConsoleSessions({ emit: () => undefined });
  const consoleId = crypto.randomUUID();
  const opened = await consoles.open(consoleId, { request, auth: { user: USER, password: CANARY } });
  expect(opened).toMatchObject({ ok: true, value: { greeting: { code: 220 } } });
  return { consoles, consoleId, server };
}

describe('console AUTH without TLS', () => {
  for (const mechanism of [...AUTH_MECHANISMS, '']) {
    it(`AUTH ${mechanism || '(automatic)'} is refused without consent and nothing of it reaches the server`, async () => {
      const { consoles, consoleId, server } = await openConsole(false);
      await consoles.command({ consoleId, command: 'EHLO', argument: '' });
      const result = await consoles.command({ consoleId, command: 'AUTH', argument: mechanism });
      expect(result).toMatchObject({ ok: true, value: { error: { code: 'EPOLICY' } } });
      expect(result.ok && result.value.error?.message).toMatch(/refused without TLS/);
      expect(server.allSent().toString('latin1')).not.toMatch(/AUTH/i);
    });
  }

  it('with plaintext login allowed in the profile, AUTH CRAM-MD5 is sent', async () => {
    const { consoles, consoleId, server } = await openConsole(true);
    await consoles.command({ consoleId, command: 'EHLO', argument: '' });
    const result = await consoles.command({ consoleId, command: 'AUTH', argument: 'CRAM-MD5' });
    expect(result).toMatchObject({ ok: true, value: { reply: { code: 235 } } });
    expect(server.lines).toContain('AUTH CRAM-MD5');
  });
});

describe('console AUTH over TLS whose certificate did not verify', () => {
  // The console takes the profile's connection as a run does (one ConnectionSpec), consent included.
  async function overUnverifiedTls(allowUnverifiedTls: boolean) {
    const certs = await testCerts();
    server = await startHostileServer({
      greeting: '220 hostile.test ESMTP\r\n',
      tls: certs.good,
      onLine: script({ AUTH: '235 2.7.0 ok\r\n' }, { extensions: ['STARTTLS'], tlsExtensions: ['AUTH PLAIN'] }),
    });
    const request = checkRequestSchema.parse({
      server: 'localhost',
      family: 4,
      port: server.port,
      security: 'starttls',
      tlsVerify: false,
      ehloName: 'client.test',
      auth: { user: USER, password: CANARY, allowUnverifiedTls },
    });
    consoles = new ConsoleSessions({ emit: () => undefined });
    const consoleId = crypto.randomUUID();
    expect(await consoles.open(consoleId, { request, auth: { user: USER, password: CANARY } })).toMatchObject({ ok: true, value: { greeting: { code: 220 } } });
    for (const command of ['EHLO', 'STARTTLS', 'EHLO'] as const) await consoles.command({ consoleId, command, argument: '' });
    return { result: await consoles.command({ consoleId, command: 'AUTH', argument: 'PLAIN' }), server };
  }

  it('is refused without the profile consent, and nothing of it reaches the server', async () => {
    const { result, server } = await overUnverifiedTls(false);
    expect(result).toMatchObject({ ok: true, value: { error: { code: 'EPOLICY' } } });
    expect(result.ok && result.value.error?.message).toMatch(/certificate did not verify/);
    expect(server.lines.some((l) => /^(TLS: )?AUTH/i.test(l))).toBe(false);
  });

  it('is sent when the profile allows login over unverified TLS', async () => {
    const { result, server } = await overUnverifiedTls(true);
    expect(result).toMatchObject({ ok: true, value: { reply: { code: 235 } } });
    expect(server.lines.some((l) => l.startsWith('TLS: AUTH PLAIN'))).toBe(true);
  });
});
