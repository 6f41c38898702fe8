/**
 * Bounded memory and time through the real service handler table: a server flooding lines while
 * the run is paused in the wizard is cut off at the cap on unread replies, and Stop cancels a DNS
 * question that would otherwise wait for its own timeout. Loopback only: a hostile SMTP server,
 * a silent UDP "DNS server", the DNS peer on 127.0.0.1:5300, no public IP discovery.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import { UNREAD_REPLY_LIMITS } from '../../../../electron/engine/smtp/unread-replies.ts';
import { browserService, value } from '../../../helpers/service-table.ts';
import { emptyProfileFields, type ProfileFields } from '../../../../shared/profile.ts';
import { startSilentDnsServer } from '../../../helpers/dns-peer.ts';
import { startHostileServer, type HostileServer } from '../../../helpers/hostile-server.ts';

let dir: string;
let service: ServiceHandlers;

const until = async (done: () => boolean, what: string) => {
  for (let i = 0; i < 1000 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!done()) throw new Error(`gave up waiting for ${what}`);
};

async function profile(fields: Partial<ProfileFields>): Promise<string> {
  const saved = value(await service['profiles/save']({ fields: { ...emptyProfileFields(), ehloName: 'client.smtp-probe.test', ...fields } }));
  return saved.id;
}

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-bounds-'));
  service = browserService(dir, { openExternal: async () => undefined });
});

afterAll(async () => {
  await service?.dispose();
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('a server that floods while the run is paused', () => {
  let server: HostileServer;
  /** The flood stopped because the client closed the connection, not because it ran out. */
  let cutOff = false;
  let floodDone = false;
  afterAll(() => server?.close());

  it('is cut off at the cap: we close the connection, the run ends with session.flood, what is kept is small', async () => {
    // 2 MB of replies nobody asked for, sent 100 ms after the banner (the run is paused by then).
    const chunk = Array.from({ length: 2000 }, (_, i) => `250 flood line ${i}\r\n`).join('');
    server = await startHostileServer({
      greeting: '220 flood.test ESMTP\r\n',
      onConnect: (ctx) => {
        let sent = 0;
        const timer = setInterval(() => {
          if (ctx.closed || sent >= 2_000_000) {
            cutOff = ctx.closed;
            floodDone = true;
            clearInterval(timer);
            return;
          }
          ctx.write(chunk);
          sent += chunk.length;
        }, 100);
      },
      onLine: (line, ctx) => {
        if (line.startsWith('QUIT')) ctx.end('221 bye\r\n');
      },
    });
    const profileId = await profile({ name: 'Flood', targetKind: 'host', target: '127.0.0.1', port: server.port, security: 'none' });
    const runId = crypto.randomUUID();
    expect(value(await service['run/start']({ runId, profileId, until: 'banner' }))).toMatchObject({ runId, status: 'paused', nextStep: 'ehlo' });
    await until(() => floodDone, 'the flood to end');
    expect(cutOff).toBe(true);
    // Nothing was sent after the banner: the close is ours, not a reply to a command.
    expect(server.lines).toEqual([]);

    const done = value(await service['run/continue']({ runId }));
    const report = done.report!;
    expect(report.smtp?.error).toMatchObject({ code: 'EFLOOD', phase: 'ehlo' });
    expect(report.smtp?.closedByServer).toBeUndefined();
    expect(report.findings.map((f) => f.code)).toContain('session.flood');
    expect(report.steps.find((s) => s.id === 'banner')?.status).toBe('pass');
    expect(report.steps.find((s) => s.id === 'ehlo')?.status).toBe('fail');

    const fromServer = report.transcript.filter((e) => e.dir === 'S');
    expect(fromServer.length).toBeLessThanOrEqual(UNREAD_REPLY_LIMITS.maxLines + 1);
    expect(JSON.stringify(report.transcript).length).toBeLessThan(256 * 1024);
    const saved = await fsp.stat(path.join(dir, 'runs', profileId, `${runId}.json`));
    expect(saved.size).toBeLessThan(512 * 1024);
  });
});

describe('Stop during DNS', () => {
  it('cancels the outstanding questions at once: the MX evidence says cancelled, not timeout', async () => {
    const silent = await startSilentDnsServer();
    try {
      // Each question would wait 20 s, then twice as long on its retry: far beyond the test timeout.
      const profileId = await profile({ name: 'Silent DNS', targetKind: 'domain', target: 'nowhere.probe.test', dnsServer: silent.server, timeouts: { dns: 20_000 } });
      const runId = crypto.randomUUID();
      const started = service['run/start']({ runId, profileId });
      await until(() => silent.received() > 0, 'the MX question');
      const stopped = value(await service['run/cancel']({ runId }));
      expect(stopped.status).toBe('done');
      // The report goes to the call waiting for the run (run/start), not to Stop as well.
      const done = value(await started);
      expect(done.status).toBe('done');
      const report = done.report!;
      expect(report.dns.mx).toMatchObject({ outcome: 'cancelled', errorMessage: 'cancelled' });
      expect(report.interrupted).toMatchObject({ reason: 'cancelled', step: 'mx' });
      expect(report.findings.map((f) => f.code)).not.toContain('dns.timeout');
      expect(report.steps.find((s) => s.id === 'mx')?.status).toBe('fail');
    } finally {
      await silent.close();
    }
  }, 15_000);
});
