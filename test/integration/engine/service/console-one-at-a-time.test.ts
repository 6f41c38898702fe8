/**
 * One command at a time on a console (reliability B.32), through the real handler table: a second
 * console/command while the first waits for its reply is refused with EBUSY and nothing of it is
 * sent, so every reply goes to its own command and nothing times out. The hostile server holds
 * its reply to NOOP until the test releases it and notes every line that arrives while a reply
 * is still owed.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServiceHandlers, type ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import { value } from '../../../helpers/service-table.ts';
import { emptyProfileFields } from '../../../../shared/profile.ts';
import { basicReply, startHostileServer, type HostileServer, type ScenarioContext } from '../../../helpers/hostile-server.ts';
import { xorSecretStore } from '../../../unit/engine/store/xor-secret-store.ts';

let dir: string;
let service: ServiceHandlers;

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-console-serial-'));
  service = createServiceHandlers({ dataDir: dir, secrets: xorSecretStore(), emit: () => undefined, host: 'browser' });
});

afterAll(async () => {
  await service?.dispose();
  await fsp.rm(dir, { recursive: true, force: true });
});

/** A server that answers in order but holds its reply to the first NOOP until `release()`. */
async function holdingServer(): Promise<{ server: HostileServer; pipelined: string[]; release: () => void }> {
  const pipelined: string[] = [];
  const owed: string[] = [];
  let held = false;
  let holding: ScenarioContext | undefined;
  const flush = (ctx: ScenarioContext) => {
    while (owed.length > 0) ctx.write(owed.shift() as string);
  };
  const server = await startHostileServer({
    greeting: '220 hostile.test ESMTP\r\n',
    onLine: (line, ctx) => {
      if (holding) pipelined.push(line);
      owed.push(basicReply(line) ?? '502 5.5.2 unknown command\r\n');
      if (line === 'NOOP' && !held) {
        held = true;
        holding = ctx;
        return;
      }
      if (!holding) flush(ctx);
    },
  });
  const release = () => {
    const ctx = holding as ScenarioContext;
    holding = undefined;
    flush(ctx);
  };
  return { server, pipelined, release };
}

describe('console: one command at a time', () => {
  it('a second command while the first waits for its reply gets EBUSY; nothing is pipelined, nothing times out', async () => {
    const { server, pipelined, release } = await holdingServer();
    try {
      const fields = { ...emptyProfileFields(), name: 'Slow', targetKind: 'host' as const, target: '127.0.0.1', port: server.port, security: 'none' as const, timeouts: { command: 5000 } };
      const profile = value(await service['profiles/save']({ fields }));
      const consoleId = crypto.randomUUID();
      value(await service['console/open']({ consoleId, profileId: profile.id }));
      value(await service['console/command']({ consoleId, command: 'EHLO', argument: 'client.test' }));

      const first = service['console/command']({ consoleId, command: 'NOOP' });
      await vi.waitFor(() => expect(server.lines.at(-1)).toBe('NOOP'), { timeout: 5000 });
      const second = service['console/command']({ consoleId, command: 'RSET' });
      // Either the second call is answered at once (refused), or its line reaches the server.
      await Promise.race([second, vi.waitFor(() => expect(server.lines.at(-1)).toBe('RSET'), { timeout: 5000 })]);
      release();

      expect(await second).toMatchObject({ ok: false, error: { code: 'EBUSY', message: expect.stringMatching(/still waiting for its reply/) } });
      expect(value(await first)).toMatchObject({ reply: { code: 250, lines: ['2.0.0 OK'] }, closed: false });
      expect(pipelined).toEqual([]);
      expect(server.lines).toEqual(['EHLO client.test', 'NOOP']);
      // The console goes on: the next command gets its own reply.
      expect(value(await service['console/command']({ consoleId, command: 'RSET' }))).toMatchObject({ reply: { code: 250 }, closed: false });
      expect(server.lines.at(-1)).toBe('RSET');
      value(await service['console/close']({ consoleId }));
    } finally {
      await server.close();
    }
  });
});
