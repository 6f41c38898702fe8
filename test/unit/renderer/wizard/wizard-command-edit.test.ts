// @vitest-environment happy-dom
/**
 * Inline editing of a step's command in the wizard: validation at the field, Save through the
 * profiles store (profiles/save, as the Settings form does), Cancel, and when editing is refused
 * (a run going, unsaved Settings edits of the same profile, a reopened report, the built-in profile).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { runReportSchema } from '../../../../shared/report.ts';
import type { ProfileView } from '../../../../shared/profile.ts';
import relayDenied from './fixtures/report-relay-denied.json';
import { loadProfileCheck } from '../../../../renderer/services/profile-check.ts';
import { commandForm } from '../../../../renderer/components/wizard/command-form.ts';
import { fakeApi } from './fake-api.ts';
import { primeVue, testProfile, useComponentTestSetup } from '../transcript/mount-helpers.ts';

vi.mock('../../../../renderer/services/api.ts', async () => (await import('./fake-api.ts')).apiModule());

const WizardView = (await import('../../../../renderer/components/wizard/WizardView.vue')).default;
const WizardCommand = (await import('../../../../renderer/components/wizard/WizardCommand.vue')).default;
const { useRunStore } = await import('../../../../renderer/stores/run.ts');
const { useProfilesStore } = await import('../../../../renderer/stores/profiles.ts');

const profile = testProfile({
  id: '22222222-2222-4222-8222-222222222222',
  name: 'Relay test',
  targetKind: 'host',
  target: 'mx.example.net',
  port: 25,
  security: 'starttls-optional',
  ehloName: 'client.example',
  from: 'a@example.net',
  to: ['b@example.org'],
  subject: 'Hello',
  hasPassword: true,
});

const setup = useComponentTestSetup();
function mountWizard(profileId = profile.id) {
  return mount(WizardView, {
    props: { profileId },
    global: { plugins: [primeVue, setup.pinia()], stubs: { ExportDialog: true } },
    attachTo: document.body,
  });
}
type Wrapper = ReturnType<typeof mountWizard>;
const stepEl = (wrapper: Wrapper, id: string) => wrapper.get(`[data-step="${id}"]`);
const editor = (wrapper: Wrapper, id: string) => stepEl(wrapper, id).get('[data-testid="command-editor"]');
async function openEditor(wrapper: Wrapper, id: string) {
  await stepEl(wrapper, id).get('[data-testid="edit-command"]').trigger('click');
  // Edit opens once the profile check and the form's chunk are loaded (profile-check.ts, command-form.ts).
  await Promise.all([loadProfileCheck(), commandForm.load()]);
  await flushPromises();
  return editor(wrapper, id);
}

/** profiles/save answers like main: the saved view with a new updatedAt. */
function answerSaves(): void {
  fakeApi.handle('profiles/save', (input) => ({
    ok: true,
    value: { ...(input.fields as ProfileView), id: input.id!, createdAt: profile.createdAt, updatedAt: new Date().toISOString(), hasPassword: true },
  }));
}

describe('inline command editing in the wizard', () => {
  beforeEach(() => {
    const profiles = useProfilesStore();
    profiles.profiles = [profile];
    profiles.selectedId = profile.id;
  });

  it('offers Edit (with an accessible name) where a command has fields behind it, not on the others', () => {
    const wrapper = mountWizard();
    for (const id of ['connect', 'ehlo', 'auth', 'mail', 'rcpt', 'data']) {
      expect(stepEl(wrapper, id).get('[data-testid="edit-command"]').attributes('aria-label'), id).toMatch(/^Edit the .+ command$/);
    }
    for (const id of ['mx', 'ptr', 'banner', 'starttls', 'quit']) expect(stepEl(wrapper, id).find('[data-testid="edit-command"]').exists(), id).toBe(false);
    wrapper.unmount();
  });

  it('shows a validation error at the field in plain words and saves nothing', async () => {
    answerSaves();
    const wrapper = mountWizard();
    const form = await openEditor(wrapper, 'connect');
    const port = form.get('input[inputmode="numeric"]');
    await port.setValue('70000');
    await form.trigger('submit');
    await flushPromises();
    expect(form.get('[role="alert"]').text()).toBe('The port must be a number from 1 to 65535 (decimal digits only), got "70000"');
    expect(port.attributes('aria-invalid')).toBe('true');
    expect(fakeApi.calls('profiles/save')).toEqual([]);
    wrapper.unmount();
  });

  it('Save writes the whole profile through the profiles store and the preview shows the new command', async () => {
    answerSaves();
    const wrapper = mountWizard();
    const form = await openEditor(wrapper, 'rcpt');
    await form.get('input').setValue('c@example.org, d@example.org');
    // The preview follows the typing before anything is saved.
    expect(stepEl(wrapper, 'rcpt').get('[data-testid="step-command"]').text()).toBe('RCPT TO:<c@example.org>\nRCPT TO:<d@example.org>');
    await form.trigger('submit');
    await flushPromises();
    const [saved] = fakeApi.calls('profiles/save');
    expect(saved).toMatchObject({ id: profile.id, fields: { to: ['c@example.org', 'd@example.org'], from: 'a@example.net', name: 'Relay test', port: 25 } });
    // The password is left alone (write-only, kept by main).
    expect(saved!.password).toBeUndefined();
    expect(stepEl(wrapper, 'rcpt').find('[data-testid="command-editor"]').exists()).toBe(false);
    expect(stepEl(wrapper, 'rcpt').get('[data-testid="step-command"]').text()).toBe('RCPT TO:<c@example.org>\nRCPT TO:<d@example.org>');
    expect(useProfilesStore().profiles[0]!.to).toEqual(['c@example.org', 'd@example.org']);
    wrapper.unmount();
  });

  it('says before the save when an edit of the connection would make it forget the stored password', async () => {
    const wrapper = mountWizard();
    const form = await openEditor(wrapper, 'connect');
    expect(form.find('[data-testid="command-password-note"]').exists()).toBe(false);
    await form.get('input[inputmode="numeric"]').setValue('2525');
    expect(form.get('[data-testid="command-password-note"]').text()).toContain('You changed the port');
    await form.get('input[inputmode="numeric"]').setValue('25');
    expect(form.find('[data-testid="command-password-note"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('Escape cancels: the draft is dropped and the command is as before', async () => {
    answerSaves();
    const wrapper = mountWizard();
    const form = await openEditor(wrapper, 'ehlo');
    const input = form.get('input');
    await input.setValue('other.example');
    await input.trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(stepEl(wrapper, 'ehlo').find('[data-testid="command-editor"]').exists()).toBe(false);
    expect(stepEl(wrapper, 'ehlo').get('[data-testid="step-command"]').text()).toBe('EHLO client.example');
    expect(fakeApi.calls('profiles/save')).toEqual([]);
    // Opened again, it starts from the saved profile, not the dropped draft.
    expect((await openEditor(wrapper, 'ehlo')).get('input').element.value).toBe('client.example');
    wrapper.unmount();
  });

  it('a changed draft counts as unsaved edits (the switch and close guards ask); an unchanged or dropped one does not', async () => {
    const wrapper = mountWizard();
    const profiles = useProfilesStore();
    const form = await openEditor(wrapper, 'ehlo');
    expect(profiles.hasUnsavedEdits).toBe(false);
    const input = form.get('input');
    await input.setValue('other.example');
    await flushPromises();
    expect(profiles.hasUnsavedEdits).toBe(true);
    await input.setValue('client.example');
    await flushPromises();
    expect(profiles.hasUnsavedEdits).toBe(false);
    await input.setValue('third.example');
    await flushPromises();
    expect(profiles.hasUnsavedEdits).toBe(true);
    await input.trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(profiles.hasUnsavedEdits).toBe(false);
    // Unmounting with a draft open (another profile shown) lets go of it too.
    await (await openEditor(wrapper, 'ehlo')).get('input').setValue('fourth.example');
    await flushPromises();
    expect(profiles.hasUnsavedEdits).toBe(true);
    wrapper.unmount();
    expect(profiles.hasUnsavedEdits).toBe(false);
  });

  it('is disabled while a run is going', async () => {
    fakeApi.handle('run/start', () => new Promise(() => {}));
    const wrapper = mountWizard();
    await wrapper.get('[data-testid="run-all"]').trigger('click');
    await flushPromises();
    const edit = stepEl(wrapper, 'mail').get('[data-testid="edit-command"]');
    expect(edit.attributes('disabled')).toBeDefined();
    expect(edit.attributes('title')).toMatch(/A run is going/);
    wrapper.unmount();
  });

  it('is disabled while a run is paused: the paused run keeps the commands it started with', async () => {
    fakeApi.handle('run/start', (input) => ({ ok: true, value: { runId: input.runId, status: 'paused', nextStep: 'rcpt' } }));
    fakeApi.handle('run/cancel', (input) => ({ ok: true, value: { runId: input.runId, status: 'done' } }));
    const wrapper = mountWizard();
    await stepEl(wrapper, 'mail').get('[data-testid="substep-run-to-here"]').trigger('click');
    await flushPromises();
    const edit = () => stepEl(wrapper, 'rcpt').get('[data-testid="edit-command"]');
    expect(edit().attributes('disabled')).toBeDefined();
    expect(edit().attributes('title')).toMatch(/Stop it to edit/);
    await wrapper.get('[data-testid="stop"]').trigger('click');
    await flushPromises();
    expect(edit().attributes('disabled')).toBeUndefined();
    wrapper.unmount();
  });

  it('is disabled while Settings holds unsaved edits of this profile, with a hint; a Save already open is refused', async () => {
    answerSaves();
    const wrapper = mountWizard();
    const form = await openEditor(wrapper, 'data');
    await form.get('input').setValue('New subject');
    const profiles = useProfilesStore();
    profiles.dirty = true;
    await flushPromises();
    expect(wrapper.get('[data-testid="settings-dirty"]').text()).toContain('Save or discard them there');
    expect(form.get('[data-testid="command-lock"]').text()).toMatch(/Settings has unsaved edits/);
    expect(form.get('[data-testid="command-save"]').attributes('disabled')).toBeDefined();
    await form.trigger('submit');
    await flushPromises();
    expect(fakeApi.calls('profiles/save')).toEqual([]);
    expect(stepEl(wrapper, 'rcpt').get('[data-testid="edit-command"]').attributes('disabled')).toBeDefined();
    // Saved or reverted in Settings: editing comes back, the draft is still there to save.
    profiles.dirty = false;
    await flushPromises();
    expect(wrapper.find('[data-testid="settings-dirty"]').exists()).toBe(false);
    await form.trigger('submit');
    await flushPromises();
    expect(fakeApi.calls('profiles/save')[0]).toMatchObject({ fields: { subject: 'New subject' } });
    wrapper.unmount();
  });

  it('offers the built-in test server profile only the fields it does not fix', async () => {
    const builtIn = testProfile({ id: '33333333-3333-4333-8333-333333333333', name: 'Local test server', builtIn: 'sandbox', target: '127.0.0.1', port: 2525, authMechanism: 'PLAIN' });
    const profiles = useProfilesStore();
    profiles.profiles = [builtIn];
    profiles.selectedId = builtIn.id;
    const wrapper = mountWizard(builtIn.id);
    const connect = await openEditor(wrapper, 'connect');
    expect(connect.findAll('label').map((l) => l.text())).toEqual(['Security']);
    expect(connect.text()).toContain("the built-in test server's own");
    const auth = await openEditor(wrapper, 'auth');
    expect(auth.findAll('label').map((l) => l.text())).toEqual(['Mechanism']);
    wrapper.unmount();
  });

  it('is not offered for a reopened report of a profile that no longer exists', async () => {
    useProfilesStore().profiles = [];
    const wrapper = mountWizard();
    useRunStore().loadReport(runReportSchema.parse(relayDenied), null);
    await flushPromises();
    expect(stepEl(wrapper, 'rcpt').get('[data-testid="step-command"]').text()).toContain('RCPT TO:<b@peer.probe.test>');
    expect(wrapper.find('[data-testid="edit-command"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('closes the editor when another profile is shown in it, so the draft is never saved into that one', async () => {
    answerSaves();
    const other = testProfile({ ...profile, id: '44444444-4444-4444-8444-444444444444', name: 'Other', ehloName: 'other-client.example' });
    useProfilesStore().profiles = [profile, other];
    const wrapper = mount(WizardCommand, {
      props: { step: 'ehlo' as const, commands: ['EHLO client.example'], profile, lock: null },
      global: { plugins: [primeVue, setup.pinia()] },
      attachTo: document.body,
    });
    await wrapper.get('[data-testid="edit-command"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="command-editor"] input').setValue('draft-for-a.example');
    await wrapper.setProps({ profile: other, commands: ['EHLO other-client.example'] });
    await flushPromises();
    // Enter pressed right after the switch, if a form were still there, must save nothing into the other profile.
    const form = wrapper.find('form');
    if (form.exists()) await form.trigger('submit');
    await flushPromises();
    expect(fakeApi.calls('profiles/save')).toEqual([]);
    expect(wrapper.find('[data-testid="command-editor"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="step-command"]').text()).toBe('EHLO other-client.example');
    expect(useProfilesStore().hasUnsavedEdits).toBe(false);
    expect(fakeApi.calls('profiles/save')).toEqual([]);
    wrapper.unmount();
  });
});
