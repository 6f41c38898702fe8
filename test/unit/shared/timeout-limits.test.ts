/** One range per timeout: the check request schema, the engine, the profile form and the CLI accept exactly the same values. */
import { describe, expect, it } from 'vitest';
import { requestFromFlags, type CheckFlags } from '../../../electron/cli/check-command.ts';
import { checkTimeouts } from '../../../electron/engine/smtp/timeouts.ts';
import { TIMEOUT_LIMITS_S } from '../../../renderer/components/profiles/profile-form-model.ts';
import { checkRequestSchema, timeoutsSchema } from '../../../shared/check-request.ts';
import { TIMEOUT_KEYS, TIMEOUT_LIMITS_MS } from '../../../shared/timeout-limits.ts';

const schemaTakes = (key: string, ms: number) => timeoutsSchema.safeParse({ [key]: ms }).success;
const engineTakes = (key: string, ms: number) => checkTimeouts({ [key]: ms }).length === 0;

const flags = (extra: Partial<CheckFlags>): CheckFlags => ({ server: '127.0.0.1', tlsVerify: true, ca: [], to: [], header: [], publicIpResolver: [], publicIp: false, color: false, ehlo: 'client.test', ...extra });
/** True when the flag's own parsing and the schema take the value; false when the flag refuses it (before any schema). */
async function cliTakes(flag: 'timeout' | 'dataTimeout', ms: number): Promise<boolean> {
  let input;
  try {
    input = await requestFromFlags(undefined, flags({ [flag]: String(ms / 1000) }));
  } catch {
    return false;
  }
  expect(checkRequestSchema.safeParse(input).success, `${flag} ${ms} ms passed the flag but not the schema`).toBe(true);
  return true;
}

describe('timeout limits', () => {
  it('the schema and the engine take each bound and refuse one ms beyond it', () => {
    for (const key of TIMEOUT_KEYS) {
      const { min, max } = TIMEOUT_LIMITS_MS[key];
      for (const [ms, ok] of [[min, true], [max, true], [min - 1, false], [max + 1, false]] as const) {
        expect(schemaTakes(key, ms), `schema ${key} ${ms}`).toBe(ok);
        // The engine has no DNS timeout of its own (the DNS client takes it).
        if (key !== 'dns') expect(engineTakes(key, ms), `engine ${key} ${ms}`).toBe(ok);
      }
    }
  });

  it('the profile form shows the same limits in seconds', () => {
    for (const key of TIMEOUT_KEYS) expect(TIMEOUT_LIMITS_S[key]).toEqual({ min: TIMEOUT_LIMITS_MS[key].min / 1000, max: TIMEOUT_LIMITS_MS[key].max / 1000 });
  });

  it('--timeout and --data-timeout take exactly the range of the timeouts they set', async () => {
    for (const [flag, key] of [['timeout', 'command'], ['dataTimeout', 'dataEnd']] as const) {
      const { min, max } = TIMEOUT_LIMITS_MS[key];
      expect(await cliTakes(flag, min), `${flag} min`).toBe(true);
      expect(await cliTakes(flag, max), `${flag} max`).toBe(true);
      expect(await cliTakes(flag, max + 1000), `${flag} beyond max`).toBe(false);
      expect(await cliTakes(flag, min / 2), `${flag} below min`).toBe(false);
    }
  });
});
