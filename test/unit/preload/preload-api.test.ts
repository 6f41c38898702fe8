import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNELS, INVOKE } from '../../../shared/ipc/contract.ts';
import { createPreloadApi } from '../../../electron/preload/preload-api.ts';

/** ipcRenderer as far as the preload uses it: invoke, and events delivered as (event, payload). */
function fakeIpcRenderer() {
  const emitter = new EventEmitter();
  return {
    invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
    on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => emitter.on(channel, listener)),
    removeListener: vi.fn((channel: string, listener: (...args: unknown[]) => void) => emitter.removeListener(channel, listener)),
    deliver(channel: string, payload: unknown) {
      const ipcEvent = { sender: { secret: 'ipcRenderer' }, ports: [], senderId: 0 };
      emitter.emit(channel, ipcEvent, payload);
    },
    listenerCount: (channel: string) => emitter.listenerCount(channel),
  };
}

describe('window.api from the preload (reliability A.7)', () => {
  it('has exactly invoke and on, and cannot be changed by the page', () => {
    const api = createPreloadApi(fakeIpcRenderer());
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it.each(Object.keys(INVOKE))('forwards %s to ipcRenderer.invoke with the input as is', async (channel) => {
    const ipc = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    await expect(api.invoke(channel as never, { a: 1 } as never)).resolves.toEqual({ ok: true, value: { channel, input: { a: 1 } } });
    expect(ipc.invoke).toHaveBeenCalledWith(channel, { a: 1 });
  });

  it.each(['secrets/read', 'ELECTRON_BROWSER_REQUIRE', '__proto__', 'constructor', 'toString', '', 42, null])('refuses the unknown channel %s without reaching main', async (channel) => {
    const ipc = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    await expect(api.invoke(channel as never, {} as never)).resolves.toMatchObject({ ok: false, error: { code: 'EINVALID' } });
    expect(ipc.invoke).not.toHaveBeenCalled();
    expect(() => api.on(channel as never, () => undefined)).toThrow(TypeError);
    expect(ipc.on).not.toHaveBeenCalled();
  });

  it.each([...EVENT_CHANNELS])('%s listeners receive exactly the payload, never the IpcRendererEvent', (channel) => {
    const ipc = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    const listener = vi.fn();
    api.on(channel, listener);
    const payload = { runId: 'r1', n: 1 };
    ipc.deliver(channel, payload);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([payload]);
  });

  it('on returns an unsubscribe function that removes exactly that listener', () => {
    const ipc = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    const first = vi.fn();
    const second = vi.fn();
    const off = api.on('run/transcript', first);
    api.on('run/transcript', second);
    off();
    ipc.deliver('run/transcript', { x: 1 });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith({ x: 1 });
    expect(ipc.listenerCount('run/transcript')).toBe(1);
  });

  it('refuses a listener that is not a function', () => {
    const api = createPreloadApi(fakeIpcRenderer());
    expect(() => api.on('run/step', 'alert(1)' as never)).toThrow(TypeError);
  });
});
