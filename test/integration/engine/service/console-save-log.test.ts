/**
 * console/save-log through the real handler table: the session log of a console that logged in
 * with the profile's stored password, saved after the console closed, holds every line the page
 * saw and no form of the password; browser mode gets the text, the desktop its save dialog.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHandlers, type ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import { emptyProfileFields } from '../../../../shared/profile.ts';
import { value } from '../../../helpers/service-table.ts';
import { startHostileServer, type HostileServer } from '../../../helpers/hostile-server.ts';
import { script } from '../../../helpers/smtp-script.ts';
import { xorSecretStore } from '../../../unit/engine/store/xor-secret-store.ts';

const USER = 'admin@hostile.test';
const PASSWORD = 'Canary-7d1a-Canary-7d1a';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const FORMS = [PASSWORD, b64(PASSWORD), b64(`\0${USER}\0${PASSWORD}`)];

let dir: string;
let server: HostileServer | undefined;
const services: ServiceHandlers[] = [];

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-console-log-'));
});
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
  await server?.close();
  server = undefined;
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

/** A console that said EHLO, logged in with the stored password and quit. */
async function loggedSession(saveFile?: (name: string, text: string) => Promise<{ saved: boolean; path?: string }>): Promise<{ service: ServiceHandlers; consoleId: string }> {
  server = await startHostileServer({
    greeting: '220 hostile.test ESMTP\r\n',
    onLine: script({ AUTH: '235 2.7.0 Authentication successful\r\n' }, { extensions: ['AUTH PLAIN LOGIN'] }),
  });
  const service = createServiceHandlers({ dataDir: await fsp.mkdtemp(path.join(dir, 'data-')), secrets: xorSecretStore(), emit: () => {}, host: 'browser', ...(saveFile ? { saveFile } : {}) });
  services.push(service);
  const fields = { ...emptyProfileFields(), name: 'Hostile', targetKind: 'host' as const, target: '127.0.0.1', port: server.port, security: 'none' as const, authUser: USER, allowPlaintextAuth: true };
  const profile = value(await service['profiles/save']({ fields, password: PASSWORD }));
  const consoleId = crypto.randomUUID();
  value(await service['console/open']({ consoleId, profileId: profile.id }));
  value(await service['console/command']({ consoleId, command: 'EHLO', argument: 'client.test' }));
  expect(value(await service['console/command']({ consoleId, command: 'AUTH', argument: 'PLAIN' })).reply?.code).toBe(235);
  expect(value(await service['console/command']({ consoleId, command: 'QUIT' })).closed).toBe(true);
  return { service, consoleId };
}

describe('console/save-log', () => {
  it('returns the closed console log as text in browser mode, with the AUTH line redacted and no form of the password', async () => {
    const { service, consoleId } = await loggedSession();
    const saved = value(await service['console/save-log']({ consoleId }));
    expect(saved.saved).toBe(false);
    expect(saved.fileName).toMatch(/^smtp-probe-console-127\.0\.0\.1-\d{8}T\d{6}Z\.txt$/);
    const text = saved.text ?? '';
    expect(text).toMatch(/^SMTP Probe console log\nProfile: Hostile\nTarget: 127\.0\.0\.1:\d+ \(none\)\n/);
    expect(text).toMatch(/<- 220 hostile\.test ESMTP/);
    expect(text).toMatch(/-> AUTH PLAIN \[redacted\]/);
    expect(text).toMatch(/<- 235 2\.7\.0/);
    expect(text).toMatch(/-> QUIT/);
    for (const form of FORMS) expect(text).not.toContain(form);
  });

  it('goes through the desktop save dialog when the host has one', async () => {
    const files: { name: string; text: string }[] = [];
    const { service, consoleId } = await loggedSession(async (name, text) => {
      files.push({ name, text });
      return { saved: true, path: `/tmp/${name}` };
    });
    const saved = value(await service['console/save-log']({ consoleId }));
    expect(saved).toEqual({ saved: true, path: `/tmp/${files[0]?.name}` });
    expect(files).toHaveLength(1);
    expect(files[0]?.text).toMatch(/-> AUTH PLAIN \[redacted\]/);
    for (const form of FORMS) expect(files[0]?.text).not.toContain(form);
  });

  it('a console that was never opened has no log', async () => {
    const service = createServiceHandlers({ dataDir: await fsp.mkdtemp(path.join(dir, 'data-')), secrets: xorSecretStore(), emit: () => {}, host: 'browser' });
    services.push(service);
    const r = await service['console/save-log']({ consoleId: crypto.randomUUID() });
    expect(r.ok ? 'ok' : r.error.code).toBe('ENOTFOUND');
  });
});
