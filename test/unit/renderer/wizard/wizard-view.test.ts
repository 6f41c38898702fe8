// @vitest-environment happy-dom
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { RunReport } from '../../../../shared/report.ts';
import { runReportSchema } from '../../../../shared/report.ts';
import relayDenied from './fixtures/report-relay-denied.json';
import { fakeApi } from './fake-api.ts';
import { primeVue, testProfile, useComponentTestSetup } from '../transcript/mount-helpers.ts';
import { loadLazyViews } from '../lazy-views.ts';

vi.mock('../../../../renderer/services/api.ts', async () => (await import('./fake-api.ts')).apiModule());

const WizardView = (await import('../../../../renderer/components/wizard/WizardView.vue')).default;
const { useRunStore } = await import('../../../../renderer/stores/run.ts');
const { useProfilesStore } = await import('../../../../renderer/stores/profiles.ts');
const { useUiStore } = await import('../../../../renderer/stores/ui.ts');

const RUN_ID = '55555555-5555-4555-8555-555555555555';
const report = runReportSchema.parse(relayDenied);

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
const groupEl = (wrapper: ReturnType<typeof mountWizard>, id: string) => wrapper.get(`[data-group="${id}"]`);

// The views that load on first use, loaded ahead so that they are drawn at once.
beforeAll(loadLazyViews);

describe('WizardView', () => {
  beforeEach(() => {
    useProfilesStore().profiles = [profile];
  });

  it("shows the issue's eight steps, Connect and Send with their engine steps inside, each with the command it will send", () => {
    const wrapper = mountWizard();
    expect(wrapper.findAll('[data-testid="wizard-group"]').map((s) => s.attributes('aria-label'))).toEqual(['MX lookup', 'PTR check', 'Connect', 'EHLO', 'STARTTLS', 'Auth', 'Send', 'QUIT']);
    expect(groupEl(wrapper, 'connect').findAll('[data-testid="wizard-step"]').map((s) => s.attributes('data-step'))).toEqual(['connect', 'banner']);
    expect(groupEl(wrapper, 'send').findAll('[data-testid="wizard-step"]').map((s) => s.attributes('data-step'))).toEqual(['mail', 'rcpt', 'data']);
    expect(groupEl(wrapper, 'connect').text()).toContain('telnet host 25');
    expect(stepEl(wrapper, 'ehlo').get('[data-testid="step-command"]').text()).toBe('EHLO client.example');
    expect(stepEl(wrapper, 'mail').get('[data-testid="step-command"]').text()).toBe('MAIL FROM:<a@peer.probe.test>');
    expect(stepEl(wrapper, 'rcpt').get('[data-testid="step-command"]').text()).toBe('RCPT TO:<b@peer.probe.test>\nRCPT TO:<c@peer.probe.test>');
    expect(groupEl(wrapper, 'mx').get('[data-testid="group-status"]').text()).toBe('not run');
    // A one-step group has one header: its step shows no second status.
    expect(stepEl(wrapper, 'ehlo').find('[data-testid="step-status"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('renders statuses from the report: a group is the worst of its steps, its time their sum; findings stay with their step', async () => {
    const wrapper = mountWizard();
    useRunStore().loadReport(report, RUN_ID);
    await flushPromises();
    const status = (id: string) => groupEl(wrapper, id).get('[data-testid="group-status"]').text();
    expect(status('mx')).toBe('pass');
    expect(status('starttls')).toBe('warn');
    expect(status('auth')).toBe('skipped');
    expect(status('connect')).toBe('pass');
    // MAIL passed, RCPT failed, DATA skipped: Send failed.
    expect(status('send')).toBe('fail');
    const subStatus = (id: string) => stepEl(wrapper, id).get('[data-testid="step-status"]').text();
    expect([subStatus('mail'), subStatus('rcpt'), subStatus('data')]).toEqual(['pass', 'fail', 'skipped']);
    // Connect 3.3 ms + banner 50.9 ms; Send 17 + 1.3 ms (DATA skipped has no time).
    expect(groupEl(wrapper, 'connect').get('[data-testid="group-elapsed"]').text()).toBe('54 ms');
    expect(groupEl(wrapper, 'send').get('[data-testid="group-elapsed"]').text()).toBe('18 ms');
    expect(stepEl(wrapper, 'banner').get('[data-testid="step-elapsed"]').text()).toBe('51 ms');
    const findingsOf = (id: string) => stepEl(wrapper, id).findAll('[data-testid="finding"]').map((f) => f.attributes('data-finding'));
    expect(findingsOf('rcpt')).toEqual(['rcpt.relay-denied']);
    expect(findingsOf('mail')).toEqual([]);
    expect(findingsOf('starttls')).toEqual(['tls.cert-untrusted']);
    expect(findingsOf('mx')).toEqual([]);
    expect(stepEl(wrapper, 'rcpt').get('[data-testid="finding-evidence"]').text()).toBe('554 5.7.1 <b@peer.probe.test>: Relay access denied');
    expect(stepEl(wrapper, 'rcpt').text()).toContain('What to do:');
    // Failing and warning steps open their details: the TLS chain and the refused recipient.
    expect(stepEl(wrapper, 'starttls').find('[data-testid="tls-verdict"]').text()).toBe('NOT verified');
    expect(stepEl(wrapper, 'rcpt').find('[data-testid="rcpt-result"]').text()).toContain('Relay access denied');
    // Each step's details region has a name of its own (no two landmarks called just "Details").
    const regions = wrapper.findAll('[role="region"]').map((r) => r.attributes('aria-label'));
    expect(regions).toEqual(expect.arrayContaining(['Details: STARTTLS', 'Details: RCPT TO']));
    expect(new Set(regions).size).toBe(regions.length);
    // A finished run can be exported.
    expect(wrapper.find('[data-testid="export"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('shows the timing waterfall under the verdict when the report has timing, and none for a report saved before it', async () => {
    const wrapper = mountWizard();
    expect(report.timing).toBeUndefined();
    useRunStore().loadReport(report, RUN_ID);
    await flushPromises();
    expect(wrapper.find('[data-testid="run-result"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="run-waterfall"]').exists()).toBe(false);
    const timing = [{ stage: 'banner' as const, label: 'Banner (greeting)', startMs: 3, durationMs: 51 }];
    useRunStore().loadReport(runReportSchema.parse({ ...report, timing }), RUN_ID);
    await flushPromises();
    const order = [...wrapper.element.querySelectorAll('[data-testid="run-result"], [data-testid="run-waterfall"]')].map((e) => e.getAttribute('data-testid'));
    expect(order).toEqual(['run-result', 'run-waterfall']);
    expect(wrapper.get('[data-testid="run-waterfall-summary"]').text()).toBe('54 ms in all; longest: Banner (greeting), 51 ms');
    wrapper.unmount();
  });

  it('Run all invokes run/start for the profile without until; Stop invokes run/cancel for that run', async () => {
    fakeApi.handle('run/start', () => new Promise(() => {}));
    fakeApi.handle('run/cancel', (input) => ({ ok: true, value: { runId: input.runId, status: 'done' } }));
    const wrapper = mountWizard();
    expect(wrapper.get('[data-testid="stop"]').attributes('aria-disabled')).toBe('true');
    await wrapper.get('[data-testid="run-all"]').trigger('click');
    const [start] = fakeApi.calls('run/start');
    expect(start).toEqual({ runId: expect.any(String), profileId: profile.id });
    await flushPromises();
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('running');
    expect(wrapper.get('[data-testid="run-all"]').attributes('aria-disabled')).toBe('true');
    fakeApi.emit('run/step', { runId: start!.runId, step: 'banner', phase: 'start' });
    await flushPromises();
    // A group runs while any of its steps runs.
    expect(groupEl(wrapper, 'connect').get('[data-testid="group-status"]').text()).toBe('running');
    expect(stepEl(wrapper, 'banner').get('[data-testid="step-status"]').text()).toBe('running');
    await wrapper.get('[data-testid="stop"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('run/cancel')).toEqual([{ runId: start!.runId }]);
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('done');
    wrapper.unmount();
  });

  it('Run all (fast) invokes run/start with fast: true and no until, and a paused run is stopped first', async () => {
    fakeApi.handle('run/start', (input) => ({ ok: true, value: { runId: input.runId, status: input.fast ? 'done' : 'paused', ...(input.fast ? {} : { nextStep: 'ehlo' }) } }));
    fakeApi.handle('run/cancel', (input) => ({ ok: true, value: { runId: input.runId, status: 'done' } }));
    const wrapper = mountWizard();
    await wrapper.get('[data-testid="run-next"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('paused');
    await wrapper.get('[data-testid="run-all-fast"]').trigger('click');
    await flushPromises();
    const [paused, fast] = fakeApi.calls('run/start');
    expect(fakeApi.calls('run/cancel')).toEqual([{ runId: paused!.runId }]);
    expect(fast).toEqual({ runId: expect.any(String), profileId: profile.id, fast: true });
    wrapper.unmount();
  });

  it("Run step on a group runs to the group's last engine step; a sub-step's Run to here stops after it", async () => {
    fakeApi.handle('run/start', (input) => ({ ok: true, value: { runId: input.runId, status: 'paused', nextStep: 'ehlo' } }));
    fakeApi.handle('run/continue', (input) => ({ ok: true, value: { runId: input.runId, status: 'paused', nextStep: input.until === 'mail' ? 'rcpt' : 'quit' } }));
    const wrapper = mountWizard();
    await groupEl(wrapper, 'connect').get('[data-testid="group-run"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('run/start')[0]).toMatchObject({ profileId: profile.id, until: 'banner' });
    expect(groupEl(wrapper, 'ehlo').get('[data-testid="group-run"]').text()).toBe('Run step');
    // The last sub-step has no Run to here of its own: the group's button does that.
    expect(stepEl(wrapper, 'data').find('[data-testid="substep-run-to-here"]').exists()).toBe(false);
    await stepEl(wrapper, 'mail').get('[data-testid="substep-run-to-here"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('run/continue')[0]).toMatchObject({ until: 'mail' });
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('paused');
    // Paused inside Send: the group is partly run, and it is the one Run next step goes on with.
    expect(groupEl(wrapper, 'send').get('[data-testid="group-status"]').text()).toBe('partly run');
    expect(wrapper.get('[data-testid="run-next"]').text()).toBe('Run next step: Send');
    await groupEl(wrapper, 'send').get('[data-testid="group-run"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('run/continue')[1]).toMatchObject({ until: 'data' });
    wrapper.unmount();
  });

  it('Run all keeps the keyboard focus while the run goes; pressing it, Run step or Run to here then does nothing', async () => {
    fakeApi.handle('run/start', () => new Promise(() => {}));
    const wrapper = mountWizard();
    const runAll = wrapper.get('[data-testid="run-all"]');
    (runAll.element as HTMLElement).focus();
    await runAll.trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('running');
    // Waiting, not disabled: a disabled button would drop the focus to <body>.
    expect(runAll.attributes('disabled')).toBeUndefined();
    expect(runAll.attributes('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(runAll.element);
    await runAll.trigger('click');
    await wrapper.get('[data-testid="run-next"]').trigger('click');
    await groupEl(wrapper, 'ehlo').get('[data-testid="group-run"]').trigger('click');
    await stepEl(wrapper, 'mail').get('[data-testid="substep-run-to-here"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('run/start')).toHaveLength(1);
    expect(fakeApi.calls('run/continue')).toHaveLength(0);
    for (const button of wrapper.findAll('[data-testid="group-run"], [data-testid="substep-run-to-here"], [data-testid="run-next"]')) {
      expect(button.attributes('disabled')).toBeUndefined();
      expect(button.attributes('aria-disabled')).toBe('true');
    }
    expect(document.activeElement).toBe(runAll.element);
    wrapper.unmount();
  });

  it('Stop keeps the focus when the run it stopped ends, and a second press sends nothing', async () => {
    fakeApi.handle('run/start', () => new Promise(() => {}));
    fakeApi.handle('run/cancel', (input) => ({ ok: true, value: { runId: input.runId, status: 'done' } }));
    const wrapper = mountWizard();
    await wrapper.get('[data-testid="run-all"]').trigger('click');
    await flushPromises();
    const stop = wrapper.get('[data-testid="stop"]');
    (stop.element as HTMLElement).focus();
    await stop.trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('done');
    expect(stop.attributes('disabled')).toBeUndefined();
    expect(stop.attributes('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(stop.element);
    await stop.trigger('click');
    await flushPromises();
    expect(fakeApi.calls('run/cancel')).toHaveLength(1);
    wrapper.unmount();
  });

  it("a group's Run step becomes its Run to here in place: the same element, still focused", async () => {
    fakeApi.handle('run/start', (input) => ({ ok: true, value: { runId: input.runId, status: 'paused', nextStep: 'ptr' } }));
    const wrapper = mountWizard();
    const button = groupEl(wrapper, 'mx').get('[data-testid="group-run"]');
    expect(button.text()).toBe('Run step');
    (button.element as HTMLElement).focus();
    await button.trigger('click');
    await flushPromises();
    expect(fakeApi.calls('run/start')[0]).toMatchObject({ until: 'mx' });
    const after = groupEl(wrapper, 'mx').get('[data-testid="group-run"]');
    expect(after.text()).toBe('Run to here');
    expect(after.attributes('aria-label')).toBe('Run to here: MX lookup');
    expect(after.element).toBe(button.element);
    expect(document.activeElement).toBe(button.element);
    wrapper.unmount();
  });

  it("a running step's elapsed time ticks, in the step and in its group", async () => {
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
      expect(groupEl(wrapper, 'connect').get('[data-testid="group-elapsed"]').text()).toBe('1500 ms');
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

  it('Ctrl+Enter (the ui store request) runs the next group: to its last engine step', async () => {
    fakeApi.handle('run/start', (input) => ({ ok: true, value: { runId: input.runId, status: 'paused', nextStep: 'ptr' } }));
    fakeApi.handle('run/continue', (input) => ({ ok: true, value: { runId: input.runId, status: 'paused', nextStep: input.until === 'ptr' ? 'connect' : 'ehlo' } }));
    const wrapper = mountWizard();
    const ui = useUiStore();
    ui.requestRunNext();
    await flushPromises();
    expect(fakeApi.calls('run/start')).toHaveLength(1);
    expect(fakeApi.calls('run/start')[0]).toMatchObject({ until: 'mx' });
    ui.requestRunNext();
    await flushPromises();
    ui.requestRunNext();
    await flushPromises();
    // PTR, then Connect: TCP connection and banner in one go.
    expect(fakeApi.calls('run/continue').map((c) => c.until)).toEqual(['ptr', 'banner']);
    expect(wrapper.get('[data-testid="run-next"]').text()).toBe('Run next step: EHLO');
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
