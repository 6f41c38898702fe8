/**
 * A stored password goes only where it was entered for, through the real handler table: a save
 * that changes the binding without a new password forgets it (and says so), a profile changed
 * behind the service's back runs without the password and AUTH is refused with
 * auth.password-rebound, the console refuses AUTH the same way, duplicates get no password,
 * imports bring no password, and a version-1 secrets.json is bound without losing a password.
 * Servers: smtp-server (the one the password was entered for) and a capture server, on loopback.
 */
import { X509Certificate } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServiceHandlers, type ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import { serviceFolder, value } from '../../../helpers/service-table.ts';
import type { ProfileFields } from '../../../../shared/profile.ts';
import type { RunReport } from '../../../../shared/report.ts';
import type { HostileServer } from '../../../helpers/hostile-server.ts';
import { CANARY, canaryFormsReceived, editProfileOnDisk, goodFields, retargetedFields, startCaptureServer, startGoodServer, type GoodServer } from '../../../helpers/retarget.ts';
import { DNS_PEER_SERVER } from '../../../helpers/dns-peer.ts';
import { xorSecretStore } from '../../../unit/engine/store/xor-secret-store.ts';
import { testCerts } from '../../../helpers/test-certs.ts';
import { pinOfFingerprint } from '../../../../shared/tls-pin.ts';

let good: GoodServer;
let capture: HostileServer;

/** A service on the test's data folder; secrets persist in secrets.json (XOR "encryption"). */
function open(): ServiceHandlers {
  return folder.keep(createServiceHandlers({ dataDir: folder.dir, secrets: xorSecretStore(), emit: () => {}, host: 'electron', runDefaults: { dnsServer: DNS_PEER_SERVER, publicIpResolvers: [] } }));
}

async function run(service: ServiceHandlers, profileId: string): Promise<RunReport> {
  const state = value(await service['run/start']({ runId: crypto.randomUUID(), profileId }));
  if (!state.report) throw new Error(`run ended ${state.status} without a report`);
  return state.report;
}

beforeAll(async () => {
  good = await startGoodServer();
});
afterAll(async () => {
  await good.close();
});
beforeEach(async () => {
  capture = await startCaptureServer();
});
afterEach(async () => {
  await capture.close();
});
// Registered after the capture server's hooks: its afterEach (dispose the services, remove the folder) runs first.
const folder = serviceFolder('smtp-probe-binding-');

describe('profiles/save and the binding', () => {
  it('re-pointing a profile without a password forgets it and says so; the run then refuses and sends nothing to the new server', async () => {
    const service = open();
    const saved = value(await service['profiles/save']({ fields: goodFields(good), password: CANARY }));
    expect((await run(service, saved.id)).steps.find((s) => s.id === 'auth')?.status).toBe('pass');
    expect(good.logins).toContain('canary-user-b1nd');

    const moved = value(await service['profiles/save']({ id: saved.id, fields: retargetedFields(good, capture) }));
    const refused = await service['run/start']({ runId: crypto.randomUUID(), profileId: saved.id });
    expect(canaryFormsReceived(capture)).toEqual([]);
    expect(capture.connections).toBe(0);
    expect(moved).toMatchObject({ hasPassword: false, passwordDiscarded: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ESECRETS', field: 'password' } });
    // Pointed back, the password is gone for good: it has to be entered again.
    expect(value(await service['profiles/save']({ id: saved.id, fields: goodFields(good) })).hasPassword).toBe(false);
  });

  const changes: [string, (f: ProfileFields) => Partial<ProfileFields>][] = [
    ['host', () => ({ target: '127.0.0.2' })],
    ['target kind', () => ({ targetKind: 'domain' })],
    ['port', (f) => ({ port: (f.port ?? 0) + 1 })],
    ['port left to the default of another port', () => ({ port: undefined })],
    ['security mode', () => ({ security: 'implicit' })],
    ['AUTH mechanism', () => ({ authMechanism: 'LOGIN' })],
    ['plaintext permission', () => ({ allowPlaintextAuth: true })],
    ['certificate verification', () => ({ tlsVerify: false })],
    ['pinned CA', () => ({ caPem: undefined })],
    ['trusted certificate (pin)', () => ({ tlsPin: `sha256:${'ab'.repeat(32)}` })],
    ['"inspect anyway, and still log in"', () => ({ allowUnverifiedTlsAuth: true })],
    ['user name', () => ({ authUser: 'someone-else' })],
  ];
  it.each(changes)('a changed %s without a new password discards the stored one', async (_name, change) => {
    const service = open();
    const saved = value(await service['profiles/save']({ fields: goodFields(good), password: CANARY }));
    const result = value(await service['profiles/save']({ id: saved.id, fields: { ...goodFields(good), ...change(goodFields(good)) } }));
    expect(result).toMatchObject({ hasPassword: false, passwordDiscarded: true });
  });

  it('keeps the password for changes outside the binding, a host name in other case, and the default port written out', async () => {
    const service = open();
    const fields: ProfileFields = { ...goodFields(good), target: 'smtp.example.net', port: undefined, security: 'starttls' };
    const saved = value(await service['profiles/save']({ fields, password: CANARY }));
    for (const change of [{ name: 'Renamed', to: ['x@example.net'], from: 'me@example.net' }, { target: 'SMTP.Example.NET' }, { port: 587 }]) {
      const result = value(await service['profiles/save']({ id: saved.id, fields: { ...fields, ...change } }));
      expect(result.hasPassword).toBe(true);
      expect(result).not.toHaveProperty('passwordDiscarded');
    }
  });

  it('a changed binding with the password entered again stores it for the new binding', async () => {
    const service = open();
    const saved = value(await service['profiles/save']({ fields: goodFields(good), password: 'old-password' }));
    const result = value(await service['profiles/save']({ id: saved.id, fields: { ...goodFields(good), authMechanism: 'PLAIN' }, password: CANARY }));
    expect(result.hasPassword).toBe(true);
    expect(result).not.toHaveProperty('passwordDiscarded');
    expect((await run(service, saved.id)).steps.find((s) => s.id === 'auth')?.status).toBe('pass');
  });

  it('duplicate never copies the password (the copy asks for it); import never brings one', async () => {
    const service = open();
    const saved = value(await service['profiles/save']({ fields: goodFields(good), password: CANARY }));
    const copy = value(await service['profiles/duplicate']({ id: saved.id }));
    expect(copy).toMatchObject({ hasPassword: false, authUser: saved.authUser });
    expect(await service['run/start']({ runId: crypto.randomUUID(), profileId: copy.id })).toMatchObject({ ok: false, error: { code: 'ESECRETS', field: 'password' } });
    expect(JSON.parse(await fsp.readFile(path.join(folder.dir, 'secrets.json'), 'utf8')).secrets).not.toHaveProperty(copy.id);
    expect(value(await service['profiles/list']({})).find((p) => p.id === saved.id)?.hasPassword).toBe(true);

    const exported = value(await service['profiles/export']({ ids: [saved.id] }));
    const imported = value(await service['profiles/import']({ json: exported.json }));
    expect(imported.imported.map((p) => p.hasPassword)).toEqual([false]);
  });
});

describe('a profile changed behind the service (another process, a hand edit)', () => {
  async function savedThenMoved(): Promise<{ service: ServiceHandlers; id: string }> {
    const first = open();
    const saved = value(await first['profiles/save']({ fields: goodFields(good), password: CANARY }));
    await first.dispose();
    await editProfileOnDisk(folder.dir, saved.id, retargetedFields(good, capture));
    return { service: open(), id: saved.id };
  }

  it('runs without the password: AUTH is refused with auth.password-rebound and the capture server gets no form of it', async () => {
    const { service, id } = await savedThenMoved();
    const listed = value(await service['profiles/list']({})).find((p) => p.id === id);
    const report = await run(service, id);
    expect(canaryFormsReceived(capture)).toEqual([]);
    expect(capture.lines.filter((l) => /^AUTH/i.test(l))).toEqual([]);
    expect(capture.connections).toBe(1);
    expect(listed?.hasPassword).toBe(false);
    expect(report.smtp?.auth).toMatchObject({ attempted: false, skippedReason: 'secret-rebound' });
    expect(report.steps.find((s) => s.id === 'auth')?.status).toBe('fail');
    const finding = report.findings.find((f) => f.code === 'auth.password-rebound');
    expect(finding?.message).toContain(`was entered for 127.0.0.1 port ${good.port} (STARTTLS required, password only over TLS)`);
    expect(finding?.message).toContain(`enter it again for 127.0.0.1 port ${capture.port} (no TLS, password allowed without TLS)`);
    expect(JSON.stringify(report)).not.toContain(CANARY);
  });

  it("the console's AUTH helper refuses too, and sends no AUTH", async () => {
    const { service, id } = await savedThenMoved();
    const consoleId = crypto.randomUUID();
    expect(value(await service['console/open']({ consoleId, profileId: id })).greeting?.code).toBe(220);
    value(await service['console/command']({ consoleId, command: 'EHLO', argument: 'client.test' }));
    const auth = value(await service['console/command']({ consoleId, command: 'AUTH' }));
    expect(auth.error?.message).toContain(`the saved password was entered for 127.0.0.1 port ${good.port}`);
    expect(value(await service['console/command']({ consoleId, command: 'AUTH', argument: 'PLAIN' })).error).toBeDefined();
    value(await service['console/command']({ consoleId, command: 'QUIT' }));
    expect(capture.lines.filter((l) => /^AUTH/i.test(l))).toEqual([]);
    expect(canaryFormsReceived(capture)).toEqual([]);
  });

  it('the next save without a password forgets it', async () => {
    const { service, id } = await savedThenMoved();
    const profile = value(await service['profiles/list']({})).find((p) => p.id === id)!;
    const { id: _i, createdAt: _c, updatedAt: _u, hasPassword: _h, ...fields } = profile;
    expect(value(await service['profiles/save']({ id, fields })).passwordDiscarded).toBe(true);
    const secrets = JSON.parse(await fsp.readFile(path.join(folder.dir, 'secrets.json'), 'utf8')) as { secrets: Record<string, unknown> };
    expect(secrets.secrets).not.toHaveProperty(id);
  });
});

describe('a trusted certificate (pin)', () => {
  it('entered with the password, the run trusts the pinned certificate and logs in; another pin forgets the password', async () => {
    const service = open();
    const pin = pinOfFingerprint(new X509Certificate((await testCerts()).good.cert).fingerprint256);
    const fields: ProfileFields = { ...goodFields(good), caPem: undefined, tlsPin: pin };
    const saved = value(await service['profiles/save']({ fields, password: CANARY }));
    const report = await run(service, saved.id);
    expect(report.smtp?.tls?.pin).toMatchObject({ expected: pin, matched: true });
    expect(report.steps.find((s) => s.id === 'auth')?.status).toBe('pass');

    const other = value(await service['profiles/save']({ id: saved.id, fields: { ...fields, tlsPin: `sha256:${'cd'.repeat(32)}` } }));
    expect(other).toMatchObject({ hasPassword: false, passwordDiscarded: true });
  });

  it('a password saved before pins existed (its binding has no pin fields) is still used', async () => {
    const first = open();
    const saved = value(await first['profiles/save']({ fields: goodFields(good), password: CANARY }));
    await first.dispose();
    const file = path.join(folder.dir, 'secrets.json');
    const stored = JSON.parse(await fsp.readFile(file, 'utf8')) as { secrets: Record<string, { binding: Record<string, unknown> }> };
    for (const entry of Object.values(stored.secrets)) {
      delete entry.binding.tlsPin;
      delete entry.binding.allowUnverifiedTlsAuth;
    }
    await fsp.writeFile(file, JSON.stringify(stored));

    const service = open();
    expect(value(await service['profiles/list']({})).find((p) => p.id === saved.id)?.hasPassword).toBe(true);
    expect((await run(service, saved.id)).steps.find((s) => s.id === 'auth')?.status).toBe('pass');
  });
});

describe('inspect anyway for one run', () => {
  it('goes on past a certificate nothing trusts, withholds the password, and leaves the profile as it was', async () => {
    const service = open();
    const fields: ProfileFields = { ...goodFields(good), caPem: undefined };
    const saved = value(await service['profiles/save']({ fields, password: CANARY }));
    expect((await run(service, saved.id)).steps.find((s) => s.id === 'starttls')?.status).toBe('fail');

    const loginsBefore = good.logins.length;
    const state = value(await service['run/start']({ runId: crypto.randomUUID(), profileId: saved.id, inspectAnyway: true }));
    expect(state.report?.smtp?.tls?.inspectedAnyway).toBe(true);
    expect(state.report?.smtp?.auth).toMatchObject({ attempted: false, skippedReason: 'tls-unverified' });
    expect(good.logins.length).toBe(loginsBefore);
    expect(value(await service['profiles/list']({})).find((p) => p.id === saved.id)).toMatchObject({ tlsVerify: true, hasPassword: true });
  });

  it('with the profile\'s "Inspect anyway, and still log in", the password is sent over the unverified connection', async () => {
    const service = open();
    const fields: ProfileFields = { ...goodFields(good), caPem: undefined, allowUnverifiedTlsAuth: true };
    const saved = value(await service['profiles/save']({ fields, password: CANARY }));
    const loginsBefore = good.logins.length;
    const state = value(await service['run/start']({ runId: crypto.randomUUID(), profileId: saved.id, inspectAnyway: true }));
    expect(state.report?.smtp?.auth?.ok).toBe(true);
    expect(good.logins.length).toBe(loginsBefore + 1);
  });
});

describe('secrets.json version 1', () => {
  it('is bound to each profile as it is when the service opens, and no password is lost', async () => {
    const first = open();
    const saved = value(await first['profiles/save']({ fields: goodFields(good), password: CANARY }));
    await first.dispose();
    const file = path.join(folder.dir, 'secrets.json');
    const v2 = JSON.parse(await fsp.readFile(file, 'utf8')) as { secrets: Record<string, { cipher: string }> };
    const v1 = { schemaVersion: 1, secrets: Object.fromEntries(Object.entries(v2.secrets).map(([id, e]) => [id, e.cipher])) };
    await fsp.writeFile(file, JSON.stringify(v1));

    const service = open();
    expect(value(await service['profiles/list']({})).find((p) => p.id === saved.id)?.hasPassword).toBe(true);
    const migrated = JSON.parse(await fsp.readFile(file, 'utf8')) as { schemaVersion: number; secrets: Record<string, { binding: unknown }> };
    expect(migrated.schemaVersion).toBe(2);
    expect(migrated.secrets[saved.id]?.binding).toMatchObject({ targetKind: 'host', target: '127.0.0.1', port: good.port, security: 'starttls', allowPlaintextAuth: false, user: 'canary-user-b1nd' });
    expect((await run(service, saved.id)).steps.find((s) => s.id === 'auth')?.status).toBe('pass');
  });
});
