/**
 * An AUTH-echoing server through the real service handler table: a profile with a stored password runs
 * against a server that echoes the AUTH data (PLAIN, LOGIN, CRAM-MD5 over verified STARTTLS). The
 * run's result, every event sent to the page, the saved run, every export format and every file
 * in the data folder hold no form of the secret; so do the console's events and results.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import type { EventChannel, EventPayloads } from '../../../../shared/ipc/contract.ts';
import { browserService, value } from '../../../helpers/service-table.ts';
import { emptyProfileFields, type ProfileFields } from '../../../../shared/profile.ts';
import { REPORT_FORMATS } from '../../../../shared/report-format.ts';
import type { AuthMechanism } from '../../../../shared/steps.ts';
import { CANARY, ECHO_USER, expectNoSecret, leakedForms, startEchoAuthServer, type EchoAuthServer } from '../../../helpers/echo-auth-server.ts';

type Event = { [E in EventChannel]: { channel: E; payload: EventPayloads[E] } }[EventChannel];

let dir: string;
let service: ServiceHandlers;
const events: Event[] = [];

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-echo-service-'));
  service = browserService(dir, { emit: (channel, payload) => events.push({ channel, payload } as Event) });
});

afterAll(async () => {
  await service?.dispose();
  await fsp.rm(dir, { recursive: true, force: true });
});

async function echoProfile(echo: EchoAuthServer, mechanism: AuthMechanism, extra: Partial<ProfileFields> = {}): Promise<string> {
  const fields: ProfileFields = {
    ...emptyProfileFields(),
    name: `Echo ${mechanism} ${echo.server.port}`,
    targetKind: 'host',
    target: '127.0.0.1',
    port: echo.server.port,
    security: 'starttls',
    caPem: echo.ca.trim(),
    ehloName: 'client.test',
    authUser: ECHO_USER,
    authMechanism: mechanism,
    ...extra,
  };
  return value(await service['profiles/save']({ fields, password: CANARY })).id;
}

/** Every file under the data folder, as text. */
async function dataFolderFiles(): Promise<Array<{ file: string; text: string }>> {
  const entries = await fsp.readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  return Promise.all(files.map(async (file) => ({ file, text: (await fsp.readFile(file)).toString('latin1') })));
}

describe('a run against a server that echoes the AUTH data, through the service table', () => {
  for (const mechanism of ['PLAIN', 'LOGIN', 'CRAM-MD5'] as const) {
    it(`AUTH ${mechanism}: the result, the events, the saved run, every export and every file hold no form of the secret`, async () => {
      const echo = await startEchoAuthServer();
      try {
        const profileId = await echoProfile(echo, mechanism);
        const runId = crypto.randomUUID();
        const state = value(await service['run/start']({ runId, profileId }));
        expect(state.status).toBe('done');
        expect(state.report?.steps.find((s) => s.id === 'auth')?.status).toBe('fail');
        expect(state.report?.request.authUser).toBe(ECHO_USER);
        expect(echo.pieces.length).toBeGreaterThan(0);
        const forms = leakedForms(CANARY, echo.pieces);
        const ofRun = events.filter((e) => e.payload !== null && typeof e.payload === 'object' && 'runId' in e.payload && e.payload.runId === runId);
        const lines = ofRun.flatMap((e) => (e.channel === 'run/transcript' ? e.payload.events : []));
        expect(lines.some((l) => /^535.5\.7\.8 decoded: .*\[redacted\]/.test(l.text))).toBe(true);
        expectNoSecret(JSON.stringify(state), forms, `${mechanism} run/start result`);
        expectNoSecret(JSON.stringify(ofRun), forms, `${mechanism} events`);
        expectNoSecret(JSON.stringify(value(await service['runs/get']({ profileId, runId }))), forms, `${mechanism} runs/get`);
        for (const format of REPORT_FORMATS) {
          expectNoSecret(value(await service['export/render']({ profileId, runId, format })).text, forms, `${mechanism} export ${format}`);
          expectNoSecret(JSON.stringify(await service['export/save']({ profileId, runId, format })), forms, `${mechanism} export/save ${format}`);
        }
        const files = await dataFolderFiles();
        expect(files.some((f) => f.file.endsWith(`${runId}.json`))).toBe(true);
        for (const { file, text } of files) expectNoSecret(text, forms, path.relative(dir, file));
      } finally {
        await echo.close();
      }
    });
  }

  it('the console: AUTH CRAM-MD5 against the echoing server; its events and results hold no form of the secret', async () => {
    const echo = await startEchoAuthServer();
    try {
      const profileId = await echoProfile(echo, 'CRAM-MD5');
      const consoleId = crypto.randomUUID();
      const results: unknown[] = [value(await service['console/open']({ consoleId, profileId }))];
      for (const command of ['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'QUIT'] as const) results.push(value(await service['console/command']({ consoleId, command })));
      const auth = results[4] as { reply?: { code: number; lines: string[] } };
      expect(auth.reply?.code).toBe(535);
      expect(auth.reply?.lines.join('\n')).toMatch(/decoded: .*\[redacted\]/);
      const forms = leakedForms(CANARY, echo.pieces);
      expect(echo.pieces).toHaveLength(1);
      expectNoSecret(JSON.stringify(results), forms, 'console results');
      const consoleEvents = events.filter((e) => e.channel === 'console/transcript' && e.payload.consoleId === consoleId);
      expect(consoleEvents.length).toBeGreaterThan(0);
      expectNoSecret(JSON.stringify(consoleEvents), forms, 'console events');
    } finally {
      await echo.close();
    }
  });
});
