/**
 * The TLS probe after a silent greeting (electron/engine/smtp/tls-probe.ts), against real loopback
 * servers: a TLS port, a TLS port refusing our versions (an alert is TLS too), a plain SMTP port,
 * a silent port, and the run's signal ending it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { probeTls } from '../../../../electron/engine/smtp/tls-probe.ts';
import { startHostileServer, type HostileServer, type Scenario } from '../../../helpers/hostile-server.ts';
import { testCerts } from '../../../helpers/test-certs.ts';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function probe(scenario: Scenario, signal?: AbortSignal) {
  server = await startHostileServer(scenario);
  return probeTls({ host: '127.0.0.1', port: server.port, servername: 'localhost', timeoutMs: 1000, ...(signal ? { signal } : {}) });
}

describe('probeTls', () => {
  it('an implicit-TLS port answers with a handshake; nothing is sent inside TLS', async () => {
    const certs = await testCerts();
    const result = await probe({ implicitTls: true, tls: certs.good, greeting: '220 tls.test\r\n' });
    expect(result).toMatchObject({ answered: true, outcome: 'handshake' });
    expect(result.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(server?.tlsBytes.length).toBe(0);
  });

  it('a TLS port that refuses our versions still answers in TLS (an alert)', async () => {
    const certs = await testCerts();
    const result = await probe({ implicitTls: true, tls: { ...certs.good, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' } });
    expect(result).toMatchObject({ answered: true, outcome: 'alert' });
  });

  it('a plain SMTP port is not TLS', async () => {
    const result = await probe({ greeting: '220 plain.test ESMTP\r\n' });
    expect(result).toMatchObject({ answered: false, outcome: 'no-tls' });
  });

  it('a silent port ends at the probe deadline', async () => {
    const result = await probe({});
    expect(result).toMatchObject({ answered: false, outcome: 'timeout' });
  });

  it("the run's signal ends the probe", async () => {
    const controller = new AbortController();
    const pending = probe({}, controller.signal);
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ answered: false, outcome: 'cancelled' });
  });
});
