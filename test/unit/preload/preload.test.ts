/** The preload script itself, with a fake `electron`: it exposes one object, `api`, and nothing else. */
import { describe, expect, it, vi } from 'vitest';

const exposed = vi.hoisted(() => [] as [string, unknown][]);
vi.mock('electron', () => {
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.push([key, value]) },
    ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn(), send: vi.fn(), sendSync: vi.fn() },
  };
  return { ...electron, default: electron };
});

describe('electron/preload/preload.ts', () => {
  it('exposes only window.api = { invoke, on }, never ipcRenderer', async () => {
    await import('../../../electron/preload/preload.ts');
    expect(exposed.map(([key]) => key)).toEqual(['api']);
    const api = exposed[0]![1] as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.values(api)).not.toContainEqual(expect.objectContaining({ sendSync: expect.anything() }));
  });
});
