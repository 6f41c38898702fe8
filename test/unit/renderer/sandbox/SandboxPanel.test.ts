// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import type { EventPayloads } from '../../../../shared/ipc/contract.ts';
import SandboxPanel from '../../../../renderer/components/sandbox/SandboxPanel.vue';
import { api } from '../../../../renderer/services/api.ts';
import { mountWithApp, settle } from '../shell-mount.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn() } }));
const invoke = vi.mocked(api.invoke);
const on = vi.mocked(api.on);
enableAutoUnmount(afterEach);

const behaviours = { denyRelay: false, greylist: false, rejectAuth: false, slowBannerMs: 0 };
const running = { running: true, host: '127.0.0.1', smtpPort: 2525, tlsPort: 4650, hostname: 'sandbox.smtp-probe.test', user: 'probe', password: 'k3y-8f2a', authMechanisms: ['PLAIN', 'LOGIN', 'CRAM-MD5', 'NTLM'], behaviours };
let sandboxEvent: ((p: EventPayloads['sandbox/event']) => void) | undefined;
let messages: unknown[];

beforeEach(() => {
  messages = [];
  on.mockReset();
  on.mockImplementation(((_channel: string, listener: (p: EventPayloads['sandbox/event']) => void) => {
    sandboxEvent = listener;
    return () => {};
  }) as typeof api.on);
  invoke.mockReset();
  invoke.mockImplementation((async (channel: string, input: Record<string, unknown>) => {
    switch (channel) {
      case 'sandbox/status':
        return { ok: true, value: { running: false } };
      case 'sandbox/start':
        return { ok: true, value: running };
      case 'sandbox/messages':
        return { ok: true, value: messages };
      case 'sandbox/set-behaviours':
        return { ok: true, value: { ...behaviours, ...input } };
      default:
        return { ok: true, value: { running: false } };
    }
  }) as typeof api.invoke);
});

function button(label: string): HTMLButtonElement {
  const found = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === label);
  if (found === undefined) throw new Error(`no button ${label}`);
  return found;
}

describe('SandboxPanel', () => {
  it('starts the server and shows where it listens and its throwaway credentials', async () => {
    const wrapper = mountWithApp(SandboxPanel);
    await settle();
    expect(wrapper.text()).toContain('stopped');
    button('Start').click();
    await settle();
    expect(invoke).toHaveBeenCalledWith('sandbox/start', {});
    expect(wrapper.text()).toContain('2525');
    expect(wrapper.text()).toContain('4650');
    expect(wrapper.text()).toContain('probe');
    expect(wrapper.text()).toContain('k3y-8f2a');
    // The mechanisms it offers, NTLM with the logon name to give it.
    expect(wrapper.get('[data-testid="sandbox-auth-mechanisms"]').text()).toBe('PLAIN, LOGIN, CRAM-MD5, NTLM (after TLS; NTLM takes the user with any domain, e.g. SANDBOX\\probe, or none)');
    expect(button('Stop')).toBeDefined();
  });

  it('shows Start as busy without disabling it (keyboard focus stays on it) and ignores a second press', async () => {
    let finish: (value: unknown) => void = () => {};
    invoke.mockImplementation((async (channel: string) => {
      if (channel === 'sandbox/start') return new Promise<unknown>((resolve) => (finish = () => resolve({ ok: true, value: running })));
      if (channel === 'sandbox/messages') return { ok: true, value: [] };
      return { ok: true, value: { running: false } };
    }) as typeof api.invoke);
    mountWithApp(SandboxPanel);
    await settle();
    const start = button('Start');
    start.click();
    await settle();
    expect(start.disabled).toBe(false);
    expect(start.getAttribute('aria-busy')).toBe('true');
    start.click();
    await settle();
    expect(invoke.mock.calls.filter(([channel]) => channel === 'sandbox/start')).toHaveLength(1);
    finish(undefined);
    await settle();
    expect(button('Stop').getAttribute('aria-busy')).toBe('false');
  });

  it('sends a behaviour toggle with sandbox/set-behaviours', async () => {
    const wrapper = mountWithApp(SandboxPanel);
    await settle();
    button('Start').click();
    await settle();
    const label = wrapper.findAll('label').find((l) => l.text().startsWith('Greylist'));
    await wrapper.find(`#${CSS.escape(label?.attributes('for') ?? '')}`).trigger('change');
    await settle();
    expect(invoke).toHaveBeenCalledWith('sandbox/set-behaviours', { greylist: true });
  });

  it('refreshes the inbox on a sandbox/event and renders server text literally', async () => {
    const wrapper = mountWithApp(SandboxPanel);
    await settle();
    messages = [{ id: 'm1', receivedAt: '2026-01-01T10:00:00Z', from: 'a@sandbox.test', to: ['b@sandbox.test'], subject: 'Hi <img src=x onerror=alert(1)>', sizeOctets: 321, tls: true }];
    sandboxEvent?.({ text: 'message m1 accepted', t: '2026-01-01T10:00:00Z' });
    await settle();
    expect(wrapper.text()).toContain('Inbox (1)');
    expect(wrapper.text()).toContain('Hi <img src=x onerror=alert(1)>');
    expect(wrapper.find('img').exists()).toBe(false);
  });

  it('View opens the received message as stored, as text: control characters visible, no markup, the cut said', async () => {
    const id = '20261124T030315891Z-91f8e4d1';
    messages = [{ id, receivedAt: '2026-11-24T03:03:15Z', from: 'me@sandbox.test', to: ['you@sandbox.test'], subject: 'Report', sizeOctets: 2_000_000, tls: true }];
    const stored = 'Received: from client\r\nSubject: Report\r\n\r\n<b>bold?</b>\x1b[2J\r\n';
    const base = invoke.getMockImplementation()!;
    invoke.mockImplementation((async (channel: string, input: Record<string, unknown>) => {
      if (channel === 'sandbox/message') return { ok: true, value: { id: input.id, text: stored, truncated: true, sizeOctets: 2_000_000 } };
      return base(channel as never, input as never);
    }) as typeof api.invoke);
    const wrapper = mountWithApp(SandboxPanel);
    await settle();
    const view = wrapper.get('[data-testid="inbox-view"]');
    expect(view.attributes('aria-label')).toBe('View the message "Report" from me@sandbox.test');
    await view.trigger('click');
    await settle();
    expect(invoke).toHaveBeenCalledWith('sandbox/message', { id });
    const text = document.querySelector('[data-testid="inbox-message-text"]');
    expect(text?.textContent).toBe('Received: from client\nSubject: Report\n\n<b>bold?</b>\\x1b[2J\n');
    expect(text?.querySelector('b')).toBeNull();
    expect(document.body.textContent).toContain('Only the first 1 MiB is shown');
  });
});
