/**
 * Nothing the service does for the page or the store sits between two commands of a session: its
 * events go out synchronously (no acknowledgement is awaited), and the run file is written once,
 * after QUIT. Proven with a save that is held open and events that are only recorded: the whole
 * session reaches the built-in server before the save is even asked for, and the call that waits
 * for the run is answered only once the save is done (so its report says whether it was saved).
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../../../electron/engine/check/run-check.ts';
import { startSandbox, type Sandbox } from '../../../../electron/engine/sandbox/index.ts';
import { RunController } from '../../../../electron/engine/service/run-controller.ts';
import { checkRequestSchema } from '../../../../shared/check-request.ts';
import type { RunState } from '../../../../shared/ipc/contract.ts';
import type { Result } from '../../../../shared/ipc/result.ts';
import type { RunReport } from '../../../../shared/report.ts';
import { DNS_PEER_SERVER } from '../../../helpers/dns-peer.ts';

let dir: string;
let sandbox: Sandbox;

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-save-path-'));
  sandbox = await startSandbox({ dataDir: path.join(dir, 'sandbox'), smtpPort: 0, tlsPort: 0 });
});
afterAll(async () => {
  await sandbox?.close();
  await fsp.rm(dir, { recursive: true, force: true });
});

const request = (fast: boolean) =>
  checkRequestSchema.parse({
    server: '127.0.0.1',
    port: sandbox.smtpPort,
    security: 'starttls',
    ca: [sandbox.certificatePem],
    ehloName: 'client.smtp-probe.test',
    auth: { user: sandbox.credentials.user, password: sandbox.credentials.password },
    from: 'me@sandbox.smtp-probe.test',
    to: ['you@sandbox.smtp-probe.test'],
    dnsServer: DNS_PEER_SERVER,
    publicIpResolvers: [],
    ...(fast ? { fast: true } : {}),
  });

describe('a run through the service', () => {
  for (const fast of [false, true]) {
    it(`${fast ? 'Run all (fast)' : 'Run all'}: every command is sent before the run file is written; the answer waits for the save`, async () => {
      const order: string[] = [];
      let releaseSave!: () => void;
      let saveAsked!: () => void;
      const asked = new Promise<void>((resolve) => (saveAsked = resolve));
      const saves: RunReport[] = [];
      const runs = new RunController({
        emit: (channel, payload) => {
          if (channel === 'run/step') order.push(`${(payload as { step: string }).step}:${(payload as { phase: string }).phase}`);
        },
        runCheck,
        saveReport: (_profileId, _runId, report) => {
          order.push('save');
          saves.push(report);
          saveAsked();
          return new Promise<void>((resolve) => (releaseSave = resolve));
        },
      });
      let answered: Result<RunState> | undefined;
      const answer = runs.start(`run-${String(fast)}`, 'p1', request(fast), undefined).then((r) => (answered = r));
      await asked;
      // The session is over on the wire by the time the store is first asked: QUIT went out and was answered.
      const transcript = saves[0]!.transcript.map((e) => `${e.dir} ${e.text}`);
      expect(transcript.some((line) => /^C QUIT/.test(line))).toBe(true);
      expect(transcript.some((line) => /^S 221\b/.test(line))).toBe(true);
      expect(order.at(-2)).toBe('quit:end');
      expect(order.filter((o) => o === 'save')).toEqual(['save']);
      // Held save: the waiting call has no answer yet.
      await new Promise((resolve) => setImmediate(resolve));
      expect(answered).toBeUndefined();
      releaseSave();
      const result = await answer;
      expect(result).toMatchObject({ ok: true, value: { status: 'done' } });
    });
  }
});
