// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { RunReport } from '../../../../shared/report.ts';
import { runReportSchema } from '../../../../shared/report.ts';
import relayDenied from './fixtures/report-relay-denied.json';
import { fakeApi } from './fake-api.ts';
import { primeVue, testProfile, useComponentTestSetup } from '../transcript/mount-helpers.ts';

vi.mock('../../../../renderer/services/api.ts', async () => (await import('./fake-api.ts')).apiModule());

const WizardView = (await import('../../../../renderer/components/wizard/WizardView.vue')).default;
const { useRunStore } = await import('../../../../renderer/stores/run.ts');
const { useProfilesStore } = await import('../../../../renderer/stores/profiles.ts');
const { useUiStore } = await import('../../../../renderer/stores/ui.ts');

const RUN_ID = '55555555-5555-4555-8555-555555555555';
const report = runReportSchema.parse(relayDenied) as unknown as RunReport;

const profile = testProfile({
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Peer relay test',
  targetKind: 'domain',
  target: 'peer.probe.test',
  security: 'starttls-optional',
  tlsVerify: false,
  ehloName: 'client.example',
  from: 'a@peer.probe.test',
  to: ['b@peer.probe.test', 'c@peer.probe.test'],
});

const setup = useComponentTestSetup();
function mountWizard() {
  return mount(WizardView, {
    props: { profileId: profile.id },
    global: { plugins: [primeVue, setup.pinia()], stubs: { ExportDialog: { template: '<div data-testid="export-dialog-stub" />', props: ['profileId', 'runId'] } } },
    attachTo: document.body,
  });
}
const stepEl = (wrapper: ReturnType<typeof mountWizard>, id: string) => wrapper.get(`[data-step="${id}"]`);

describe('WizardView', () => {
  beforeEach(() => {
    useProfilesStore().profiles = [profile];
  });

  it('shows every step with the command it will send, built from the profile', () => {
    const wrapper = mountWizard();
    expect(wrapper.findAll('[data-testid="wizard-step"]').map((s) => s.attributes('data-step'))).toEqual(['mx', 'ptr', 'connect', 'banner', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'quit']);
    expect(stepEl(wrapper, 'ehlo').get('[data-testid="step-command"]').text()).toBe('EHLO client.example');
    expect(stepEl(wrapper, 'mail').get('[data-testid="step-command"]').text()).toBe('MAIL FROM:<a@peer.probe.test>');
    expect(stepEl(wrapper, 'rcpt').get('[data-testid="step-command"]').text()).toBe('RCPT TO:<b@peer.probe.test>\nRCPT TO:<c@peer.probe.test>');
    expect(stepEl(wrapper, 'mx').get('[data-testid="step-status"]').text()).toBe('not run');
    wrapper.unmount();
  });

  it('renders each step status from the report, and findings next to their own step', async () => {
    const wrapper = mountWizard();
    useRunStore().loadReport(report, RUN_ID);
    await flushPromises();
    const status = (id: string) => stepEl(wrapper, id).get('[data-testid="step-status"]').text();
    expect(status('mx')).toBe('pass');
    expect(status('starttls')).toBe('warn');
    expect(status('auth')).toBe('skipped');
    expect(status('rcpt')).toBe('fail');
    expect(status('data')).toBe('skipped');
    const findingsOf = (id: string) => stepEl(wrapper, id).findAll('[data-testid="finding"]').map((f) => f.attributes('data-finding'));
    expect(findingsOf('rcpt')).toEqual(['rcpt.relay-denied']);
    expect(findingsOf('starttls')).toEqual(['tls.cert-untrusted']);
    expect(findingsOf('mx')).toEqual([]);
    expect(stepEl(wrapper, 'rcpt').get('[data-testid="finding-evidence"]').text()).toBe('554 5.7.1 <b@peer.probe.test>: Relay access denied');
    expect(stepEl(wrapper, 'rcpt').text()).toContain('What to do:');
    // Failing and warning steps open their details: the TLS chain and the refused recipient.
    expect(stepEl(wrapper, 'starttls').find('[data-testid="tls-verdict"]').text()).toBe('NOT verified');
    expect(stepEl(wrapper, 'rcpt').find('[data-testid="rcpt-result"]').text()).toContain('Relay access denied');
    // A finished run can be exported.
    expect(wrapper.find('[data-testid="export"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('Run all invokes run/start for the profile without until; Stop invokes run/cancel for that run', async () => {
    fakeApi.handle('run/start', () => new Promise(() => {}));
    fakeApi.handle('run/cancel', (input) => ({ ok: true, value: { runId: input.runId, status: 'done' } }));
    const wrapper = mountWizard();
    expect(wrapper.get('[data-testid="stop"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="run-all"]').trigger('click');
    const [start] = fakeApi.calls('run/start');
    expect(start).toEqual({ runId: expect.any(String), profileId: profile.id });
    await flushPromises();
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('running');
    expect(wrapper.get('[data-testid="run-all"]').attributes('disabled')).toBeDefined();
    fakeApi.emit('run/step', { runId: start!.runId, step: 'mx', phase: 'start' });
    await flushPromises();
    expect(stepEl(wrapper, 'mx').get('[data-testid="step-status"]').text()).toBe('running');
    await wrapper.get('[data-testid="stop"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('run/cancel')).toEqual([{ runId: start!.runId }]);
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('done');
    wrapper.unmount();
  });

  it('Run step runs the next step only; Run to here runs up to that step', async () => {
    fakeApi.handle('run/start', (input) => ({ ok: true, value: { runId: input.runId, status: 'paused', nextStep: 'ptr' } }));
    fakeApi.handle('run/continue', (input) => ({ ok: true, value: { runId: input.runId, status: 'paused', nextStep: 'mail' } }));
    const wrapper = mountWizard();
    await stepEl(wrapper, 'mx').get('[data-testid="run-step"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('run/start')[0]).toMatchObject({ profileId: profile.id, until: 'mx' });
    expect(stepEl(wrapper, 'ptr').find('[data-testid="run-step"]').exists()).toBe(true);
    await stepEl(wrapper, 'auth').get('[data-testid="run-to-here"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('run/continue')[0]).toMatchObject({ until: 'auth' });
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('paused');
    wrapper.unmount();
  });

  it("a running step's elapsed time ticks", async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    try {
      fakeApi.handle('run/start', () => new Promise(() => {}));
      const wrapper = mountWizard();
      await wrapper.get('[data-testid="run-all"]').trigger('click');
      const runId = fakeApi.calls('run/start')[0]!.runId;
      fakeApi.emit('run/step', { runId, step: 'banner', phase: 'start' });
      await flushPromises();
      vi.advanceTimersByTime(1500);
      await flushPromises();
      expect(stepEl(wrapper, 'banner').get('[data-testid="step-elapsed"]').text()).toBe('1500 ms');
      wrapper.unmount();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a refused run says which field to fix', async () => {
    fakeApi.handle('run/start', () => ({ ok: false, error: { code: 'EINVALID', message: 'Enter a domain or a server name', field: 'target' } }));
    const wrapper = mountWizard();
    await wrapper.get('[data-testid="run-all"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="run-error"]').text()).toContain('EINVALID (target): Enter a domain or a server name');
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('ready');
    wrapper.unmount();
  });

  it('Ctrl+Enter (the ui store request) runs the next step', async () => {
    fakeApi.handle('run/start', (input) => ({ ok: true, value: { runId: input.runId, status: 'paused', nextStep: 'ptr' } }));
    const wrapper = mountWizard();
    useUiStore().requestRunNext();
    await flushPromises();
    expect(fakeApi.calls('run/start')).toHaveLength(1);
    expect(fakeApi.calls('run/start')[0]).toMatchObject({ until: 'mx' });
    wrapper.unmount();
  });

  it('shows server text in summaries literally', async () => {
    const hostile: RunReport = {
      ...report,
      steps: report.steps.map((s) => (s.id === 'banner' ? { ...s, summary: '220 <img src=x onerror=alert(1)>\u202E' } : s)),
    };
    const wrapper = mountWizard();
    useRunStore().loadReport(hostile, RUN_ID);
    await flushPromises();
    expect(document.querySelector('img')).toBeNull();
    expect(stepEl(wrapper, 'banner').get('[data-testid="step-summary"]').text()).toBe('220 <img src=x onerror=alert(1)>⟨U+202E⟩');
    wrapper.unmount();
  });
});
