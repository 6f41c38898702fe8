/**
 * Run all (fast) through the one gate every host uses (dispatchInvoke): `run/start` with
 * `fast: true` runs without step gates, so the envelope leaves as one RFC 2920 group; without it
 * the run stays one command per reply; `fast` together with `until` is refused by the contract's
 * schema before anything connects; `fast` combines with `inspectAnyway` (a certificate nothing
 * trusts, this run only). Against scripted pipelining servers on loopback.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../../../electron/engine/service/dispatch.ts';
import type { ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import { emptyProfileFields } from '../../../../shared/profile.ts';
import { basicReply, startHostileServer, type HostileServer } from '../../../helpers/hostile-server.ts';
import { script } from '../../../helpers/smtp-script.ts';
import { testCerts } from '../../../helpers/test-certs.ts';
import { browserService, value } from '../../../helpers/service-table.ts';

let dir: string;
let service: ServiceHandlers;
let server: HostileServer;
let profileId: string;

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-run-fast-'));
  service = browserService(dir, { openExternal: async () => undefined });
  let inData = false;
  server = await startHostileServer({
    greeting: '220 pipelining.test ESMTP\r\n',
    onLine: (line, ctx) => {
      if (inData) {
        if (line === '.') {
          inData = false;
          ctx.write('250 2.0.0 Ok: queued as FAST1\r\n');
        }
        return;
      }
      if (line === 'DATA') inData = true;
      if (line === 'QUIT') return ctx.end('221 2.0.0 bye\r\n');
      ctx.write(basicReply(line, ['PIPELINING', 'SIZE 1000000']) ?? '502 5.5.2 unknown\r\n');
    },
  });
  const fields = { ...emptyProfileFields(), name: 'Pipelining', targetKind: 'host' as const, target: '127.0.0.1', port: server.port, security: 'none' as const, ehloName: 'client.smtp-probe.test', from: 'me@client.smtp-probe.test', to: ['one@pipelining.test', 'two@pipelining.test'] };
  profileId = value(await service['profiles/save']({ fields })).id;
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
  await fsp.rm(dir, { recursive: true, force: true });
});

/** The segments of the latest connection that carry envelope commands. */
const envelopeWrites = (from: number) => server.plainBytes.slice(from).map((b) => b.toString('latin1')).filter((s) => /^(MAIL|RCPT|DATA)/m.test(s));

describe('run/start with fast: true', () => {
  it('runs all without pauses and sends MAIL, both RCPTs and DATA in one write', async () => {
    const from = server.plainBytes.length;
    const done = value(await dispatchInvoke(service, 'run/start', { runId: crypto.randomUUID(), profileId, fast: true }));
    expect(done.status).toBe('done');
    expect(done.report?.exitCode).toBe(0);
    expect(envelopeWrites(from)).toEqual(['MAIL FROM:<me@client.smtp-probe.test> SIZE=' + String(done.report?.smtp?.data?.sizeOctets) + '\r\nRCPT TO:<one@pipelining.test>\r\nRCPT TO:<two@pipelining.test>\r\nDATA\r\n']);
  });

  it('without it, Run all stays one command per write', async () => {
    const from = server.plainBytes.length;
    const done = value(await dispatchInvoke(service, 'run/start', { runId: crypto.randomUUID(), profileId }));
    expect(done.report?.exitCode).toBe(0);
    expect(envelopeWrites(from).map((s) => s.split('\r\n').length)).toEqual([2, 2, 2, 2]);
  });

  it('with until, is refused by the schema (EINVALID on fast) and nothing connects', async () => {
    const connections = server.connections;
    const refused = await dispatchInvoke(service, 'run/start', { runId: crypto.randomUUID(), profileId, fast: true, until: 'rcpt' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'fast' } });
    expect(server.connections).toBe(connections);
  });
});

describe('run/start with fast and inspectAnyway together', () => {
  it('goes on past a certificate nothing trusts, for this run only, and still sends the envelope as one group', async () => {
    // STARTTLS with the test CA's certificate, which the profile does not trust; PIPELINING after TLS.
    const tlsServer = await startHostileServer({
      greeting: '220 pipelining-tls.test ESMTP\r\n',
      tls: (await testCerts()).good,
      onLine: script({}, { extensions: ['PIPELINING', 'STARTTLS'], tlsExtensions: ['PIPELINING', 'SIZE 1000000'] }),
    });
    try {
      const fields = { ...emptyProfileFields(), name: 'Pipelining TLS', targetKind: 'host' as const, target: '127.0.0.1', port: tlsServer.port, security: 'starttls' as const, ehloName: 'client.smtp-probe.test', from: 'me@client.smtp-probe.test', to: ['one@pipelining.test', 'two@pipelining.test'] };
      const id = value(await service['profiles/save']({ fields })).id;
      const done = value(await dispatchInvoke(service, 'run/start', { runId: crypto.randomUUID(), profileId: id, fast: true, inspectAnyway: true }));
      expect(done.status).toBe('done');
      expect(done.report?.smtp?.tls).toMatchObject({ authorized: false, inspectedAnyway: true });
      expect(done.report?.steps.find((s) => s.id === 'starttls')?.status).toBe('warn');
      expect(done.report?.steps.find((s) => s.id === 'data')?.status).toBe('pass');
      const groups = tlsServer.tlsBytes.map((b) => b.toString('latin1')).filter((t) => /^(MAIL|RCPT|DATA)/m.test(t));
      expect(groups[0]).toMatch(/^MAIL FROM:<me@client\.smtp-probe\.test> SIZE=\d+\r\nRCPT TO:<one@pipelining\.test>\r\nRCPT TO:<two@pipelining\.test>\r\nDATA\r\n$/);
      // The profile is unchanged: the next run verifies again.
      expect(value(await service['profiles/list']({})).find((p) => p.id === id)?.tlsVerify).toBe(true);
    } finally {
      await tlsServer.close();
    }
  });
});
