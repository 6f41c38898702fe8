/** Migrations are pure n -> n+1 functions; the v0 fixture migrates to a valid v1 file. */
import { describe, expect, it } from 'vitest';
import { MigrationError, migrateProfilesDoc, schemaVersionOf } from '../../../../electron/engine/store/profile-migrations.ts';
import { profilesFileSchema } from '../../../../shared/profile.ts';

const ctx = { now: '2026-11-24T00:00:00.000Z', newId: () => '33333333-3333-4333-8333-333333333333' };

/** The pre-release shape (version 0): no schemaVersion, host/tls/user, comma-separated recipients. */
const V0_FIXTURE = {
  profiles: [
    { id: '44444444-4444-4444-8444-444444444444', name: 'Office', host: 'smtp.example.com', port: 587, tls: 'starttls', user: 'me@example.com', from: 'me@example.com', to: 'a@example.com,b@example.com' },
    { name: 'Plain', host: 'mx.example.net', tls: 'none' },
  ],
};

describe('profile migrations', () => {
  it('knows the version of a document', () => {
    expect(schemaVersionOf(V0_FIXTURE)).toBe(0);
    expect(schemaVersionOf({ schemaVersion: 1, profiles: [] })).toBe(1);
    expect(schemaVersionOf({ schemaVersion: 'x' })).toBeUndefined();
    expect(schemaVersionOf([])).toBeUndefined();
  });

  it('migrates the v0 fixture to a file that passes the v1 schema', () => {
    const input = structuredClone(V0_FIXTURE);
    const { doc, from } = migrateProfilesDoc(input, ctx);
    expect(from).toBe(0);
    const file = profilesFileSchema.parse(doc);
    expect(file.profiles[0]).toMatchObject({ id: '44444444-4444-4444-8444-444444444444', security: 'starttls', port: 587, authUser: 'me@example.com', to: ['a@example.com', 'b@example.com'] });
    expect(file.profiles[1]).toMatchObject({ id: ctx.newId(), security: 'none', targetKind: 'host', target: 'mx.example.net' });
    expect(input).toEqual(V0_FIXTURE); // pure: the input is not changed
  });

  it('leaves a current document as it is', () => {
    const doc = { schemaVersion: 1, profiles: [] };
    expect(migrateProfilesDoc(doc, ctx)).toEqual({ doc, from: 1 });
  });

  it('refuses newer and unknown versions', () => {
    expect(() => migrateProfilesDoc({ schemaVersion: 2, profiles: [] }, ctx)).toThrow(MigrationError);
    expect(() => migrateProfilesDoc({ hello: 1 }, ctx)).toThrow(MigrationError);
    expect(() => migrateProfilesDoc({ profiles: [7] }, ctx)).toThrow(MigrationError);
  });
});
