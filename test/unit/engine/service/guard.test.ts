/** Handlers never throw: store errors keep their code, anything else is EINTERNAL without the error's text. */
import { describe, expect, it } from 'vitest';
import { guard, toFailure } from '../../../../electron/engine/service/guard.ts';
import { SandboxError } from '../../../../electron/engine/sandbox/index.ts';
import { StoreError } from '../../../../electron/engine/store/store-error.ts';

describe('guard', () => {
  it('turns an unexpected exception into EINTERNAL whose message holds no secret', async () => {
    const h = guard('profiles/save', async () => {
      throw new TypeError('boom with password hunter2');
    });
    const r = await h({});
    expect(r).toEqual({ ok: false, error: { code: 'EINTERNAL', message: 'profiles/save failed unexpectedly (TypeError); please report this' } });
    expect(JSON.stringify(r)).not.toContain('hunter2');
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
