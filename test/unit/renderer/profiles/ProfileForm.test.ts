// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import Toast from 'primevue/toast';
import { defineComponent, h } from 'vue';
import ProfileForm from '../../../../renderer/components/profiles/ProfileForm.vue';
import { MECHANISM_OPTIONS } from '../../../../renderer/components/profiles/profile-form-model.ts';
import { api } from '../../../../renderer/services/api.ts';
import { useProfilesStore } from '../../../../renderer/stores/profiles.ts';
import { mailboxProblem } from '../../../../shared/input-rules.ts';
import { mountWithApp, profileView, settle } from '../shell-mount.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn(() => () => {}) } }));
const invoke = vi.mocked(api.invoke);

beforeEach(() => invoke.mockReset());
enableAutoUnmount(afterEach);

function mountForm(overrides = {}, ui: Record<string, unknown> = {}) {
  return mountWithApp(ProfileForm, { props: { profile: profileView(overrides) }, initialState: { ui } });
}

function inputFor(wrapper: Pick<ReturnType<typeof mountForm>, 'find' | 'findAll'>, label: string) {
  const labelEl = wrapper.findAll('label').find((l) => l.text() === label);
  if (labelEl === undefined) throw new Error(`no label ${label}`);
  return wrapper.find(`#${CSS.escape(labelEl.attributes('for') ?? '')}`);
}

function saveButton(wrapper: Pick<ReturnType<typeof mountForm>, 'findAll'>) {
  const button = wrapper.findAll('button').find((b) => b.text().includes('Save'));
  if (button === undefined) throw new Error('no Save button');
  return button;
}

describe('ProfileForm', () => {
  it('shows the port message at the field on blur for 0x19 and disables Save', async () => {
    const wrapper = mountForm();
    const port = inputFor(wrapper, 'Port');
    await port.setValue('0x19');
    expect(wrapper.text()).not.toContain('The port must be'); // not before the field is left
    await port.trigger('blur');
    const error = wrapper.find(`#${CSS.escape(port.attributes('id') ?? '')}-error`);
    expect(error.text()).toBe('The port must be a number from 1 to 65535 (decimal digits only), got "0x19"');
    expect(saveButton(wrapper).attributes('disabled')).toBeDefined();
  });

  it('shows the reason the CLI and the service give at the field: a display name in From', async () => {
    const wrapper = mountForm();
    const from = inputFor(wrapper, 'From');
    await from.setValue('Name <x@y.z>');
    await from.trigger('blur');
    const error = wrapper.find(`#${CSS.escape(from.attributes('id') ?? '')}-error`);
    expect(error.text()).toBe(`A${mailboxProblem('from')('Name <x@y.z>')?.slice(1)}`);
    expect(error.text()).toMatch(/give the bare address, e\.g\. x@y\.z$/);
    expect(saveButton(wrapper).attributes('disabled')).toBeDefined();
  });

  it('refuses a server name the URL parser would cut (mail.example.com\\x) at the target field', async () => {
    const wrapper = mountForm({ targetKind: 'host' });
    const target = inputFor(wrapper, 'Server name or IP address');
    await target.setValue('mail.example.com\\x');
    await target.trigger('blur');
    const error = wrapper.find(`#${CSS.escape(target.attributes('id') ?? '')}-error`);
    expect(error.text()).toBe('The server contains "\\"; host names use letters, digits, hyphens and dots');
  });

  it('asks for a name when the name is emptied', async () => {
    const wrapper = mountForm();
    const name = inputFor(wrapper, 'Profile name');
    await name.setValue('');
    await name.trigger('blur');
    expect(wrapper.text()).toContain('Give the profile a name');
    expect(saveButton(wrapper).attributes('disabled')).toBeDefined();
  });

  it('shows the default port of the security mode as the placeholder', () => {
    // Server mode: the security mode chooses the port (a domain's MX is on 25: the next test).
    const wrapper = mountForm({ security: 'implicit', targetKind: 'host', target: 'mail.example.com' });
    expect(inputFor(wrapper, 'Port').attributes('placeholder')).toBe('465 (default)');
  });

  it('shows 25 as the placeholder of a domain profile, whatever the TLS mode: an MX receives mail there', () => {
    const wrapper = mountForm({ security: 'implicit', targetKind: 'domain' });
    expect(inputFor(wrapper, 'Port').attributes('placeholder')).toBe('25 (default)');
  });

  it('shows messages for fields not yet left after "Show them" (subject with CR/LF, 101 recipients)', async () => {
    const to = Array.from({ length: 101 }, (_, i) => `r${i}@example.com`);
    const wrapper = mountForm({ subject: 'a\r\nBcc: x@example.com', from: 'a@example.com', to });
    // The profile as given is invalid: Save is disabled and nothing is shown until asked.
    expect(saveButton(wrapper).attributes('disabled')).toBeDefined();
    const show = wrapper.findAll('button').find((b) => b.text() === 'Show them');
    await show?.trigger('click');
    expect(wrapper.text()).toContain('Subject must be a single line');
    expect(wrapper.text()).toContain('At most 100 recipients');
  });

  it('never renders the password: a stored one shows "stored" with Change and Forget', () => {
    const wrapper = mountForm({ hasPassword: true });
    expect(wrapper.find('[data-test="password-stored"]').text()).toContain('stored');
    expect(wrapper.find('input[type="password"]').exists()).toBe(false);
    const labels = wrapper.findAll('button').map((b) => b.text());
    expect(labels).toContain('Change');
    expect(labels).toContain('Forget');
  });

  describe('the note that a save would forget the stored password', () => {
    const note = (wrapper: ReturnType<typeof mountForm>) => wrapper.find('[data-test="password-binding-note"]');

    it('appears next to the password once a field it was entered for changes, naming the change', async () => {
      const wrapper = mountForm({ hasPassword: true, authUser: 'alice' });
      expect(note(wrapper).exists()).toBe(false);
      await inputFor(wrapper, 'Subject').setValue('not part of the binding');
      expect(note(wrapper).exists()).toBe(false);
      await inputFor(wrapper, 'Port').setValue('2525');
      expect(note(wrapper).text()).toContain('You changed the port');
      expect(note(wrapper).text()).toContain('saving forgets it unless you enter it again');
      await wrapper.find(`#${CSS.escape(wrapper.find('input[id$="-plain"]').attributes('id') ?? '')}`).setValue(true);
      expect(note(wrapper).text()).toContain('port, plaintext permission');
    });

    it('is not shown when the port is set to the default it had anyway, or the host only changes case', async () => {
      const wrapper = mountForm({ hasPassword: true, security: 'starttls', targetKind: 'host', target: 'smtp.example.net' });
      await inputFor(wrapper, 'Port').setValue('587');
      await inputFor(wrapper, 'Server name or IP address').setValue('SMTP.example.NET');
      expect(note(wrapper).exists()).toBe(false);
    });

    it('is not shown without a stored password, or once a new password is being entered', async () => {
      const none = mountForm({ hasPassword: false });
      await inputFor(none, 'Port').setValue('2525');
      expect(note(none).exists()).toBe(false);
      const stored = mountForm({ hasPassword: true });
      await inputFor(stored, 'Port').setValue('2525');
      await stored.findAll('button').find((b) => b.text() === 'Change')?.trigger('click');
      expect(note(stored).exists()).toBe(false);
    });
  });

  it('says after the save when the stored password was forgotten', async () => {
    const profile = profileView({ hasPassword: true });
    invoke.mockResolvedValue({ ok: true, value: { ...profile, port: 2525, hasPassword: false, passwordDiscarded: true, updatedAt: '2026-01-02T00:00:00.000Z' } });
    const Harness = defineComponent({ render: () => [h(ProfileForm, { profile }), h(Toast)] });
    const wrapper = mountWithApp(Harness, {});
    await inputFor(wrapper, 'Port').setValue('2525');
    await saveButton(wrapper).trigger('click');
    await settle();
    expect(invoke).toHaveBeenCalledWith('profiles/save', expect.not.objectContaining({ password: expect.anything() }));
    expect(document.body.textContent).toContain('Profile saved, password forgotten');
  });

  it('says where the password goes in the mode the app runs in, and only that', () => {
    const info = { version: '0', platform: 'linux', ehloName: 'pc1.example.test', notices: [] };
    const browser = mountForm({}, { appInfo: { ...info, host: 'browser', canStorePasswords: false } });
    expect(browser.find('[data-test="password-storage"]').text()).toMatch(/^Browser mode keeps it in memory only/);
    // Nothing promises an encryption browser mode does not do.
    expect(browser.text()).not.toContain('encrypted');
    const desktop = mountForm({}, { appInfo: { ...info, host: 'electron', canStorePasswords: true } });
    expect(desktop.find('[data-test="password-storage"]').text()).toMatch(/^Kept encrypted by the operating system/);
    expect(desktop.text()).not.toMatch(/memory|browser mode/i);
    const noKeyring = mountForm({}, { appInfo: { ...info, host: 'electron', canStorePasswords: false } });
    expect(noKeyring.find('[data-test="password-storage"]').text()).toMatch(/cannot encrypt passwords/);
  });

  it('names the EHLO name the engine will send when the field is empty', () => {
    const wrapper = mountForm({}, { appInfo: { version: '0', platform: 'linux', host: 'browser', canStorePasswords: false, ehloName: 'pc1.example.test', notices: [] } });
    expect(wrapper.text()).toContain('Empty: pc1.example.test is sent');
    expect(inputFor(wrapper, 'EHLO name').attributes('placeholder')).toBe('pc1.example.test');
  });

  it('Set puts the focus in the password field, and Cancel back on Set', async () => {
    const wrapper = mountForm({ hasPassword: false });
    const set = wrapper.findAll('button').find((b) => b.text() === 'Set')!;
    await set.trigger('click');
    await settle();
    expect(document.activeElement).toBe(wrapper.find('input[type="password"]').element);
    await wrapper.findAll('button').find((b) => b.text() === 'Cancel')!.trigger('click');
    await settle();
    expect((document.activeElement as HTMLElement | null)?.textContent).toBe('Set');
  });

  it('Enter in a field (the form submitted) never saves; only Save does', async () => {
    invoke.mockResolvedValue({ ok: true, value: profileView() });
    const wrapper = mountForm();
    await inputFor(wrapper, 'Profile name').setValue('Half typed');
    await wrapper.find('form').trigger('submit');
    await settle();
    expect(invoke).not.toHaveBeenCalledWith('profiles/save', expect.anything());
    expect(wrapper.findAll('button[type="submit"]')).toHaveLength(0);
  });

  it('saves through profiles/save with the typed password and the validated fields', async () => {
    const profile = profileView({ hasPassword: false });
    const saved = { ...profile, name: 'Renamed', hasPassword: true, updatedAt: '2026-01-02T00:00:00.000Z' };
    invoke.mockResolvedValue({ ok: true, value: saved });
    const wrapper = mountForm();
    await inputFor(wrapper, 'Profile name').setValue('Renamed');
    await wrapper.findAll('button').find((b) => b.text() === 'Set')?.trigger('click');
    await wrapper.find('input[type="password"]').setValue('s3cret');
    await saveButton(wrapper).trigger('click');
    await settle();
    expect(invoke).toHaveBeenCalledWith('profiles/save', expect.objectContaining({ id: profile.id, password: 's3cret' }));
    const input = invoke.mock.calls[0]?.[1] as { fields: { name: string } };
    expect(input.fields.name).toBe('Renamed');
    // After saving (the store hands the form the saved view), it shows "stored", never the password.
    expect(useProfilesStore().profiles).toContainEqual(saved);
    await wrapper.setProps({ profile: saved });
    expect(wrapper.find('input[type="password"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('stored');
  });

  it('Revert and Save disable themselves, and keyboard focus goes back to the form instead of the page', async () => {
    const profile = profileView();
    invoke.mockResolvedValue({ ok: true, value: { ...profile, name: 'Renamed', updatedAt: '2026-01-02T00:00:00.000Z' } });
    const wrapper = mountForm();
    const form = wrapper.find('form').element as HTMLFormElement;
    const revert = () => wrapper.findAll('button').find((b) => b.text() === 'Revert')!;

    await inputFor(wrapper, 'Profile name').setValue('Renamed');
    (revert().element as HTMLButtonElement).focus();
    await revert().trigger('click');
    await settle();
    expect(revert().attributes('disabled')).toBeDefined();
    expect(document.activeElement).toBe(form);

    await inputFor(wrapper, 'Profile name').setValue('Renamed');
    (saveButton(wrapper).element as HTMLButtonElement).focus();
    await saveButton(wrapper).trigger('click');
    await settle();
    expect(invoke).toHaveBeenCalledWith('profiles/save', expect.anything());
    expect(document.activeElement).toBe(form);
  });

  it('marks the store dirty while edits are unsaved', async () => {
    const wrapper = mountForm();
    const profiles = useProfilesStore();
    expect(profiles.dirty).toBe(false);
    await inputFor(wrapper, 'Subject').setValue('changed');
    expect(profiles.dirty).toBe(true);
  });

  it('adds recipients with Enter, splits pasted lists, and keeps a typed address when the field is left', async () => {
    const wrapper = mountForm();
    const input = inputFor(wrapper, 'Recipients');
    await input.setValue('a@example.com');
    await input.trigger('keydown', { code: 'Enter', key: 'Enter' });
    await input.setValue('b@example.com, c@example.com; a@example.com');
    await input.trigger('keydown', { code: 'Enter', key: 'Enter' });
    await input.setValue('d@example.com');
    await input.trigger('blur');
    const chips = wrapper.findAll('.p-autocomplete-chip-item, [data-pc-section="chipitem"]').map((c) => c.text());
    expect(chips).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']);
    expect(wrapper.text()).toContain('4 of at most 100');
  });

  it('offers NTLM as a mechanism and says under the field what it is and which user names it takes', async () => {
    expect(MECHANISM_OPTIONS.map((o) => o.value)).toContain('NTLM');
    const automatic = mountForm();
    const hintOf = (wrapper: ReturnType<typeof mountForm>) => wrapper.find(`#${CSS.escape(`${inputFor(wrapper, 'Mechanism').attributes('id') ?? ''}-hint`)}`).text();
    expect(hintOf(automatic)).toContain('NTLM');
    const ntlm = mountForm({ authUser: 'EXAMPLE\\alice', authMechanism: 'NTLM' });
    expect(hintOf(ntlm)).toMatch(/Integrated Windows Authentication.*DOMAIN\\user or user@domain/);
    const login = mountForm({ authUser: 'EXAMPLE\\alice', authMechanism: 'LOGIN' });
    expect(hintOf(login)).toMatch(/DOMAIN\\user name is sent as typed/);
  });
});
