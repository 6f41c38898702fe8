/**
 * The service over damaged or foreign user files: a newer profiles.json is read-only (EREADONLY,
 * file untouched), a corrupt one is recovered with a notice, a missing secrets file means
 * "re-enter the password" and never a lost profile. No network: nothing here runs a check.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createServiceHandlers, memorySecretStore, type ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import type { StorageNotice } from '../../../../shared/ipc/contract.ts';
import { serviceFolder, value } from '../../../helpers/service-table.ts';
import { emptyProfileFields } from '../../../../shared/profile.ts';
import { xorSecretStore } from '../../../unit/engine/store/xor-secret-store.ts';

const folder = serviceFolder('smtp-probe-service-store-');
let notices: StorageNotice[];

function make(secrets = xorSecretStore()): ServiceHandlers {
  return folder.keep(createServiceHandlers({ dataDir: folder.dir, secrets, host: 'electron', emit: (channel, payload) => void (channel === 'storage/notice' && notices.push(payload as StorageNotice)), runDefaults: { dnsServer: '127.0.0.1:5300', publicIpResolvers: [] } }));
}

beforeEach(async () => {
  notices = [];
});

const fields = (name: string) => ({ ...emptyProfileFields(), name, target: 'mail.example.com', targetKind: 'host' as const, authUser: 'me@example.com' });


/** The notices about the files, without the welcome, which shows until the user closes it for good. */
const storageNotices = (notices: readonly { kind: string }[]): string[] => notices.map((n) => n.kind).filter((kind) => kind !== 'first-launch');
describe('service storage', () => {
  it('a newer profiles.json: read-only notice, saves refused with EREADONLY, file untouched', async () => {
    const newer = JSON.stringify({ schemaVersion: 7, profiles: [] });
    await fsp.writeFile(path.join(folder.dir, 'profiles.json'), newer);
    const s = make();
    const info = value(await s['app/info']({}));
    expect(info.notices.map((n) => n.kind)).toEqual(['read-only']);
    expect(notices.map((n) => n.kind)).toEqual(['read-only']);
    expect(await s['profiles/save']({ fields: fields('X') })).toMatchObject({ ok: false, error: { code: 'EREADONLY' } });
    const json = JSON.stringify({ format: 'smtp-probe-profiles', schemaVersion: 1, exportedAt: 'now', profiles: [fields('Imported')] });
    expect(await s['profiles/import']({ json })).toMatchObject({ ok: false, error: { code: 'EREADONLY' } });
    expect(await fsp.readFile(path.join(folder.dir, 'profiles.json'), 'utf8')).toBe(newer);
  });

  it('a corrupt profiles.json is recovered from the backup and the user is told', async () => {
    const s1 = make();
    await s1['profiles/save']({ fields: fields('Mine') });
    await s1['profiles/save']({ fields: fields('Second') });
    await fsp.writeFile(path.join(folder.dir, 'profiles.json'), '\0'.repeat(4096));
    const s2 = make();
    const names = value(await s2['profiles/list']({})).map((p) => p.name);
    expect(names).toEqual(['Local test server', 'Mine']);
    const info = value(await s2['app/info']({}));
    expect(storageNotices(info.notices)).toEqual(['recovered-from-backup']);
    expect((await fsp.readdir(folder.dir)).some((f) => /^profiles\.corrupt-\d{8}T\d{6}Z\.json$/.test(f))).toBe(true);
  });

  it('deleting secrets.json keeps the profiles; the password is asked for again', async () => {
    const s1 = make();
    const p = value(await s1['profiles/save']({ fields: fields('Has pw'), password: 'pw-123' }));
    expect(p.hasPassword).toBe(true);
    await fsp.rm(path.join(folder.dir, 'secrets.json'));
    const s2 = make();
    const again = value(await s2['profiles/list']({})).find((x) => x.id === p.id);
    expect(again).toMatchObject({ name: 'Has pw', hasPassword: false });
    const run = await s2['run/start']({ runId: crypto.randomUUID(), profileId: p.id });
    expect(run).toMatchObject({ ok: false, error: { code: 'ESECRETS', field: 'password' } });
    if (!run.ok) expect(run.error.message).toMatch(/enter the password/);
  });

  it('a ciphertext another account cannot decrypt is found when a run needs it: the run asks for the password again', async () => {
    const s1 = make(xorSecretStore(0x11));
    const p = value(await s1['profiles/save']({ fields: fields('Other key'), password: 'pw' }));
    const decrypt = vi.fn((): string => { throw new Error('wrong account'); });
    const s2 = make({ available: async () => true, encrypt: (x) => Buffer.from(x), decrypt });
    // Nothing is decrypted at start-up (on macOS each decryption can be a Keychain prompt).
    expect(value(await s2['app/info']({})).notices.filter((n) => n.kind === 'secrets-unreadable')).toEqual([]);
    expect(value(await s2['profiles/list']({})).find((x) => x.id === p.id)?.hasPassword).toBe(true);
    expect(decrypt).not.toHaveBeenCalled();
    const run = await s2['run/start']({ runId: crypto.randomUUID(), profileId: p.id });
    expect(run).toMatchObject({ ok: false, error: { code: 'ESECRETS', field: 'password' } });
    expect(decrypt).toHaveBeenCalledTimes(1);
    expect(value(await s2['profiles/list']({})).find((x) => x.id === p.id)?.hasPassword).toBe(false);
  });

  it('browser mode (memory secrets) writes no secrets file and no password anywhere', async () => {
    const s = make(memorySecretStore());
    const p = value(await s['profiles/save']({ fields: fields('Browser'), password: 'Memory-Only-Canary' }));
    expect(p.hasPassword).toBe(true);
    // Nothing survives a restart, so app/info must not promise that passwords are stored.
    expect(value(await s['app/info']({})).canStorePasswords).toBe(false);
    const files = await fsp.readdir(folder.dir);
    expect(files).not.toContain('secrets.json');
    for (const f of files) expect(await fsp.readFile(path.join(folder.dir, f), 'utf8')).not.toContain('Memory-Only-Canary');
  });

  it('without encryption, a password cannot be saved (ESECRETS) and the profile is not written', async () => {
    const s = make({ available: () => false, encrypt: () => { throw new Error('x'); }, decrypt: () => { throw new Error('x'); } });
    expect(value(await s['app/info']({})).canStorePasswords).toBe(false);
    expect(await s['profiles/save']({ fields: fields('No enc'), password: 'pw' })).toMatchObject({ ok: false, error: { code: 'ESECRETS', field: 'password' } });
    expect(value(await s['profiles/list']({})).map((x) => x.name)).toEqual(['Local test server']);
  });
});

describe('the test-server profile', () => {
  it('stays built-in while edited on loopback, and becomes ordinary when pointed elsewhere', async () => {
    const s = make();
    const [sandbox] = value(await s['profiles/list']({}));
    const { id, createdAt: _c, updatedAt: _u, builtIn: _b, hasPassword: _h, ...f } = sandbox!;
    const renamed = value(await s['profiles/save']({ id, fields: { ...f, name: 'My test server' } }));
    expect(renamed).toMatchObject({ builtIn: 'sandbox', hasPassword: true });
    const moved = value(await s['profiles/save']({ id, fields: { ...f, target: 'mail.example.com' } }));
    expect(moved.builtIn).toBeUndefined();
    expect(moved.hasPassword).toBe(false);
  });
});
