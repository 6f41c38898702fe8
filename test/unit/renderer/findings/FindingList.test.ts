// @vitest-environment happy-dom
/** The app shows a finding's hint in its own form: the profile's control, never a command-line flag. */
import { mount } from '@vue/test-utils';
import PrimeVue from 'primevue/config';
import { describe, expect, it } from 'vitest';
import { makeFinding } from '../../../../shared/findings.ts';
import FindingList from '../../../../renderer/components/findings/FindingList.vue';

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
});
