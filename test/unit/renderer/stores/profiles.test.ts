import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { api } from '../../../../renderer/services/api.ts';
import { uniqueName, useProfilesStore } from '../../../../renderer/stores/profiles.ts';
import { profileView } from '../shell-mount.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn(() => () => {}) } }));
const invoke = vi.mocked(api.invoke);

const office = profileView();
const local = profileView({ id: '22222222-2222-4222-8222-222222222222', name: 'Local test server', target: '127.0.0.1', builtIn: 'sandbox' });

beforeEach(() => {
  setActivePinia(createPinia());
  invoke.mockReset();
  // Calls a test does not script (the sidebar's runs/latest after a save) get a Result, as from main.
  invoke.mockResolvedValue({ ok: false, error: { code: 'EINTERNAL', message: 'not answered in this test' } });
});

describe('profiles store', () => {
  it('loads through profiles/list and selects the built-in "Local test server" on first launch', async () => {
    invoke.mockResolvedValueOnce({ ok: true, value: [office, local] });
    const store = useProfilesStore();
    await store.load();
    expect(invoke).toHaveBeenCalledWith('profiles/list', {});
    expect(store.status).toBe('ready');
    expect(store.selectedId).toBe(local.id);
  });

  it('keeps an error from profiles/list instead of throwing', async () => {
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'ESTORAGE', message: 'disk full' } });
    const store = useProfilesStore();
    const result = await store.load();
    expect(result.ok).toBe(false);
    expect(store.status).toBe('error');
    expect(store.lastError?.message).toBe('disk full');
  });

  it('New opens a blank unsaved draft (nothing saved); its Save creates the profile and selects it', async () => {
    const store = useProfilesStore();
    store.profiles = [office];
    store.selectedId = office.id;
    store.create();
    expect(invoke).not.toHaveBeenCalled();
    expect(store.draft).toMatchObject({ name: '', target: '', hasPassword: false });
    const created = profileView({ id: '33333333-3333-4333-8333-333333333333', name: 'Branch relay' });
    invoke.mockResolvedValueOnce({ ok: true, value: created });
    const { id: _id, createdAt: _c, updatedAt: _u, hasPassword: _h, ...fields } = created;
    await store.saveDraft(fields, 'pw');
    expect(invoke).toHaveBeenCalledWith('profiles/save', { fields, password: 'pw' });
    expect(store.draft).toBeUndefined();
    expect(store.selectedId).toBe(created.id);
  });

  it('a refused draft save keeps the draft', async () => {
    const store = useProfilesStore();
    store.create();
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'ESTORAGE', message: 'disk full' } });
    const { id: _id, createdAt: _c, updatedAt: _u, hasPassword: _h, ...fields } = office;
    expect((await store.saveDraft(fields)).ok).toBe(false);
    expect(store.draft).toBeDefined();
    expect(store.lastError?.message).toBe('disk full');
  });

  it('duplicates with profiles/duplicate and a "(copy)" name', async () => {
    const store = useProfilesStore();
    store.profiles = [office];
    const copy = profileView({ id: '44444444-4444-4444-8444-444444444444', name: 'Office relay (copy)' });
    invoke.mockResolvedValueOnce({ ok: true, value: copy });
    await store.duplicate(office.id);
    expect(invoke).toHaveBeenCalledWith('profiles/duplicate', { id: office.id, name: 'Office relay (copy)' });
    expect(store.selectedId).toBe(copy.id);
  });

  it('renames by saving the same fields with the new name and keeps the password (undefined)', async () => {
    const store = useProfilesStore();
    store.profiles = [{ ...office, hasPassword: true }];
    invoke.mockResolvedValueOnce({ ok: true, value: { ...office, name: 'HQ', hasPassword: true } });
    await store.rename(office.id, 'HQ');
    const input = invoke.mock.calls[0]?.[1] as Record<string, unknown>;
    expect(invoke.mock.calls[0]?.[0]).toBe('profiles/save');
    expect(input.id).toBe(office.id);
    expect(input.password).toBeUndefined();
    expect(input.fields).toMatchObject({ name: 'HQ', target: 'example.com' });
    // Only profile fields go out: no id, timestamps or hasPassword inside `fields`.
    expect(Object.keys(input.fields as object)).not.toEqual(expect.arrayContaining(['hasPassword']));
    expect(input.fields).not.toHaveProperty('createdAt');
  });

  it('deletes with profiles/delete and moves the selection', async () => {
    const store = useProfilesStore();
    store.profiles = [office, local];
    store.selectedId = office.id;
    invoke.mockResolvedValueOnce({ ok: true, value: { id: office.id } });
    await store.remove(office.id);
    expect(invoke).toHaveBeenCalledWith('profiles/delete', { id: office.id });
    expect(store.profiles).toEqual([local]);
    expect(store.selectedId).toBe(local.id);
  });

  it('imports with profiles/import and exports with profiles/export', async () => {
    const store = useProfilesStore();
    invoke.mockResolvedValueOnce({ ok: true, value: { imported: [office], skipped: [{ name: 'x', reason: 'bad port' }] } });
    const imported = await store.importJson('{"format":"smtp-probe-profiles"}');
    expect(invoke).toHaveBeenCalledWith('profiles/import', { json: '{"format":"smtp-probe-profiles"}' });
    expect(imported.ok && imported.value.skipped).toHaveLength(1);
    expect(store.profiles).toEqual([office]);
    invoke.mockResolvedValueOnce({ ok: true, value: { json: '{}', fileName: 'profiles.json' } });
    await store.exportJson();
    expect(invoke).toHaveBeenLastCalledWith('profiles/export', {});
  });

  it('picks unique names case-insensitively', () => {
    expect(uniqueName('New profile', [])).toBe('New profile');
    expect(uniqueName('New profile', ['new PROFILE', 'New profile 2'])).toBe('New profile 3');
  });

  it('keeps no password in its state: a typed one is passed on to profiles/save, whether the save works or not', async () => {
    const store = useProfilesStore();
    store.profiles = [office];
    store.select(office.id);
    const { id: _id, createdAt: _c, updatedAt: _u, builtIn: _b, hasPassword: _h, ...fields } = office;
    invoke.mockResolvedValueOnce({ ok: true, value: { ...office, hasPassword: true } });
    await store.save(office.id, fields, 'Canary-9f3e-Canary-9f3e');
    expect(invoke).toHaveBeenCalledWith('profiles/save', expect.objectContaining({ id: office.id, password: 'Canary-9f3e-Canary-9f3e' }));
    expect(store.profiles[0]?.hasPassword).toBe(true);
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'ECHANGED', message: 'changed elsewhere' } }).mockResolvedValueOnce({ ok: true, value: [office] });
    await store.save(office.id, fields, 'Canary-9f3e-Canary-9f3e');
    expect(store.lastError?.code).toBe('ECHANGED');
    expect(JSON.stringify(store.$state)).not.toContain('Canary');
  });
});
