// @vitest-environment happy-dom
/** Recent runs with a check over both IP versions: one row, opened with its comparison through runs/get-pair, exported by its pair id. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import ProfileRecentRuns from '../../../../renderer/components/profiles/ProfileRecentRuns.vue';
import { api } from '../../../../renderer/services/api.ts';
import { useFamilyPairStore } from '../../../../renderer/stores/family-pair.ts';
import { useRunStore } from '../../../../renderer/stores/run.ts';
import { useUiStore } from '../../../../renderer/stores/ui.ts';
import { compareFamilies } from '../../../../shared/family-comparison.ts';
import { FAMILY_SCENARIOS } from '../../../fixtures/evidence/scenarios/families.ts';
import { mountWithApp, settle } from '../shell-mount.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn(() => () => {}) } }));
const invoke = vi.mocked(api.invoke);
enableAutoUnmount(afterEach);

const profileId = '11111111-1111-4111-8111-111111111111';
const runIds = { ipv4: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', ipv6: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' };
const pairId = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const scenario = FAMILY_SCENARIOS.find((s) => s.name === 'the AAAA points to an address where nothing listens');
if (!scenario) throw new Error('no scenario');
const comparison = compareFamilies(scenario.reports);
const summary = { runId: runIds.ipv4, profileId, startedAt: '2026-11-23T10:00:00.000Z', target: 'mail.example.com', exitCode: 12, outcome: 'fail', errors: 1, warnings: 0, pair: { pairId, runIds, outcomes: comparison.outcomes } };
let pairAnswer: unknown;

beforeEach(() => {
  pairAnswer = { comparison, runIds };
  invoke.mockReset();
  invoke.mockImplementation((async (channel: string) => {
    if (channel === 'runs/list') return { ok: true, value: [summary] };
    if (channel === 'runs/get-pair') return { ok: true, value: pairAnswer };
    return { ok: true, value: { text: 'x', fileName: 'x.txt', mime: 'text/plain' } };
  }) as typeof api.invoke);
});

async function press(label: string) {
  const wrapper = mountWithApp(ProfileRecentRuns, { props: { profileId } });
  await settle();
  useUiStore().activeTab = 'runs';
  await wrapper.findAll('button').find((b) => b.text() === label)?.trigger('click');
  await settle();
  return wrapper;
}

describe('ProfileRecentRuns with a pair', () => {
  it('shows the pair as one row that says how each version went', async () => {
    const wrapper = mountWithApp(ProfileRecentRuns, { props: { profileId } });
    await settle();
    expect(wrapper.findAll('tbody tr')).toHaveLength(1);
    expect(wrapper.find('[data-testid="recent-run-pair"]').text()).toBe('Both IP versions');
    expect(wrapper.find('[data-testid="recent-run-pair-outcomes"]').text()).toBe('IPv4 works, IPv6 fails');
  });

  it('opens it through runs/get-pair: the IPv4 run in the wizard, the comparison and its runs in the pair store', async () => {
    await press('Open');
    expect(invoke).toHaveBeenCalledWith('runs/get-pair', { profileId, pairId });
    expect(useRunStore().loadReport).toHaveBeenCalledWith(comparison.ipv4, runIds.ipv4);
    expect(useFamilyPairStore().shown).toMatchObject({ pairId, runIds, profileId, comparison: { outcomes: { ipv4: 'pass', ipv6: 'fail' } } });
    expect(useUiStore().activeTab).toBe('wizard');
  });

  it('a pair whose side does not fit the report format is not opened, and says which side', async () => {
    pairAnswer = { comparison: { ...comparison, ipv6: { ...comparison.ipv6, steps: 'none' } }, runIds };
    const wrapper = await press('Open');
    expect(useRunStore().loadReport).not.toHaveBeenCalled();
    expect(useFamilyPairStore().shown).toBeNull();
    expect(wrapper.text()).toMatch(/ipv6: The report does not match the report format: steps/);
  });

  it('exports it by its pair id', async () => {
    await press('Export…');
    expect(invoke).toHaveBeenCalledWith('export/render', { profileId, pairId, format: 'txt' });
    expect(document.body.textContent).toContain('Export both IP versions for a ticket');
  });
});
