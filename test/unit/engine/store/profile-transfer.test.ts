/** Profile export/import: no ids or passwords out; size cap, schema per entry, unique names in. */
import { describe, expect, it } from 'vitest';
import { exportProfiles, parseImport, uniqueName } from '../../../../electron/engine/store/profile-transfer.ts';
import { emptyProfileFields, profilesExportSchema, type Profile } from '../../../../shared/profile.ts';

const p = (name: string): Profile => ({ ...emptyProfileFields(), name, target: 'example.com', authUser: 'me', id: '55555555-5555-4555-8555-555555555555', createdAt: 'c', updatedAt: 'u', builtIn: 'sandbox' });

describe('exportProfiles', () => {
  it('writes the export schema with the editable fields only', () => {
    const json = exportProfiles([p('A')], new Date('2026-01-01T00:00:00Z'));
    const doc = profilesExportSchema.parse(JSON.parse(json));
    expect(doc.profiles[0]?.name).toBe('A');
    expect(json).not.toMatch(/"id"|createdAt|builtIn|password|secret/i);
  });
});

describe('parseImport', () => {
  const exported = (names: string[]) => exportProfiles(names.map(p), new Date());

  it('renames duplicates "name (2)", "name (3)"', () => {
    const r = parseImport(exported(['A', 'A', 'B']), ['A', 'a (2)']);
    expect(r.fields.map((f) => f.name)).toEqual(['A (3)', 'A (4)', 'B']);
    expect(r.skipped).toEqual([]);
  });

  it('skips invalid entries with the reason and keeps the rest', () => {
    const doc = JSON.parse(exported(['Good']));
    doc.profiles.push({ ...doc.profiles[0], name: 'Bad port', port: 99999 }, 'not a profile');
    const r = parseImport(JSON.stringify(doc), []);
    expect(r.fields.map((f) => f.name)).toEqual(['Good']);
    expect(r.skipped).toEqual([
      { name: 'Bad port', reason: 'port: Port must be 1-65535' },
      { name: '#3', reason: expect.any(String) },
    ]);
  });

  it('drops fields that are not part of a profile (a password in a crafted file)', () => {
    const doc = JSON.parse(exported(['A']));
    doc.profiles[0].password = 'smuggled';
    const r = parseImport(JSON.stringify(doc), []);
    expect(JSON.stringify(r.fields)).not.toContain('smuggled');
  });

  it.each([
    ['not JSON', '{'],
    ['another format', JSON.stringify({ format: 'x', schemaVersion: 1, profiles: [] })],
    ['another version', JSON.stringify({ format: 'smtp-probe-profiles', schemaVersion: 9, profiles: [] })],
    ['larger than 1 MB', 'x'.repeat(1024 * 1024 + 1)],
  ])('refuses %s with EINVALID', (_l, json) => {
    expect(() => parseImport(json, [])).toThrow(expect.objectContaining({ code: 'EINVALID', field: 'json' }));
  });

  it('uniqueName keeps a free name', () => {
    expect(uniqueName('X', new Set(['y']))).toBe('X');
  });
});
