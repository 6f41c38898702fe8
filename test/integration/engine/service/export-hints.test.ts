/**
 * The app speaks of the profile's controls: a run through the real service table whose finding names
 * a flag on the command line exports (every format) with the app's form of the hint.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import { browserService, value } from '../../../helpers/service-table.ts';
import { emptyProfileFields } from '../../../../shared/profile.ts';
import { REPORT_FORMATS } from '../../../../shared/report-format.ts';
import { startHostileServer, type HostileServer } from '../../../helpers/hostile-server.ts';
import { script } from '../../../helpers/smtp-script.ts';

let dir: string;
let service: ServiceHandlers;
let server: HostileServer;

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-export-hints-'));
  service = browserService(dir);
  // A wording the known-replies table does not have (Postfix's "Relay access denied" would bring Postfix's own fix instead).
  server = await startHostileServer({ greeting: '220 hints.test ESMTP\r\n', onLine: script({ RCPT: '554 5.7.1 Relaying not allowed here\r\n' }) });
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('exports made by the app', () => {
  it('carry the hint naming the profile control, never the flag', async () => {
    const fields = { ...emptyProfileFields(), name: 'Relay', targetKind: 'host' as const, target: '127.0.0.1', port: server.port, security: 'none' as const, ehloName: 'client.test', from: 'a@client.test', to: ['b@elsewhere.test'] };
    const profileId = value(await service['profiles/save']({ fields })).id;
    const runId = crypto.randomUUID();
    const state = value(await service['run/start']({ runId, profileId }));
    expect(state.report?.findings.some((f) => f.code === 'rcpt.relay-denied')).toBe(true);
    for (const format of REPORT_FORMATS) {
      const text = value(await service['export/render']({ profileId, runId, format })).text;
      expect(text, format).toMatch(/profile(&#39;|'|\\u0027|\\')s User name and Password/);
      expect(text, format).not.toContain('--auth-user');
    }
  });
});
