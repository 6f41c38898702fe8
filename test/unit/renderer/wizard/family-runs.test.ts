/** useFamilyRuns over a fake run store: the order of the runs, the pair they make, and no comparison after Stop or a refusal. */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { bothVersionsBlocked, useFamilyRuns, type FamilyRunner } from '../../../../renderer/components/wizard/family-runs.ts';
import { useFamilyPairStore } from '../../../../renderer/stores/family-pair.ts';
import type { RunMode } from '../../../../renderer/stores/run.ts';
import { emptyProfileFields, type ProfileView } from '../../../../shared/profile.ts';
import type { RunReport } from '../../../../shared/report.ts';
import { buildReport, passedStep } from '../../../fixtures/reports/build-report.ts';

/** A runner whose runs end with the reports given, in order; `null` stands for a refused start. */
function fakeRunner(outcomes: Array<RunReport | null>): FamilyRunner & { modes: RunMode[]; runIds: string[] } {
  const modes: RunMode[] = [];
  const runner = {
    modes,
    runIds: [] as string[],
    runId: null as string | null,
    report: null as RunReport | null,
    error: null as unknown,
    async start(_profileId: string, _until?: undefined, mode: RunMode = {}) {
      modes.push(mode);
      const next = outcomes.shift() ?? null;
      runner.report = next;
      runner.runId = crypto.randomUUID();
      runner.runIds.push(runner.runId);
      runner.error = next === null ? { code: 'EINVALID', message: 'refused' } : null;
    },
  };
  return runner;
}

beforeEach(() => setActivePinia(createPinia()));

const passed = buildReport({ steps: [passedStep('connect')] });

describe('useFamilyRuns', () => {
  it('runs IPv4 then IPv6 paired with it, and compares the two', async () => {
    const runner = fakeRunner([passed, passed]);
    const families = useFamilyRuns(runner);
    await families.runBoth('p');
    const pairId = families.pairId.value;
    expect(pairId).toMatch(/^[0-9a-f-]{36}$/);
    expect(runner.modes).toEqual([{ family: 4 }, { family: 6, pairWith: { pairId, runId: runner.runIds[0] } }]);
    expect(families.comparison.value?.outcomes).toEqual({ ipv4: 'pass', ipv6: 'pass' });
    expect(useFamilyPairStore().shown).toMatchObject({ pairId, profileId: 'p', runIds: { ipv4: runner.runIds[0], ipv6: runner.runIds[1] } });
    expect(families.current.value).toBeNull();
  });

  it('keeps the pair for its own profile and lets it go for another', async () => {
    const families = useFamilyRuns(fakeRunner([passed, passed]));
    await families.runBoth('p');
    families.clear('p');
    expect(families.comparison.value).not.toBeNull();
    families.clear('q');
    expect(families.comparison.value).toBeNull();
  });

  it('Stop during the first run: no second run, no comparison', async () => {
    const stopped = buildReport({ interrupted: { reason: 'cancelled', step: 'connect', deadlineMs: 60_000 } });
    const runner = fakeRunner([stopped, passed]);
    const families = useFamilyRuns(runner);
    await families.runBoth('p');
    expect(runner.modes).toEqual([{ family: 4 }]);
    expect(families.comparison.value).toBeNull();
  });

  it('a refused start: no comparison', async () => {
    const runner = fakeRunner([passed, null]);
    const families = useFamilyRuns(runner);
    await families.runBoth('p');
    expect(families.comparison.value).toBeNull();
  });
});

describe('bothVersionsBlocked', () => {
  const view = (fields: Partial<ProfileView>): ProfileView => ({ ...emptyProfileFields(), id: crypto.randomUUID(), createdAt: '', updatedAt: '', hasPassword: false, ...fields });
  it('offers it for a name with the version left open, and says why not otherwise', () => {
    expect(bothVersionsBlocked(view({ targetKind: 'host', target: 'mail.example.com' }))).toBeUndefined();
    expect(bothVersionsBlocked(view({ family: 6 }))).toBe('Not for this profile: IPv6 only was asked for; both IP versions cannot be checked then');
    expect(bothVersionsBlocked(view({ sourceAddress: '192.0.2.10' }))).toContain('the source address 192.0.2.10 has one IP version');
  });
});
