/**
 * Pairs of runs over both IP versions in the runs folder (a real temporary folder): listed as one
 * item while both runs are kept, compared again on read, and unlinked when a run is pruned or the
 * record is damaged, the run left listed on its own.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUNS_DIR, RUNS_KEPT, RunsStore } from '../../../../electron/engine/store/runs-store.ts';
import { compareFamilies } from '../../../../shared/family-comparison.ts';
import { FAMILY_SCENARIOS } from '../../../fixtures/evidence/scenarios/families.ts';

function scenarioNamed(name: string): (typeof FAMILY_SCENARIOS)[number] {
  const found = FAMILY_SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario "${name}"`);
  return found;
}
const scenario = scenarioNamed('the AAAA points to an address where nothing listens');
const { reports } = scenario;
const profileId = crypto.randomUUID();

let dir: string;
let store: RunsStore;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'runs-pairs-'));
  store = new RunsStore({ dataDir: dir });
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function savedPair(reports = scenario.reports): Promise<{ pairId: string; runIds: { ipv4: string; ipv6: string } }> {
  const runIds = { ipv4: crypto.randomUUID(), ipv6: crypto.randomUUID() };
  await store.save(profileId, runIds.ipv4, reports.ipv4);
  await store.save(profileId, runIds.ipv6, reports.ipv6);
  const pairId = crypto.randomUUID();
  await store.savePair(profileId, pairId, runIds, compareFamilies(reports));
  return { pairId, runIds };
}

describe('RunsStore pairs', () => {
  it('lists the two runs of a pair as one item and compares them again on read', async () => {
    const { pairId, runIds } = await savedPair();
    const single = crypto.randomUUID();
    await store.save(profileId, single, reports.ipv4);
    const list = await store.list(profileId);
    expect(list).toHaveLength(2);
    const item = list.find((s) => s.pair !== undefined);
    expect(item).toMatchObject({ runId: runIds.ipv4, outcome: 'fail', exitCode: 12, pair: { pairId, runIds, outcomes: { ipv4: 'pass', ipv6: 'fail' } } });
    expect(list.find((s) => s.pair === undefined)?.runId).toBe(single);
    const read = await store.getPair(profileId, pairId);
    expect(read.runIds).toEqual(runIds);
    expect(read.comparison.ipv6.findings[0]?.code).toBe('connect.family-split');
  });

  it('a damaged pair record is no pair: both runs are listed on their own, and reading it says it is not found', async () => {
    const { pairId } = await savedPair();
    await fsp.writeFile(path.join(dir, RUNS_DIR, profileId, `${pairId}.pair.json`), '{"runIds":');
    const list = await store.list(profileId);
    expect(list).toHaveLength(2);
    expect(list.every((s) => s.pair === undefined)).toBe(true);
    await expect(store.getPair(profileId, pairId)).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('a pair whose IPv4 run is pruned loses its record; the IPv6 run is listed on its own', async () => {
    const { pairId, runIds } = await savedPair();
    // The IPv4 run is the oldest file: RUNS_KEPT - 1 newer runs push it out.
    const folder = path.join(dir, RUNS_DIR, profileId);
    await fsp.utimes(path.join(folder, `${runIds.ipv4}.json`), new Date(1000), new Date(1000));
    for (let i = 0; i < RUNS_KEPT - 1; i++) await store.save(profileId, crypto.randomUUID(), reports.ipv4);
    const names = await fsp.readdir(folder);
    expect(names).not.toContain(`${runIds.ipv4}.json`);
    expect(names).not.toContain(`${pairId}.pair.json`);
    const list = await store.list(profileId);
    expect(list).toHaveLength(RUNS_KEPT);
    expect(list.some((s) => s.runId === runIds.ipv6 && s.pair === undefined)).toBe(true);
  });

  // The IPv6 run is the newest file: alone it would decide the sidebar's icon.
  it.each([
    ['IPv4 connections time out while IPv6 works', 'pass', 'fail'],
    ['no AAAA record', 'fail', 'pass'],
    ['both versions pass', 'pass', 'pass'],
  ] as const)('latest after a pair where %s is the pair item (IPv6 run alone: %s; pair: %s)', async (name, ipv6Alone, pairOutcome) => {
    const { reports: pairReports } = scenarioNamed(name);
    const { pairId, runIds } = await savedPair(pairReports);
    const folder = path.join(dir, RUNS_DIR, profileId);
    await fsp.utimes(path.join(folder, `${runIds.ipv4}.json`), new Date(1000), new Date(1000));
    const latest = await store.latest(profileId);
    expect(latest).toMatchObject({ runId: runIds.ipv4, outcome: pairOutcome, pair: { pairId, runIds } });
    expect(latest).toEqual((await store.list(profileId))[0]);
    // Without the pair record, the newest run alone again.
    await fsp.rm(path.join(folder, `${pairId}.pair.json`));
    expect(await store.latest(profileId)).toMatchObject({ runId: runIds.ipv6, outcome: ipv6Alone });
    expect((await store.latest(profileId))?.pair).toBeUndefined();
  });
});
