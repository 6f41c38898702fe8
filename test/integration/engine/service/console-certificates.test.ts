/**
 * The manual console takes its TLS policy from the same ConnectionSpec as a run: a certificate pin
 * trusts exactly the pinned certificate (and lets AUTH through to it), and any other fails the
 * STARTTLS, or with inspect anyway goes on without ever getting the password.
 */
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleSessions } from '../../../../electron/engine/service/console-sessions.ts';
import { checkRequestSchema, type CheckRequestInput } from '../../../../shared/check-request.ts';
import type { TranscriptEvent } from '../../../../shared/transcript.ts';
import { pinOfFingerprint } from '../../../../shared/tls-pin.ts';
import { startHostileServer, type HostileServer } from '../../../helpers/hostile-server.ts';
import { script } from '../../../helpers/smtp-script.ts';
import { testCerts } from '../../../helpers/test-certs.ts';

const PASSWORD = 'Canary-5d1c-Canary-5d1c';
const USER = 'pin-user@hostile.test';
let server: HostileServer | undefined;
let consoles: ConsoleSessions | undefined;
afterEach(async () => {
  consoles?.closeAll();
  consoles = undefined;
  await server?.close();
  server = undefined;
});

/** Opens a console for the request; every transcript line it emits is kept as text. */
async function openConsole(input: CheckRequestInput): Promise<{ consoleId: string; lines: string[] }> {
  const lines: string[] = [];
  consoles = new ConsoleSessions({
    emit: (channel, payload) => {
      if (channel === 'console/transcript') for (const e of (payload as { events: TranscriptEvent[] }).events) lines.push(e.text);
    },
  });
  const request = checkRequestSchema.parse(input);
  const consoleId = crypto.randomUUID();
  const auth = request.auth ? { user: request.auth.user, password: request.auth.password } : undefined;
  expect(await consoles.open(consoleId, { request, ...(auth ? { auth } : {}) })).toMatchObject({ ok: true, value: { greeting: { code: 220 } } });
  return { consoleId, lines };
}

describe('console with a certificate pin', () => {
  /** The hostile server's certificate comes from the test CA, which nothing here trusts. */
  async function pinned(pin: string, extra: Partial<CheckRequestInput> = {}) {
    const certs = await testCerts();
    server = await startHostileServer({
      greeting: '220 hostile.test ESMTP\r\n',
      tls: certs.good,
      onLine: script({ AUTH: '235 2.7.0 ok\r\n' }, { extensions: ['STARTTLS'], tlsExtensions: ['AUTH PLAIN'] }),
    });
    const { consoleId, lines } = await openConsole({
      server: 'localhost',
      family: 4,
      port: server.port,
      security: 'starttls',
      tlsPin: pin,
      ehloName: 'client.test',
      auth: { user: USER, password: PASSWORD },
      ...extra,
    });
    const c = consoles as ConsoleSessions;
    await c.command({ consoleId, command: 'EHLO', argument: '' });
    const starttls = await c.command({ consoleId, command: 'STARTTLS', argument: '' });
    return { consoleId, lines, starttls, c, server };
  }

  const goodPin = async () => pinOfFingerprint(new X509Certificate((await testCerts()).good.cert).fingerprint256);

  it('the pinned certificate is trusted: STARTTLS goes on and AUTH is sent', async () => {
    const { consoleId, lines, starttls, c, server } = await pinned(await goodPin());
    expect(starttls).toMatchObject({ ok: true, value: { reply: { code: 220 }, closed: false } });
    expect(lines.join('\n')).toContain('certificate trusted by its pin');
    await c.command({ consoleId, command: 'EHLO', argument: '' });
    expect(await c.command({ consoleId, command: 'AUTH', argument: 'PLAIN' })).toMatchObject({ ok: true, value: { reply: { code: 235 } } });
    expect(server.lines.some((l) => l.startsWith('TLS: AUTH PLAIN'))).toBe(true);
  });

  it('another certificate fails STARTTLS with PIN_MISMATCH, and nothing goes over TLS', async () => {
    const { starttls, server } = await pinned(`sha256:${'0'.repeat(64)}`);
    expect(starttls).toMatchObject({ ok: true, value: { error: { code: 'ETLS' }, closed: true } });
    expect(starttls.ok && starttls.value.error?.message).toMatch(/pinned/);
    expect(server.lines.some((l) => l.startsWith('TLS: '))).toBe(false);
  });

  it('another certificate with inspect anyway and "still log in": the session goes on, AUTH is still refused', async () => {
    const { consoleId, starttls, c, server } = await pinned(`sha256:${'0'.repeat(64)}`, { tlsVerify: false, auth: { user: USER, password: PASSWORD, allowUnverifiedTls: true } });
    expect(starttls).toMatchObject({ ok: true, value: { reply: { code: 220 }, closed: false } });
    await c.command({ consoleId, command: 'EHLO', argument: '' });
    expect(await c.command({ consoleId, command: 'AUTH', argument: 'PLAIN' })).toMatchObject({ ok: true, value: { error: { code: 'EPOLICY' } } });
    expect(server.lines.some((l) => /^(TLS: )?AUTH/i.test(l))).toBe(false);
  });
});
