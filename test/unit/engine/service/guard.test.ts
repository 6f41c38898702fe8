/** Handlers never throw: store errors keep their code, anything else is EINTERNAL without the error's text, which goes to the host's log. */
import { describe, expect, it, vi } from 'vitest';
import { guard, toFailure } from '../../../../electron/engine/service/guard.ts';
import { SandboxError } from '../../../../electron/engine/sandbox/index.ts';
import { StoreError } from '../../../../electron/engine/store/store-error.ts';

describe('guard', () => {
  it('turns an unexpected exception into EINTERNAL whose message holds no secret', async () => {
    const h = guard('profiles/save', async () => {
      throw new TypeError('boom with password hunter2');
    });
    const logged: string[] = [];
    const h2 = guard('profiles/save', async () => {
      throw new TypeError('boom with password hunter2');
    }, (line) => logged.push(line));
    const r = await h2({});
    expect(r).toMatchObject({ ok: false, error: { code: 'EINTERNAL', message: expect.stringMatching(/^Internal error in profiles\/save \(reference [0-9a-f]{8}\); the details are in the log/) } });
    expect(JSON.stringify(r)).not.toContain('hunter2');
    // The detail is not swallowed: the host's log has it.
    expect(logged.join('\n')).toContain('TypeError: boom with password hunter2');
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await h({})).toMatchObject({ ok: false, error: { code: 'EINTERNAL' } });
    expect(String(spy.mock.calls[0]?.[0])).toContain('boom with password');
    spy.mockRestore();
  });

  it('keeps the code and field of a StoreError', () => {
    expect(toFailure('x', new StoreError('EREADONLY', 'read only', 'id'))).toEqual({ ok: false, error: { code: 'EREADONLY', message: 'read only', field: 'id' } });
  });

  it('a busy port of the built-in server is EBUSY', () => {
    const r = toFailure('sandbox/start', new SandboxError('EADDRINUSE', 'listen', 'port 2525 is in use'));
    expect(r).toMatchObject({ ok: false, error: { code: 'EBUSY' } });
  });

  it('passes results through', async () => {
    expect(await guard('a', async (n: number) => ({ ok: true as const, value: n + 1 }))(1)).toEqual({ ok: true, value: 2 });
  });
});
