/**
 * Two service tables on one data folder, as the desktop app and `smtp-probe ui` (or two `ui`) are:
 * each sees what the other saved, saves of different profiles and passwords all land, and a save
 * of a profile the other changed since is an ECHANGED result that stores nothing (not even the
 * password typed with it) and keeps the other's version.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServiceHandlers, type ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import { CHANGED_MESSAGE } from '../../../../electron/engine/store/profiles-store.ts';
import { serviceFolder, value } from '../../../helpers/service-table.ts';
import { emptyProfileFields } from '../../../../shared/profile.ts';
import { xorSecretStore } from '../../../unit/engine/store/xor-secret-store.ts';

const CANARY = 'Canary-9f3e-Canary-9f3e';
const folder = serviceFolder('smtp-probe-shared-folder-');

function make(clock?: () => Date): ServiceHandlers {
  return folder.keep(createServiceHandlers({ dataDir: folder.dir, secrets: xorSecretStore(), host: 'electron', emit: () => undefined, ...(clock ? { clock } : {}) }));
}

const fields = (name: string, subject = 'hello') => ({ ...emptyProfileFields(), name, subject, target: 'mail.example.com', targetKind: 'host' as const, authUser: 'me@example.com' });
const names = async (s: ServiceHandlers) => value(await s['profiles/list']({})).map((p) => p.name);

describe('two service tables on one data folder', () => {
  it('each lists what the other saved, and both profiles and both passwords are kept', async () => {
    const a = make();
    const b = make();
    expect(await names(b)).not.toContain('Office');
    const office = value(await a['profiles/save']({ fields: fields('Office'), password: CANARY }));
    const home = value(await b['profiles/save']({ fields: fields('Home'), password: `${CANARY}-b` }));
    expect(await names(b)).toEqual(expect.arrayContaining(['Office', 'Home']));
    const views = value(await make()['profiles/list']({}));
    expect(views.find((p) => p.id === office.id)?.hasPassword).toBe(true);
    expect(views.find((p) => p.id === home.id)?.hasPassword).toBe(true);
  });

  it('a save of a profile the other changed since is ECHANGED: nothing stored, the other version kept, the list refreshed', async () => {
    const a = make();
    const b = make();
    const created = value(await a['profiles/save']({ fields: fields('Shared') }));
    const seenByB = value(await b['profiles/list']({})).find((p) => p.id === created.id)!;
    const byA = value(await a['profiles/save']({ id: created.id, fields: fields('Shared', 'from A'), expectedUpdatedAt: created.updatedAt }));

    const refused = await b['profiles/save']({ id: created.id, fields: fields('Shared', 'from B'), password: CANARY, expectedUpdatedAt: seenByB.updatedAt });
    expect(refused).toEqual({ ok: false, error: { code: 'ECHANGED', message: CHANGED_MESSAGE, field: 'id' } });
    const afterB = value(await b['profiles/list']({})).find((p) => p.id === created.id)!;
    expect(afterB).toMatchObject({ subject: 'from A', updatedAt: byA.updatedAt, hasPassword: false });
    const raw = await fsp.readFile(path.join(folder.dir, 'profiles.json'), 'utf8');
    expect(JSON.parse(raw).profiles.find((p: { id: string }) => p.id === created.id).subject).toBe('from A');
    expect(await fsp.readFile(path.join(folder.dir, 'secrets.json'), 'utf8').catch(() => '')).not.toContain(created.id);

    // Reloaded, B's save goes through.
    value(await b['profiles/save']({ id: created.id, fields: fields('Shared', 'from B'), expectedUpdatedAt: afterB.updatedAt }));
    expect(value(await a['profiles/list']({})).find((p) => p.id === created.id)?.subject).toBe('from B');
  });

  it('two saves within one millisecond still make two versions: the stale one is refused', async () => {
    const frozen = () => new Date('2026-11-24T01:02:03.000Z');
    const a = make(frozen);
    const b = make(frozen);
    const created = value(await a['profiles/save']({ fields: fields('Shared') }));
    const byA = value(await a['profiles/save']({ id: created.id, fields: fields('Shared', 'from A'), expectedUpdatedAt: created.updatedAt }));
    expect(byA.updatedAt).not.toBe(created.updatedAt);
    const refused = await b['profiles/save']({ id: created.id, fields: fields('Shared', 'from B'), expectedUpdatedAt: created.updatedAt });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ECHANGED' } });
  });

  it('duplicate and delete of a profile the other deleted are ENOTFOUND results, and the other profiles stay', async () => {
    const a = make();
    const b = make();
    const gone = value(await a['profiles/save']({ fields: fields('Gone') }));
    value(await a['profiles/save']({ fields: fields('Stays') }));
    expect(await names(b)).toContain('Gone');
    value(await a['profiles/delete']({ id: gone.id }));
    expect(await b['profiles/duplicate']({ id: gone.id })).toMatchObject({ ok: false, error: { code: 'ENOTFOUND' } });
    expect(await b['profiles/delete']({ id: gone.id })).toMatchObject({ ok: false, error: { code: 'ENOTFOUND' } });
    expect(await names(make())).toContain('Stays');
  });
});
