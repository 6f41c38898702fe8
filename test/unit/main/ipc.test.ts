import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { INVOKE, MAX_PAYLOAD_BYTES } from '../../../shared/ipc/contract.ts';
import type { Handlers, InvokeChannel } from '../../../shared/ipc/contract.ts';
import { fail } from '../../../shared/ipc/result.ts';
import { INVOKE_CHANNELS, handleInvoke, registerIpcHandlers, senderRefusal, withInternalErrors } from '../../../electron/main/ipc.ts';
import type { InvokeEventLike, SenderPolicy } from '../../../electron/main/ipc.ts';
import { fakeHandlers } from './fake-handlers.ts';

const WINDOW_ID = 7;
const policy: SenderPolicy = { windowContentsId: () => WINDOW_ID, trustedOrigins: new Set(['app://bundle']) };
const goodEvent = (): InvokeEventLike => ({ sender: { id: WINDOW_ID }, senderFrame: { url: 'app://bundle/index.html', parent: null } });
const PROFILE_ID = '6f1c1e2a-6b9e-4c3e-9d52-2f0f1c6b8a11';

describe('IPC sender check (reliability A.8)', () => {
  const refusedEvents: [string, InvokeEventLike][] = [
    ['senderFrame null (frame gone)', { sender: { id: WINDOW_ID }, senderFrame: null }],
    ['another origin', { sender: { id: WINDOW_ID }, senderFrame: { url: 'https://evil.test/', parent: null } }],
    ['a sub-frame of our page', { sender: { id: WINDOW_ID }, senderFrame: { url: 'app://bundle/index.html', parent: {} } }],
    ['a sub-frame from elsewhere', { sender: { id: WINDOW_ID }, senderFrame: { url: 'https://evil.test/', parent: {} } }],
    ['another window', { sender: { id: WINDOW_ID + 1 }, senderFrame: { url: 'app://bundle/index.html', parent: null } }],
    ['another app:// host', { sender: { id: WINDOW_ID }, senderFrame: { url: 'app://evil/index.html', parent: null } }],
    ['a file: page', { sender: { id: WINDOW_ID }, senderFrame: { url: 'file:///C:/app/index.html', parent: null } }],
    ['a lookalike host', { sender: { id: WINDOW_ID }, senderFrame: { url: 'app://bundle.evil.test/index.html', parent: null } }],
    ['an unparsable URL', { sender: { id: WINDOW_ID }, senderFrame: { url: 'not a url', parent: null } }],
  ];

  it.each(refusedEvents)('refuses %s with EFORBIDDEN and never runs the handler', async (_name, event) => {
    const handlers = fakeHandlers();
    const result = await handleInvoke('profiles/list', event, {}, handlers, policy);
    expect(result).toMatchObject({ ok: false, error: { code: 'EFORBIDDEN' } });
    expect(handlers['profiles/list']).not.toHaveBeenCalled();
  });

  it('refuses everything when the window is gone', async () => {
    const handlers = fakeHandlers();
    const result = await handleInvoke('app/info', goodEvent(), {}, handlers, { ...policy, windowContentsId: () => null });
    expect(result).toMatchObject({ ok: false, error: { code: 'EFORBIDDEN' } });
  });

  it('treats a senderFrame getter that throws (destroyed frame) as no frame', () => {
    const event = { sender: { id: WINDOW_ID } } as InvokeEventLike;
    Object.defineProperty(event, 'senderFrame', {
      get() {
        throw new Error('Render frame was disposed');
      },
    });
    expect(senderRefusal(event, policy)).toMatch(/gone/);
  });

  it("with the window's main frame known, refuses another parentless frame of the same window (fenced frame, portal)", () => {
    const strict: SenderPolicy = { ...policy, mainFrame: () => ({ processId: 4, routingId: 1 }) };
    const frame = (processId: number, routingId: number): InvokeEventLike => ({ sender: { id: WINDOW_ID }, senderFrame: { url: 'app://bundle/index.html', parent: null, processId, routingId } });
    expect(senderRefusal(frame(4, 1), strict)).toBeNull();
    expect(senderRefusal(frame(4, 2), strict)).toMatch(/main frame/);
    expect(senderRefusal(frame(5, 1), strict)).toMatch(/main frame/);
    expect(senderRefusal(goodEvent(), strict)).toMatch(/main frame/); // ids missing
    expect(senderRefusal(frame(4, 1), { ...strict, mainFrame: () => null })).toMatch(/main frame/);
  });

  it('accepts the dev server origin only when the policy lists it', () => {
    const devEvent: InvokeEventLike = { sender: { id: WINDOW_ID }, senderFrame: { url: 'http://localhost:5173/', parent: null } };
    expect(senderRefusal(devEvent, policy)).not.toBeNull();
    expect(senderRefusal(devEvent, { ...policy, trustedOrigins: new Set(['app://bundle', 'http://localhost:5173']) })).toBeNull();
  });
});

describe('IPC payload validation (reliability A.9)', () => {
  it('passes a valid call to the handler with the parsed input', async () => {
    const handlers = fakeHandlers();
    const result = await handleInvoke('profiles/delete', goodEvent(), { id: PROFILE_ID, extra: 'dropped' }, handlers, policy);
    expect(result).toEqual({ ok: true, value: { channel: 'profiles/delete', input: { id: PROFILE_ID } } });
    expect(handlers['profiles/delete']).toHaveBeenCalledWith({ id: PROFILE_ID });
  });

  it('refuses a malformed payload with EINVALID and the field', async () => {
    const handlers = fakeHandlers();
    const result = await handleInvoke('profiles/delete', goodEvent(), { id: 'not-a-uuid' }, handlers, policy);
    expect(result).toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'id' } });
    expect(handlers['profiles/delete']).not.toHaveBeenCalled();
  });

  it('refuses a 5 MiB string with EINVALID before the schema or handler sees it', async () => {
    const handlers = fakeHandlers();
    const huge = 'x'.repeat(5 * 1024 * 1024);
    expect(huge.length).toBeGreaterThan(MAX_PAYLOAD_BYTES);
    for (const input of [huge, { json: huge }]) {
      const result = await handleInvoke('profiles/import', goodEvent(), input, handlers, policy);
      expect(result).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
    }
    expect(handlers['profiles/import']).not.toHaveBeenCalled();
  });

  it('refuses a payload that is not JSON (a cycle) with EINVALID', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const result = await handleInvoke('app/info', goodEvent(), cyclic, fakeHandlers(), policy);
    expect(result).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
  });

  it.each(Object.keys(INVOKE) as InvokeChannel[])('%s: any value resolves to ok or EINVALID, never a throw', async (channel) => {
    const handlers = fakeHandlers();
    await fc.assert(
      fc.asyncProperty(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }), async (input) => {
        const result = await handleInvoke(channel, goodEvent(), input, handlers, policy);
        if (result.ok) {
          // Only a payload the schema accepts may reach the handler.
          expect(INVOKE[channel].safeParse(input).success).toBe(true);
        } else {
          expect(result.error.code).toBe('EINVALID');
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('handler failures', () => {
  it('turns a throw into EINTERNAL without the error text (it could quote a secret)', async () => {
    const handlers = fakeHandlers();
    handlers['app/info'].mockRejectedValue(new Error('password hunter2 rejected'));
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await handleInvoke('app/info', goodEvent(), {}, withInternalErrors(handlers), policy);
    spy.mockRestore();
    expect(result).toMatchObject({ ok: false, error: { code: 'EINTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('passes the handler\'s own failure result through unchanged', async () => {
    const handlers = fakeHandlers();
    handlers['profiles/delete'].mockResolvedValue(fail('ENOTFOUND', 'No such profile.'));
    const result = await handleInvoke('profiles/delete', goodEvent(), { id: PROFILE_ID }, withInternalErrors(handlers), policy);
    expect(result).toEqual(fail('ENOTFOUND', 'No such profile.'));
  });
});

describe('registerIpcHandlers', () => {
  it('registers exactly the contract channels and removes them again', async () => {
    const registered = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: vi.fn((channel: string, listener: (event: unknown, input: unknown) => Promise<unknown>) => registered.set(channel, listener)),
      removeHandler: vi.fn((channel: string) => registered.delete(channel)),
    };
    const handlers = fakeHandlers();
    const unregister = registerIpcHandlers(ipcMain as never, handlers as Handlers, policy);
    expect([...registered.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());

    await expect(registered.get('app/info')!(goodEvent(), {})).resolves.toMatchObject({ ok: true });
    await expect(registered.get('app/info')!({ sender: { id: WINDOW_ID }, senderFrame: null }, {})).resolves.toMatchObject({ ok: false, error: { code: 'EFORBIDDEN' } });
    expect(handlers['app/info']).toHaveBeenCalledTimes(1);

    unregister();
    expect(registered.size).toBe(0);
  });
});
