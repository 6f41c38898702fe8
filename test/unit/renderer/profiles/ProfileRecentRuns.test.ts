// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import ProfileRecentRuns from '../../../../renderer/components/profiles/ProfileRecentRuns.vue';
import { api } from '../../../../renderer/services/api.ts';
import { useRunStore } from '../../../../renderer/stores/run.ts';
import { useUiStore } from '../../../../renderer/stores/ui.ts';
import { buildReport } from '../../../fixtures/reports/build-report.ts';
import { mountWithApp, settle } from '../shell-mount.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn(() => () => {}) } }));
const invoke = vi.mocked(api.invoke);
enableAutoUnmount(afterEach);

const profileId = '11111111-1111-4111-8111-111111111111';
const summary = { runId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', profileId, startedAt: '2026-11-23T10:00:00.000Z', target: 'mx.example.com:25', exitCode: 0, errors: 0, warnings: 2 };
const report = buildReport();
let saved: unknown = report;

beforeEach(() => {
  saved = report;
  invoke.mockReset();
  invoke.mockImplementation((async (channel: string) => {
    if (channel === 'runs/list') return { ok: true, value: [summary] };
    if (channel === 'runs/get') return { ok: true, value: saved };
    return { ok: true, value: { text: 'x', fileName: 'x.txt', mime: 'text/plain' } };
  }) as typeof api.invoke);
});


/** The panel on the Runs tab, with Open pressed on its first run. */
async function openFirstRun() {
  const wrapper = mountWithApp(ProfileRecentRuns, { props: { profileId } });
  await settle();
  const run = useRunStore();
  const ui = useUiStore();
  ui.activeTab = 'runs';
  await wrapper.findAll('button').find((b) => b.text() === 'Open')?.trigger('click');
  await settle();
  return { wrapper, run, ui };
}
describe('ProfileRecentRuns', () => {
  it('lists runs from runs/list with their outcome', async () => {
    const wrapper = mountWithApp(ProfileRecentRuns, { props: { profileId } });
    await settle();
    expect(invoke).toHaveBeenCalledWith('runs/list', { profileId });
    expect(wrapper.text()).toContain('mx.example.com:25');
    expect(wrapper.text()).toContain('2 warnings');
  });

  it('opens a run in the wizard through runs/get and the run store', async () => {
    const { run, ui } = await openFirstRun();
    expect(invoke).toHaveBeenCalledWith('runs/get', { profileId, runId: summary.runId });
    expect(run.loadReport).toHaveBeenCalledWith(report, summary.runId);
    expect(ui.activeTab).toBe('wizard');
  });

  it('a saved run that does not fit the report format is not opened: the panel says what does not fit', async () => {
    saved = { ...report, steps: [{ id: 'mx', status: 'fine', durationMs: 1, summary: 's' }] };
    const { wrapper, run, ui } = await openFirstRun();
    expect(run.loadReport).not.toHaveBeenCalled();
    expect(ui.activeTab).toBe('runs');
    expect(wrapper.text()).toMatch(/does not match the report format: steps\[0\]\.status: /);
  });

  it('opens the export dialog for a run', async () => {
    const wrapper = mountWithApp(ProfileRecentRuns, { props: { profileId } });
    await settle();
    await wrapper.findAll('button').find((b) => b.text() === 'Export…')?.trigger('click');
    await settle();
    expect(invoke).toHaveBeenCalledWith('export/render', { profileId, runId: summary.runId, format: 'txt' });
    expect(document.body.textContent).toContain('Export run for a ticket');
  });

  it('reloads the list when a run of this profile finishes', async () => {
    mountWithApp(ProfileRecentRuns, { props: { profileId } });
    await settle();
    const run = useRunStore();
    const before = invoke.mock.calls.filter(([c]) => c === 'runs/list').length;
    run.profileId = profileId;
    run.runId = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
    run.status = 'done';
    await settle();
    expect(invoke.mock.calls.filter(([c]) => c === 'runs/list').length).toBe(before + 1);
  });
});
