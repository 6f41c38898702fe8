import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatchInvoke, isInvokeChannel } from '../../../../electron/engine/service/dispatch.ts';
import { INVOKE, MAX_PAYLOAD_BYTES } from '../../../../shared/ipc/contract.ts';
import type { InvokeChannel } from '../../../../shared/ipc/contract.ts';
import { fail, ok } from '../../../../shared/ipc/result.ts';
import { fakeHandlers } from '../../../helpers/fake-handlers.ts';

const channels = Object.keys(INVOKE) as InvokeChannel[];
const uuid = '6f1c1f0e-9a53-4f0e-8b43-3f6f4f0b8a11';

describe('dispatchInvoke', () => {
  it('runs the handler with the parsed input and returns its result', async () => {
    const { handlers, calls } = fakeHandlers();
    const result = await dispatchInvoke(handlers, 'profiles/delete', { id: uuid });
    expect(result).toEqual({ ok: true, value: { channel: 'profiles/delete', input: { id: uuid } } });
    expect(calls).toEqual([{ channel: 'profiles/delete', input: { id: uuid } }]);
  });

  it('passes on a handler failure unchanged', async () => {
    const { handlers } = fakeHandlers({ 'profiles/delete': async () => fail('ENOTFOUND', 'No such profile.') });
    expect(await dispatchInvoke(handlers, 'profiles/delete', { id: uuid })).toEqual({ ok: false, error: { code: 'ENOTFOUND', message: 'No such profile.' } });
  });

  it.each([['nope'], ['__proto__'], ['constructor'], ['toString'], [42], [null], [undefined]])('refuses the unknown channel %s with EINVALID', async (channel) => {
    const { handlers, calls } = fakeHandlers();
    const result = await dispatchInvoke(handlers, channel, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('EINVALID');
    expect(calls).toEqual([]);
    expect(isInvokeChannel(channel)).toBe(false);
  });

  it('refuses input that fails the schema and names the field', async () => {
    const { handlers, calls } = fakeHandlers();
    const result = await dispatchInvoke(handlers, 'profiles/delete', { id: 'not-a-uuid' });
    expect(result).toMatchObject({ ok: false, error: { code: 'EINVALID', field: 'id' } });
    expect(calls).toEqual([]);
  });

  it('refuses a 5 MiB string with EINVALID before the schema or the handler sees it', async () => {
    const { handlers, calls } = fakeHandlers();
    const result = await dispatchInvoke(handlers, 'profiles/import', { json: 'x'.repeat(5 * 1024 * 1024) });
    expect(result).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
    if (!result.ok) expect(result.error.message).toContain(String(MAX_PAYLOAD_BYTES));
    expect(calls).toEqual([]);
  });

  it('refuses input that is not JSON data (cycles, BigInt) with EINVALID', async () => {
    const { handlers } = fakeHandlers();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await dispatchInvoke(handlers, 'app/info', cyclic)).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
    expect(await dispatchInvoke(handlers, 'app/info', { n: 1n })).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
  });

  it('refuses input whose getters throw', async () => {
    const { handlers } = fakeHandlers();
    const hostile = Object.defineProperty({}, 'id', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(await dispatchInvoke(handlers, 'profiles/delete', hostile)).toMatchObject({ ok: false, error: { code: 'EINVALID' } });
  });

  it('turns a throwing handler into a generic EINTERNAL; the text goes to the host log under the same reference', async () => {
    const { handlers } = fakeHandlers({ 'app/info': async () => { throw new Error('disk on fire at /home/me with hunter2\x1b[2J'); } });
    const logged: string[] = [];
    const result = await dispatchInvoke(handlers, 'app/info', {}, (line) => logged.push(line));
    expect(result).toEqual({ ok: false, error: { code: 'EINTERNAL', message: expect.stringMatching(/^Internal error in app\/info \(reference [0-9a-f]{8}\); the details are in the log\. Please report this\.$/) } });
    const ref = /reference ([0-9a-f]{8})/.exec(JSON.stringify(result))![1];
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`internal error ${ref} in app/info: Error: disk on fire at /home/me with hunter2\\x1b[2J`);
    expect(logged[0]).not.toContain('\x1b');
  });

  it('turns a handler that returns something other than a Result into EINTERNAL', async () => {
    const { handlers } = fakeHandlers({ 'app/info': async () => 'hello' });
    expect(await dispatchInvoke(handlers, 'app/info', {})).toMatchObject({ ok: false, error: { code: 'EINTERNAL' } });
  });

  it('accepts a valid input on an empty-object channel', async () => {
    const { handlers } = fakeHandlers({ 'app/info': async () => ok({ version: '1' }) });
    expect(await dispatchInvoke(handlers, 'app/info', {})).toEqual({ ok: true, value: { version: '1' } });
  });

  it('never throws: any channel with fc.anything() gives the handler result or EINVALID (reliability A.9)', async () => {
    const { handlers } = fakeHandlers();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...channels), fc.string()), fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }), async (channel, payload) => {
        const result = await dispatchInvoke(handlers, channel, payload);
        if (result.ok) {
          expect(isInvokeChannel(channel)).toBe(true);
          expect(result.value).toMatchObject({ channel });
        } else {
          expect(result.error.code).toBe('EINVALID');
          expect(typeof result.error.message).toBe('string');
        }
      }),
      { numRuns: 500 },
    );
  });
});
