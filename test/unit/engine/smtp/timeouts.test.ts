import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_TIMEOUTS, RFC_TIMEOUTS, checkTimeouts, resolveTimeouts } from '../../../../electron/engine/smtp/timeouts.ts';

describe('timeouts', () => {
  it('the diagnostic preset is the default and documented values hold', () => {
    expect(resolveTimeouts()).toEqual({ connect: 15_000, tlsHandshake: 30_000, greeting: 30_000, command: 30_000, dataStart: 120_000, dataEnd: 600_000 });
    expect(resolveTimeouts()).toEqual(DIAGNOSTIC_TIMEOUTS);
  });

  it('the rfc preset carries the RFC 5321 §4.5.3.2 minimums', () => {
    expect(RFC_TIMEOUTS).toMatchObject({ greeting: 300_000, command: 300_000, dataStart: 120_000, dataEnd: 600_000 });
    expect(resolveTimeouts({}, 'rfc')).toEqual(RFC_TIMEOUTS);
  });

  it('every value can be overridden; undefined keeps the preset', () => {
    expect(resolveTimeouts({ command: 5, greeting: undefined })).toMatchObject({ command: 5, greeting: 30_000 });
  });

  it('checkTimeouts refuses non-positive, non-finite, huge and unknown values', () => {
    expect(checkTimeouts({ command: 1000 })).toEqual([]);
    expect(checkTimeouts({ command: 0 })).toHaveLength(1);
    expect(checkTimeouts({ command: Number.NaN })).toHaveLength(1);
    expect(checkTimeouts({ dataEnd: 1e12 })).toHaveLength(1);
    expect(checkTimeouts({ bogus: 5 } as never)).toEqual(['unknown timeout "bogus"']);
  });
});
