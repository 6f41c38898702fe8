// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { SmtpCommand } from '../../../../shared/session.ts';
import { fakeApi } from '../wizard/fake-api.ts';
import { primeVue, testProfile, useComponentTestSetup } from '../transcript/mount-helpers.ts';

vi.mock('../../../../renderer/services/api.ts', async () => (await import('../wizard/fake-api.ts')).apiModule());

const ConsolePanel = (await import('../../../../renderer/components/console/ConsolePanel.vue')).default;
const { useProfilesStore } = await import('../../../../renderer/stores/profiles.ts');
const { useConsoleStore } = await import('../../../../renderer/stores/console.ts');

const profile = testProfile({
  hasPassword: true,
  name: 'Local test server',
  port: 2525,
  ehloName: 'client.example',
  authUser: 'probe',
  from: 'you@sandbox.smtp-probe.test',
  to: ['someone@sandbox.smtp-probe.test'],
});
const greeting = { code: 220, lines: ['sandbox ESMTP'], raw: ['220 sandbox ESMTP'] };

const setup = useComponentTestSetup();
function mountConsole() {
  return mount(ConsolePanel, { props: { profileId: profile.id }, global: { plugins: [primeVue, setup.pinia()] }, attachTo: document.body });
}
function enabledCommands(wrapper: ReturnType<typeof mountConsole>): string[] {
  return wrapper
    .findAll('[data-testid="console-command"]')
    .filter((b) => b.attributes('aria-disabled') !== 'true')
    .map((b) => b.attributes('data-command')!);
}

describe('ConsolePanel', () => {
  let allowedAfter: SmtpCommand[];
  beforeEach(() => {
    useProfilesStore().profiles = [profile];
    allowedAfter = ['RCPT', 'RSET', 'NOOP', 'QUIT', 'RAW'];
    fakeApi.handle('console/open', (input) => ({ ok: true, value: { consoleId: input.consoleId, greeting, allowed: ['EHLO', 'HELO', 'RSET', 'NOOP', 'HELP', 'QUIT', 'RAW'] } }));
    fakeApi.handle('console/command', () => ({ ok: true, value: { reply: { code: 250, lines: ['ok'], raw: ['250 ok'] }, allowed: allowedAfter, closed: false } }));
    fakeApi.handle('console/close', (input) => ({ ok: true, value: { consoleId: input.consoleId } }));
  });


  it('has every button disabled until connected', () => {
    const wrapper = mountConsole();
    expect(enabledCommands(wrapper)).toEqual([]);
    expect(wrapper.get('[data-testid="console-raw"]').attributes('disabled')).toBeDefined();
    wrapper.unmount();
  });

  it('Connect stays one focused, enabled button while connecting (aria-busy), becomes Disconnect in place, and then hands the focus to the command line', async () => {
    let release: () => void = () => {};
    fakeApi.handle('console/open', (input) => new Promise((resolve) => {
      release = () => resolve({ ok: true, value: { consoleId: input.consoleId, greeting, allowed: ['EHLO', 'QUIT', 'RAW'] } });
    }));
    const wrapper = mountConsole();
    const button = wrapper.get('[data-testid="console-connect"]').element as HTMLButtonElement;
    button.focus();
    await wrapper.get('[data-testid="console-connect"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="console-status"]').text()).toBe('connecting…');
    const busy = wrapper.get('[data-testid="console-connect"]').element as HTMLButtonElement;
    expect(busy).toBe(button);
    expect(busy.disabled).toBe(false);
    expect(busy.getAttribute('aria-busy')).toBe('true');
    expect(document.activeElement).toBe(button);
    // A second press while connecting opens nothing more.
    await wrapper.get('[data-testid="console-connect"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('console/open')).toHaveLength(1);
    release();
    await flushPromises();
    expect(wrapper.get('[data-testid="console-disconnect"]').element).toBe(button);
    expect(button.getAttribute('aria-busy')).toBe('false');
    // Enter after Connect types into the session, never on Disconnect.
    expect(document.activeElement).toBe(wrapper.get('[data-testid="console-raw"]').element);
    wrapper.unmount();
  });

  it('Connect opens a console for the profile; the buttons follow `allowed`', async () => {
    const wrapper = mountConsole();
    await wrapper.get('[data-testid="console-connect"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('console/open')).toEqual([{ consoleId: expect.any(String), profileId: profile.id }]);
    expect(enabledCommands(wrapper)).toEqual(['EHLO', 'HELO', 'RSET', 'NOOP', 'HELP', 'QUIT']);
    expect(wrapper.get('[data-testid="console-auth-send"]').attributes('aria-disabled')).toBe('true');
    expect(wrapper.get('[data-testid="console-data-send"]').attributes('aria-disabled')).toBe('true');
    // Not allowed yet: a press (the button keeps the keyboard focus) sends nothing.
    await wrapper.get('[data-testid="console-auth-send"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('console/command')).toEqual([]);

    // EHLO sends the profile's EHLO name; the answer brings a new `allowed`.
    await wrapper.get('[data-command="EHLO"]').trigger('click');
    await flushPromises();
    const [ehlo] = fakeApi.calls('console/command');
    expect(ehlo).toMatchObject({ command: 'EHLO', argument: 'client.example' });
    expect(enabledCommands(wrapper)).toEqual(['RCPT', 'RSET', 'NOOP', 'QUIT']);
    wrapper.unmount();
  });

  it('AUTH and DATA are enabled only when allowed; AUTH sends the mechanism, never a password', async () => {
    const wrapper = mountConsole();
    await wrapper.get('[data-testid="console-connect"]').trigger('click');
    await flushPromises();
    allowedAfter = ['STARTTLS', 'AUTH', 'MAIL', 'DATA', 'QUIT', 'RAW'];
    await wrapper.get('[data-command="NOOP"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="console-auth-send"]').attributes('aria-disabled')).toBe('false');
    expect(wrapper.get('[data-testid="console-auth"]').text()).toContain('the password never reaches this window');
    await wrapper.get('[data-testid="console-auth-send"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('console/command').at(-1)).toMatchObject({ command: 'AUTH', argument: 'PLAIN' });
    await wrapper.get('[data-testid="console-data-body"]').setValue('Subject: hi\n\n.leading dot\n');
    await wrapper.get('[data-testid="console-data-send"]').trigger('click');
    await flushPromises();
    // The body goes as typed: the engine does the dot-stuffing and the final dot.
    expect(fakeApi.calls('console/command').at(-1)).toMatchObject({ command: 'DATA', argument: 'Subject: hi\n\n.leading dot\n' });
    wrapper.unmount();
  });

  it('a DATA message written and not sent counts as unsaved work (closing the window or switching profile asks)', async () => {
    const profiles = useProfilesStore();
    const wrapper = mountConsole();
    // The prefilled message is nothing to lose.
    expect(profiles.hasUnsavedEdits).toBe(false);
    await wrapper.get('[data-testid="console-data-body"]').setValue('Subject: outage report\n\nTyped by hand.\n');
    expect(profiles.hasUnsavedEdits).toBe(true);
    await wrapper.get('[data-testid="console-data-body"]').setValue('   ');
    expect(profiles.hasUnsavedEdits).toBe(false);
    await wrapper.get('[data-testid="console-data-body"]').setValue('Subject: outage report\n\nTyped by hand.\n');

    // Sent: the text is in the transcript, nothing left to lose.
    await wrapper.get('[data-testid="console-connect"]').trigger('click');
    await flushPromises();
    allowedAfter = ['DATA', 'QUIT', 'RAW'];
    await wrapper.get('[data-command="NOOP"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="console-data-send"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('console/command').at(-1)).toMatchObject({ command: 'DATA' });
    expect(profiles.hasUnsavedEdits).toBe(false);

    await wrapper.get('[data-testid="console-data-body"]').setValue('Subject: second\n\nNot sent.\n');
    expect(profiles.hasUnsavedEdits).toBe(true);
    wrapper.unmount();
    expect(profiles.hasUnsavedEdits).toBe(false);
  });

  it('the built-in test server profile can AUTH without a stored password (the server has its own account)', async () => {
    useProfilesStore().profiles = [{ ...profile, hasPassword: false, authUser: undefined, builtIn: 'sandbox' }];
    const wrapper = mountConsole();
    expect(wrapper.get('[data-testid="console-auth"]').text()).toContain("the built-in server's user");
    await wrapper.get('[data-testid="console-connect"]').trigger('click');
    await flushPromises();
    allowedAfter = ['AUTH', 'MAIL', 'QUIT', 'RAW'];
    await wrapper.get('[data-command="NOOP"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="console-auth-send"]').attributes('aria-disabled')).toBe('false');
    wrapper.unmount();
  });

  it('without a stored password AUTH stays disabled and says why', async () => {
    useProfilesStore().profiles = [{ ...profile, hasPassword: false }];
    const wrapper = mountConsole();
    await wrapper.get('[data-testid="console-connect"]').trigger('click');
    await flushPromises();
    allowedAfter = ['AUTH', 'MAIL', 'QUIT', 'RAW'];
    await wrapper.get('[data-command="NOOP"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="console-auth-send"]').attributes('aria-disabled')).toBe('true');
    const sent = fakeApi.calls('console/command').length;
    await wrapper.get('[data-testid="console-auth-send"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('console/command')).toHaveLength(sent);
    expect(wrapper.get('[data-testid="console-auth"]').text()).toContain('No password is stored');
    wrapper.unmount();
  });

  it('the command line sends one RAW line on Enter; line breaks cannot get in', async () => {
    const wrapper = mountConsole();
    await wrapper.get('[data-testid="console-connect"]').trigger('click');
    await flushPromises();
    const input = wrapper.get('[data-testid="console-raw"]');
    await input.setValue('NOOP\r\nQUIT');
    expect((input.element as HTMLInputElement).value).not.toMatch(/[\r\n]/);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    const sent = fakeApi.calls('console/command').at(-1)!;
    expect(sent.command).toBe('RAW');
    expect(sent.argument).toMatch(/^NOOP ?QUIT$/);
    expect((input.element as HTMLInputElement).value).toBe('');
    wrapper.unmount();
  });

  it('a pressed command keeps the keyboard focus while its reply is awaited; pressing again sends nothing', async () => {
    const wrapper = mountConsole();
    await wrapper.get('[data-testid="console-connect"]').trigger('click');
    await flushPromises();
    let answer: (value: unknown) => void = () => {};
    fakeApi.handle('console/command', () => new Promise((resolve) => (answer = resolve)) as never);
    const ehlo = wrapper.get('[data-command="EHLO"]');
    (ehlo.element as HTMLElement).focus();
    await ehlo.trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="console-status"]').text()).toBe('waiting for the reply…');
    expect(ehlo.attributes('disabled')).toBeUndefined();
    expect(ehlo.attributes('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(ehlo.element);
    await ehlo.trigger('click');
    await wrapper.get('[data-command="NOOP"]').trigger('click');
    await wrapper.get('[data-testid="console-data-send"]').trigger('click');
    expect(fakeApi.calls('console/command')).toHaveLength(1);
    answer({ ok: true, value: { reply: { code: 250, lines: ['ok'], raw: ['250 ok'] }, allowed: ['NOOP', 'QUIT', 'RAW'], closed: false } });
    await flushPromises();
    expect(document.activeElement).toBe(ehlo.element);
    wrapper.unmount();
  });

  it('the command line keeps the focus while its reply is awaited (read-only, not disabled)', async () => {
    const wrapper = mountConsole();
    await wrapper.get('[data-testid="console-connect"]').trigger('click');
    await flushPromises();
    fakeApi.handle('console/command', () => new Promise(() => {}) as never);
    const input = wrapper.get('[data-testid="console-raw"]');
    (input.element as HTMLElement).focus();
    await input.setValue('NOOP');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(input.attributes('disabled')).toBeUndefined();
    expect(input.attributes('readonly')).toBeDefined();
    expect(document.activeElement).toBe(input.element);
    wrapper.unmount();
  });

  it("shows the console's own transcript from console/transcript events of its console only", async () => {
    const wrapper = mountConsole();
    await wrapper.get('[data-testid="console-connect"]').trigger('click');
    await flushPromises();
    const consoleId = useConsoleStore().consoleId!;
    fakeApi.emit('console/transcript', { consoleId, events: [{ seq: 1, t: 1, dir: 'S', text: '220 sandbox ESMTP' }] });
    fakeApi.emit('console/transcript', { consoleId: '99999999-9999-4999-8999-999999999999', events: [{ seq: 1, t: 1, dir: 'S', text: '220 elsewhere' }] });
    await flushPromises();
    await new Promise((resolve) => requestAnimationFrame(resolve)); // the panel takes new lines once per frame
    await flushPromises();
    const lines = wrapper.findAll('[data-testid="transcript-line"]');
    expect(lines.map((l) => l.find('.tr-line__text').text())).toEqual(['220 sandbox ESMTP']);
    wrapper.unmount();
  });

  it('a closed connection disables everything again', async () => {
    const wrapper = mountConsole();
    await wrapper.get('[data-testid="console-connect"]').trigger('click');
    await flushPromises();
    fakeApi.handle('console/command', () => ({ ok: true, value: { reply: { code: 221, lines: ['bye'], raw: ['221 bye'] }, allowed: [], closed: true } }));
    await wrapper.get('[data-command="QUIT"]').trigger('click');
    await flushPromises();
    expect(enabledCommands(wrapper)).toEqual([]);
    expect(wrapper.get('[data-testid="console-status"]').text()).toBe('not connected');
    expect(wrapper.find('[data-testid="console-connect"]').exists()).toBe(true);
    wrapper.unmount();
  });
});

describe('ConsolePanel command line', () => {
  beforeEach(() => {
    useProfilesStore().profiles = [profile];
    fakeApi.handle('console/open', (input) => ({ ok: true, value: { consoleId: input.consoleId, greeting, allowed: ['EHLO', 'STARTTLS', 'AUTH', 'VRFY', 'NOOP', 'QUIT', 'RAW'] } }));
    fakeApi.handle('console/command', () => ({ ok: true, value: { reply: { code: 250, lines: ['ok'], raw: ['250 ok'] }, allowed: ['EHLO', 'STARTTLS', 'AUTH', 'VRFY', 'NOOP', 'QUIT', 'RAW'], closed: false } }));
    fakeApi.handle('console/close', (input) => ({ ok: true, value: { consoleId: input.consoleId } }));
  });

  async function connected() {
    const wrapper = mountConsole();
    await wrapper.get('[data-testid="console-connect"]').trigger('click');
    await flushPromises();
    return wrapper;
  }
  async function typeLine(wrapper: ReturnType<typeof mountConsole>, line: string): Promise<void> {
    await wrapper.get('[data-testid="console-raw"]').setValue(line);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
  }

  it('typed STARTTLS, AUTH <mechanism> and QUIT go through their own commands, not as raw lines', async () => {
    const wrapper = await connected();
    await typeLine(wrapper, 'starttls');
    await typeLine(wrapper, 'auth login');
    await typeLine(wrapper, 'Quit');
    expect(fakeApi.calls('console/command').map((c) => [c.command, c.argument])).toEqual([
      ['STARTTLS', undefined],
      ['AUTH', 'LOGIN'],
      ['QUIT', undefined],
    ]);
    wrapper.unmount();
  });

  it('AUTH with credentials on the line sends nothing, empties the line and keeps nothing of it in the history', async () => {
    const wrapper = await connected();
    await typeLine(wrapper, 'AUTH PLAIN AHVzZXIAc2VjcmV0');
    expect(fakeApi.calls('console/command')).toHaveLength(0);
    const input = wrapper.get('[data-testid="console-raw"]');
    expect((input.element as HTMLInputElement).value).toBe('');
    expect(wrapper.get('[data-testid="console-note"]').text()).toMatch(/Type AUTH PLAIN alone/);
    // The history of this profile (other tests typed lines too) never holds the credential.
    for (let i = 0; i < 10; i++) {
      await input.trigger('keydown', { key: 'ArrowUp' });
      expect((input.element as HTMLInputElement).value).not.toContain('AHVzZXIAc2VjcmV0');
    }
    wrapper.unmount();
  });

  it('↑ and ↓ recall the typed lines', async () => {
    const wrapper = await connected();
    await typeLine(wrapper, 'NOOP');
    await typeLine(wrapper, 'HELP SMTP');
    const input = wrapper.get('[data-testid="console-raw"]');
    await input.setValue('ex');
    await input.trigger('keydown', { key: 'ArrowUp' });
    expect((input.element as HTMLInputElement).value).toBe('HELP SMTP');
    await input.trigger('keydown', { key: 'ArrowUp' });
    expect((input.element as HTMLInputElement).value).toBe('NOOP');
    await input.trigger('keydown', { key: 'ArrowDown' });
    await input.trigger('keydown', { key: 'ArrowDown' });
    expect((input.element as HTMLInputElement).value).toBe('ex');
    wrapper.unmount();
  });

  it('VRFY pressed without an argument is not sent: the command line gets "VRFY " and the focus', async () => {
    const wrapper = await connected();
    const vrfy = wrapper.get('[data-command="VRFY"]');
    expect(vrfy.attributes('aria-disabled')).toBe('false');
    await vrfy.trigger('click');
    await flushPromises();
    expect(fakeApi.calls('console/command')).toHaveLength(0);
    const input = wrapper.get('[data-testid="console-raw"]');
    expect((input.element as HTMLInputElement).value).toBe('VRFY ');
    expect(document.activeElement).toBe(input.element);
    expect(wrapper.get('[data-testid="console-note"]').text()).toMatch(/VRFY needs an argument/);
    wrapper.unmount();
  });

  it('Save log downloads the text main returns (browser mode)', async () => {
    const wrapper = await connected();
    const consoleId = useConsoleStore().consoleId!;
    fakeApi.emit('console/transcript', { consoleId, events: [{ seq: 1, t: 1, dir: 'S', text: '220 sandbox ESMTP' }] });
    fakeApi.handle('console/save-log', () => ({ ok: true, value: { saved: false, text: 'SMTP Probe console log\n', fileName: 'smtp-probe-console-x.txt' } }));
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    await flushPromises();
    await wrapper.get('[data-testid="console-save-log"]').trigger('click');
    await flushPromises();
    expect(fakeApi.calls('console/save-log')).toEqual([{ consoleId }]);
    expect(created).toHaveBeenCalledTimes(1);
    expect(wrapper.get('[data-testid="console-note"]').text()).toBe('Session log downloaded as smtp-probe-console-x.txt.');
    created.mockRestore();
    wrapper.unmount();
  });
});

describe('console command helpers', async () => {
  const { CommandHistory, defaultArgument, routeTypedLine, singleLine } = await import('../../../../renderer/components/console/console-commands.ts');
  it('routeTypedLine: STARTTLS, AUTH, EHLO/HELO and QUIT in any case go to their commands; the rest is raw', () => {
    expect(routeTypedLine('  StartTLS ')).toEqual({ command: 'STARTTLS', remembered: 'STARTTLS' });
    expect(routeTypedLine('auth plain')).toEqual({ command: 'AUTH', argument: 'PLAIN', remembered: 'AUTH PLAIN' });
    expect(routeTypedLine('AUTH:login')).toEqual({ command: 'AUTH', argument: 'LOGIN', remembered: 'AUTH LOGIN' });
    expect(routeTypedLine('AUTH')).toEqual({ command: 'AUTH', argument: '', remembered: 'AUTH' });
    expect(routeTypedLine('ehlo client.example')).toEqual({ command: 'EHLO', argument: 'client.example', remembered: 'ehlo client.example' });
    expect(routeTypedLine('HELO')).toEqual({ command: 'HELO', argument: '', remembered: 'HELO' });
    expect(routeTypedLine('quit')).toEqual({ command: 'QUIT', remembered: 'QUIT' });
    expect(routeTypedLine('QUIT now')).toEqual({ command: 'RAW', argument: 'QUIT now', remembered: 'QUIT now' });
    expect(routeTypedLine('STARTTLS x')).toEqual({ command: 'RAW', argument: 'STARTTLS x', remembered: 'STARTTLS x' });
    expect(routeTypedLine('VRFY postmaster')).toEqual({ command: 'RAW', argument: 'VRFY postmaster', remembered: 'VRFY postmaster' });
  });
  it('routeTypedLine: a credential on an AUTH line, DATA and BDAT are not sent, with a note; the credential is not remembered', () => {
    for (const line of ['AUTH PLAIN AHUAcA==', 'auth\tlogin dXNlcg==', 'AUTH:PLAIN AHUAcA==']) {
      const r = routeTypedLine(line);
      expect(r).toEqual({ note: expect.stringMatching(/^Type AUTH (PLAIN|LOGIN) alone: .*Nothing was sent\.$/) });
    }
    expect(routeTypedLine('AUTH XOAUTH9')).toMatchObject({ note: expect.stringMatching(/^Unknown AUTH mechanism "XOAUTH9"/) });
    expect(routeTypedLine('data')).toMatchObject({ note: expect.stringMatching(/^DATA is not typed here: .*"DATA: send message"/), data: true });
    expect(routeTypedLine('BDAT 5 LAST')).toMatchObject({ note: expect.stringMatching(/^BDAT is not typed here/), data: true });
  });
  it('CommandHistory walks back and forth, keeps the draft, and keeps consecutive repeats once', () => {
    const h = new CommandHistory(3);
    expect(h.up('x')).toBeUndefined();
    for (const l of ['A', 'B', 'B', 'C', 'D']) h.add(l);
    expect(h.size).toBe(3);
    expect(h.up('draft')).toBe('D');
    expect(h.up('D')).toBe('C');
    expect(h.up('C')).toBe('B');
    expect(h.up('B')).toBeUndefined();
    expect(h.down()).toBe('C');
    expect(h.down()).toBe('D');
    expect(h.down()).toBe('draft');
    expect(h.down()).toBeUndefined();
  });
  it('singleLine removes CR, LF and NUL a paste could bring', () => {
    expect(singleLine('NOOP\r\nQUIT\0x')).toBe('NOOP QUIT x');
  });
  it('buttons send the typed argument, else the profile value', () => {
    expect(defaultArgument('EHLO', '', profile)).toBe('client.example');
    // No EHLO name in the profile: no argument, the engine uses its own default name.
    expect(defaultArgument('EHLO', '', { ...profile, ehloName: undefined })).toBeUndefined();
    expect(defaultArgument('MAIL', '', profile)).toBe('you@sandbox.smtp-probe.test');
    expect(defaultArgument('RCPT', ' other@x.test ', profile)).toBe('other@x.test');
    expect(defaultArgument('VRFY', '', profile)).toBeUndefined();
  });
});
