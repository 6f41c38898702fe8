/**
 * profiles/save writes the profile, then its password. When the password part is refused (the
 * system's encryption fails here; in the app, safeStorage or the keyring), the profile is still
 * saved: the result is the saved version, so the form's next Save is based on it and is not
 * refused as "changed elsewhere", and it says why the password was not stored. Real service table
 * on a real data folder; only the OS encryption is a fake.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SecretStore } from '../../../../electron/engine/store/secrets.ts';
import { emptyProfileFields, type ProfileFields } from '../../../../shared/profile.ts';
import { browserService, serviceFolder, value } from '../../../helpers/service-table.ts';
import { xorSecretStore } from '../../../unit/engine/store/xor-secret-store.ts';

const folder = serviceFolder('smtp-probe-password-refused-');

/** The XOR store, whose encrypt() throws while `refusing.now` is set (a keyring that says no). */
function refusingStore(refusing: { now: boolean }): SecretStore {
  const xor = xorSecretStore();
  return {
    ...xor,
    encrypt: (plain) => {
      if (refusing.now) throw new Error('the keyring refused');
      return xor.encrypt(plain);
    },
  };
}

const fields: ProfileFields = { ...emptyProfileFields(), name: 'Relay', targetKind: 'host', target: '127.0.0.1', port: 2525, security: 'none', authUser: 'alice', allowPlaintextAuth: true };

describe('profiles/save when the password cannot be stored', () => {
  it('saves the profile, says the password was not stored and why, and the next Save from that version is not "changed elsewhere"', async () => {
    const refusing = { now: true };
    const service = folder.keep(browserService(folder.dir, { secrets: refusingStore(refusing), host: 'electron' }));

    const created = value(await service['profiles/save']({ fields, password: 'first-pw' }));
    expect(created).toMatchObject({ name: 'Relay', hasPassword: false });
    expect(created.passwordNotSaved).toMatch(/^The profile was saved, but its password could not be stored: The password could not be encrypted/);
    // The profile really is on disk, at the version the result names.
    const onDisk = JSON.parse(await fsp.readFile(path.join(folder.dir, 'profiles.json'), 'utf8')) as { profiles: { id: string; updatedAt: string }[] };
    expect(onDisk.profiles.find((p) => p.id === created.id)?.updatedAt).toBe(created.updatedAt);

    // An edit with the password again, from the version the form learnt, still refused: same answer.
    const edited = value(await service['profiles/save']({ id: created.id, fields: { ...fields, port: 2526 }, password: 'second-pw', expectedUpdatedAt: created.updatedAt }));
    expect(edited).toMatchObject({ port: 2526, hasPassword: false, passwordNotSaved: expect.stringContaining('could not be stored') });

    // The keyring works again: Save from the last version stores the password.
    refusing.now = false;
    const stored = value(await service['profiles/save']({ id: created.id, fields: { ...fields, port: 2526 }, password: 'second-pw', expectedUpdatedAt: edited.updatedAt }));
    expect(stored.hasPassword).toBe(true);
    expect(stored).not.toHaveProperty('passwordNotSaved');
    const listed = value(await service['profiles/list']({})).find((p) => p.id === created.id);
    expect(listed).toMatchObject({ hasPassword: true, updatedAt: stored.updatedAt });
  });

  it('a secrets.json that cannot be written: the profile is saved and the reason names the file', async () => {
    const service = folder.keep(browserService(folder.dir, { host: 'electron' }));
    const created = value(await service['profiles/save']({ fields }));
    // A folder where secrets.json should be: the vault can neither read nor replace it.
    await fsp.mkdir(path.join(folder.dir, 'secrets.json'));

    const saved = value(await service['profiles/save']({ id: created.id, fields: { ...fields, port: 2527 }, password: 'pw', expectedUpdatedAt: created.updatedAt }));
    expect(saved).toMatchObject({ port: 2527, hasPassword: false, passwordNotSaved: expect.stringContaining('secrets.json') });
    const again = await service['profiles/save']({ id: created.id, fields: { ...fields, port: 2528 }, expectedUpdatedAt: saved.updatedAt });
    expect(again.ok).toBe(true);
  });
});
