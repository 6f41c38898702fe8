import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { EventPayloads } from '../../../../shared/ipc/contract.ts';
import { api } from '../../../../renderer/services/api.ts';
import { useSandboxStore } from '../../../../renderer/stores/sandbox.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn() } }));
const invoke = vi.mocked(api.invoke);
const on = vi.mocked(api.on);

beforeEach(() => {
  setActivePinia(createPinia());
  invoke.mockReset();
  on.mockReset();
});

const running = { running: true, host: '127.0.0.1', smtpPort: 2525, tlsPort: 4650, hostname: 'sandbox.local', user: 'probe', password: 'pw', behaviours: { denyRelay: false, greylist: false, rejectAuth: false, slowBannerMs: 0 } };

describe('sandbox store', () => {
  it('starts and stops through sandbox/start and sandbox/stop', async () => {
    const store = useSandboxStore();
    invoke.mockResolvedValueOnce({ ok: true, value: running });
    await store.start();
    expect(invoke).toHaveBeenCalledWith('sandbox/start', {});
    expect(store.status.smtpPort).toBe(2525);
    expect(store.busy).toBe('idle');
    invoke.mockResolvedValueOnce({ ok: true, value: { running: false } });
    await store.stop();
    expect(invoke).toHaveBeenLastCalledWith('sandbox/stop', {});
    expect(store.status.running).toBe(false);
  });

  it('sends only the changed behaviour with sandbox/set-behaviours', async () => {
    const store = useSandboxStore();
    store.status = running;
    invoke.mockResolvedValueOnce({ ok: true, value: { ...running.behaviours, greylist: true } });
    await store.setBehaviours({ greylist: true });
    expect(invoke).toHaveBeenCalledWith('sandbox/set-behaviours', { greylist: true });
    expect(store.status.behaviours?.greylist).toBe(true);
  });

  it('refreshes the inbox on each sandbox/event and keeps the log', async () => {
    let listener: ((p: EventPayloads['sandbox/event']) => void) | undefined;
    const unsubscribe = vi.fn();
    on.mockImplementation(((channel: string, l: (p: EventPayloads['sandbox/event']) => void) => {
      expect(channel).toBe('sandbox/event');
      listener = l;
      return unsubscribe;
    }) as typeof api.on);
    const message = { id: 'm1', receivedAt: '2026-01-01T00:00:00Z', from: 'a@x', to: ['b@y'], sizeOctets: 10, tls: true };
    invoke.mockResolvedValue({ ok: true, value: [message] });
    const store = useSandboxStore();
    const stop = store.listen();
    listener?.({ text: 'message received', t: '2026-01-01T00:00:00Z' });
    await new Promise((r) => setTimeout(r, 0));
    expect(invoke).toHaveBeenCalledWith('sandbox/messages', {});
    expect(store.messages).toEqual([message]);
    expect(store.log.map((e) => e.text)).toEqual(['message received']);
    stop();
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('keeps the error of a failed start and is not busy afterwards', async () => {
    const store = useSandboxStore();
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'EBUSY', message: 'port in use' } });
    await store.start();
    expect(store.lastError?.code).toBe('EBUSY');
    expect(store.busy).toBe('idle');
  });
});
