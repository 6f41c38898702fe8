/** Starting, restarting and closing the sandbox: state reuse, loopback only, busy ports, clean close. */
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCertificate } from '../../../../electron/engine/sandbox/certificate.ts';
import { SANDBOX_DEFAULT_PORTS, SandboxError, startSandbox } from '../../../../electron/engine/sandbox/index.ts';
import { tcpReachable } from '../../../helpers/peers.ts';
import { RawSmtpClient, closed } from './raw-smtp-client.ts';
import { startTestSandbox, tempDir } from './sandbox-fixture.ts';

describe('sandbox lifecycle', () => {
  it('defaults to ports 2525 and 2465', () => {
    expect(SANDBOX_DEFAULT_PORTS).toEqual({ smtp: 2525, tls: 2465 });
  });

  it('reuses the credentials and the certificate across restarts with the same data folder', async () => {
    const dataDir = await tempDir();
    const first = await startTestSandbox({ dataDir });
    const firstInfo = { credentials: first.sandbox.credentials, pem: first.sandbox.certificatePem };
    expect(first.events.filter((e) => e.type === 'notice')).toHaveLength(2);
    await first.sandbox.close();

    const second = await startTestSandbox({ dataDir });
    expect(second.sandbox.credentials).toEqual(firstInfo.credentials);
    expect(second.sandbox.certificatePem).toBe(firstInfo.pem);
    expect(second.events.filter((e) => e.type === 'notice')).toEqual([]);

    // Secrets are private to the user; the stored state matches what the sandbox reports.
    expect((await stat(join(dataDir, 'sandbox-key.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'sandbox.json'))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(join(dataDir, 'sandbox.json'), 'utf8'))).toMatchObject(firstInfo.credentials);
    expect(await readFile(second.sandbox.certificatePath, 'utf8')).toBe(firstInfo.pem);
  });

  it('makes a new certificate when the stored one is unreadable, keeping the credentials', async () => {
    const dataDir = await tempDir();
    const first = await startTestSandbox({ dataDir });
    await first.sandbox.close();
    await writeFile(first.sandbox.certificatePath, 'not a certificate');
    const second = await startTestSandbox({ dataDir });
    expect(second.sandbox.certificatePem).not.toBe(first.sandbox.certificatePem);
    expect(second.sandbox.credentials).toEqual(first.sandbox.credentials);
    expect(second.events).toContainEqual(expect.objectContaining({ type: 'notice', text: expect.stringMatching(/certificate.*cannot be parsed/) }));
  });

  it('makes a new certificate when the stored one has expired', async () => {
    const dataDir = await tempDir();
    const first = await startTestSandbox({ dataDir });
    await first.sandbox.close();
    const old = await createCertificate(first.sandbox.hostname, new Date(Date.now() - 400 * 24 * 3600 * 1000));
    await writeFile(join(dataDir, 'sandbox-cert.pem'), old.certPem);
    await writeFile(join(dataDir, 'sandbox-key.pem'), old.keyPem, { mode: 0o600 });
    const second = await startTestSandbox({ dataDir });
    expect(second.sandbox.certificatePem).not.toBe(old.certPem);
    expect(second.events).toContainEqual(expect.objectContaining({ type: 'notice', text: expect.stringMatching(/expired/) }));
  });

  it.each(['0.0.0.0', '::', '::1', 'localhost', '192.0.2.10'])('refuses to listen on %s, before touching the disk', async (host) => {
    const dataDir = join(await tempDir(), 'never-created');
    const attempt = startSandbox({ dataDir, host, smtpPort: 0, tlsPort: 0 });
    await expect(attempt).rejects.toBeInstanceOf(SandboxError);
    await expect(attempt).rejects.toMatchObject({ code: 'EHOST', phase: 'options', message: expect.stringMatching(/127\.0\.0\.1 only/) });
    expect(existsSync(dataDir)).toBe(false);
  });

  it('reports a busy port as EADDRINUSE and leaves nothing listening', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      const dataDir = await tempDir();
      await expect(startSandbox({ dataDir, smtpPort: 0, tlsPort: busy })).rejects.toMatchObject({ code: 'EADDRINUSE', phase: 'listen' });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('closes both listeners and open sessions: the client gets 421 4.3.2 and the ports stop accepting', async () => {
    const { sandbox, events } = await startTestSandbox();
    const plainClient = await RawSmtpClient.connect(sandbox.smtpPort);
    await plainClient.read();
    const tlsClient = await RawSmtpClient.connectTls(sandbox.tlsPort, { ca: [sandbox.certificatePem], servername: sandbox.hostname });
    await tlsClient.read();
    const lastWords = plainClient.read();
    await sandbox.close();
    expect((await lastWords).lines).toEqual(['421 4.3.2 Sandbox shutting down']);
    await Promise.all([closed(plainClient), closed(tlsClient)]);
    expect(await tcpReachable('127.0.0.1', sandbox.smtpPort)).toBe(false);
    expect(await tcpReachable('127.0.0.1', sandbox.tlsPort)).toBe(false);
    expect(events.at(-1)?.type).toBe('closed');
    // Closing twice is harmless.
    await sandbox.close();
  });

  it('closes while a greeting is still held back', async () => {
    const { sandbox } = await startTestSandbox({ behaviours: { slowBannerMs: 60_000 } });
    const client = await RawSmtpClient.connect(sandbox.smtpPort);
    await sandbox.close();
    await closed(client);
    expect(client.received.join('')).not.toMatch(/^220 /);
  });
});
