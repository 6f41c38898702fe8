// @vitest-environment happy-dom
/** The app shows a finding's hint in its own form: the profile's control, never a command-line flag. */
import { mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { makeFinding } from '../../../../shared/findings.ts';
import FindingList from '../../../../renderer/components/findings/FindingList.vue';
import { api } from '../../../../renderer/services/api.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn() } }));
const invoke = vi.mocked(api.invoke);

describe('FindingList', () => {
  it('shows the app form of a hint that names a flag on the command line', () => {
    const finding = makeFinding('rcpt.relay-denied', { to: 'b@elsewhere.test', reply: '554 5.7.1 Relay access denied' });
    expect(finding.hint).toContain('--auth-user');
    const wrapper = mount(FindingList, { props: { findings: [finding] }, global: { plugins: [PrimeVue] } });
    const hint = wrapper.get('.finding__hint').text();
    expect(hint).toContain("profile's User name and Password");
    expect(hint).not.toMatch(/--[a-z]/);
  });

  it('shows the one hint of a finding that names no flag', () => {
    const finding = makeFinding('rcpt.greylisted', { to: 'b@x.test', reply: '451 4.7.1 later' });
    const wrapper = mount(FindingList, { props: { findings: [finding] }, global: { plugins: [PrimeVue] } });
    expect(wrapper.get('.finding__hint').text()).toContain(finding.hint);
  });

  it('links a finding from a known wording to its page, opened by main through its id only', async () => {
    invoke.mockReset();
    invoke.mockResolvedValue({ ok: true, value: { opened: true } } as never);
    const known = { receiver: 'Postfix', cause: 'Not from a trusted network.', fix: ['Log in first.'], link: { id: 'reply:postfix-relay-denied' as const, title: 'Postfix postconf(5): reject_unauth_destination' } };
    const finding = makeFinding('rcpt.relay-denied', { to: '<b@elsewhere.test>', reply: '554 5.7.1 <a href="https://evil.example/">x</a> Relay access denied' }, { known });
    const wrapper = mount(FindingList, { props: { findings: [finding] }, global: { plugins: [PrimeVue] } });
    const link = wrapper.get('[data-testid="finding-page-link"]');
    expect(link.element.tagName).toBe('BUTTON');
    expect(link.text()).toContain('reject_unauth_destination');
    // Server text stays text: no element, and no URL the page could open, comes from the reply.
    expect(wrapper.findAll('a')).toHaveLength(0);
    expect(wrapper.get('.finding__message').text()).toContain('<a href="https://evil.example/">x</a>');
    await link.trigger('click');
    await flushPromises();
    expect(invoke).toHaveBeenCalledExactlyOnceWith('external/open', { link: 'reply:postfix-relay-denied' });
  });

  it('in browser mode opens the page main resolved from the id in a new tab, without opener or referrer', async () => {
    invoke.mockReset();
    const url = 'https://www.postfix.org/postconf.5.html#reject_unauth_destination';
    invoke.mockResolvedValue({ ok: true, value: { opened: false, url } } as never);
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const finding = { ...makeFinding('rcpt.relay-denied', { to: '<b@x.test>', reply: '554 5.7.1 Relay access denied' }), link: { id: 'reply:postfix-relay-denied' as const, title: 'Postfix postconf(5): reject_unauth_destination' } };
    const wrapper = mount(FindingList, { props: { findings: [finding] }, global: { plugins: [PrimeVue] } });
    await wrapper.get('[data-testid="finding-page-link"]').trigger('click');
    await flushPromises();
    expect(invoke).toHaveBeenCalledExactlyOnceWith('external/open', { link: 'reply:postfix-relay-denied' });
    expect(open).toHaveBeenCalledExactlyOnceWith(url, '_blank', 'noopener,noreferrer');
    expect(wrapper.find('.finding-page [role="status"]').exists()).toBe(false);
    open.mockRestore();
  });

  it('opens no tab when the desktop host opened the page, or when main refused it', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const finding = { ...makeFinding('rcpt.unknown-user', { to: '<b@x.test>', reply: '550 5.1.1 no' }), link: { id: 'reply:gone' as const, title: 'Gone' } };
    for (const answer of [{ ok: true, value: { opened: true } }, { ok: false, error: { code: 'EFORBIDDEN', message: 'refused' } }]) {
      invoke.mockReset();
      invoke.mockResolvedValue(answer as never);
      const wrapper = mount(FindingList, { props: { findings: [finding] }, global: { plugins: [PrimeVue] } });
      await wrapper.get('[data-testid="finding-page-link"]').trigger('click');
      await flushPromises();
      expect(invoke).toHaveBeenCalledOnce();
    }
    expect(open).not.toHaveBeenCalled();
    open.mockRestore();
  });

  it('says so when main refuses to open the page', async () => {
    invoke.mockReset();
    invoke.mockResolvedValue({ ok: false, error: { code: 'EFORBIDDEN', message: 'Only the built-in documentation links can be opened' } } as never);
    const finding = { ...makeFinding('rcpt.unknown-user', { to: '<b@x.test>', reply: '550 5.1.1 no' }), link: { id: 'reply:gone' as const, title: 'Gone' } };
    const wrapper = mount(FindingList, { props: { findings: [finding] }, global: { plugins: [PrimeVue] } });
    await wrapper.get('[data-testid="finding-page-link"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('.finding-page [role="status"]').text()).toBe('Only the built-in documentation links can be opened');
  });

  it('shows no link for a finding without a page', () => {
    const wrapper = mount(FindingList, { props: { findings: [makeFinding('rcpt.greylisted', { to: 'b@x.test', reply: '451 4.7.1 later' })] }, global: { plugins: [PrimeVue] } });
    expect(wrapper.find('[data-testid="finding-page-link"]').exists()).toBe(false);
  });
});
