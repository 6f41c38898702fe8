// @vitest-environment happy-dom
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { TranscriptEvent } from '../../../../shared/transcript.ts';
import { fakeApi } from '../wizard/fake-api.ts';
import { primeVue, useComponentTestSetup } from './mount-helpers.ts';
import { loadLazyViews } from '../lazy-views.ts';

vi.mock('../../../../renderer/services/api.ts', async () => (await import('../wizard/fake-api.ts')).apiModule());

const TranscriptPanel = (await import('../../../../renderer/components/transcript/TranscriptPanel.vue')).default;
const { createTranscriptLines } = await import('../../../../renderer/stores/transcript-lines.ts');

const lines: TranscriptEvent[] = [
  { seq: 1, t: 0.5, dir: 'info', text: 'connecting to 127.0.0.1 port 25' },
  { seq: 2, t: 40.2, dir: 'S', text: '220 mail.example.net ESMTP', elapsedMs: 39.7 },
  { seq: 3, t: 41, dir: 'C', text: 'EHLO client.example' },
  { seq: 4, t: 43, dir: 'S', text: '250-mail.example.net' },
  { seq: 5, t: 43, dir: 'S', text: '250 PIPELINING', elapsedMs: 2 },
  { seq: 6, t: 44, dir: 'C', text: 'RCPT TO:<b@example.org>' },
  { seq: 7, t: 45, dir: 'S', text: '554 5.7.1 <b@example.org>: Relay access denied', elapsedMs: 1 },
  { seq: 8, t: 46, dir: 'tls', text: 'TLSv1.3 TLS_AES_256_GCM_SHA384' },
  { seq: 9, t: 47, dir: 'error', text: 'connection reset' },
];

function mountPanel(items: readonly TranscriptEvent[]) {
  return mount(TranscriptPanel, { props: { lines: items }, global: { plugins: [primeVue] }, attachTo: document.body });
}

useComponentTestSetup();

// The views that load on first use, loaded ahead so that they are drawn at once.
beforeAll(loadLazyViews);

describe('TranscriptPanel', () => {


  it('renders only a window of 100,000 lines (virtualized)', async () => {
    const many: TranscriptEvent[] = Array.from({ length: 100_000 }, (_, i) => ({ seq: i + 1, t: i, dir: i % 2 ? 'C' : 'S', text: `250-line ${i}` }));
    const wrapper = mountPanel(many);
    await flushPromises();
    const rows = wrapper.findAll('[data-testid="transcript-line"]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(200);
    expect(wrapper.get('[data-testid="transcript-count"]').text()).toBe('100000 lines');
    wrapper.unmount();
  });

  it('styles lines by direction: sent, received, info, tls, error', async () => {
    const wrapper = mountPanel(lines);
    await flushPromises();
    const rows = wrapper.findAll('[data-testid="transcript-line"]');
    expect(rows).toHaveLength(lines.length);
    expect(rows[0]!.classes()).toContain('tr-line--info');
    expect(rows[1]!.classes()).toContain('tr-line--S');
    expect(rows[2]!.classes()).toContain('tr-line--C');
    expect(rows[7]!.classes()).toContain('tr-line--tls');
    expect(rows[8]!.classes()).toContain('tr-line--error');
    // Time since start and the per-command milliseconds on the last line of a reply.
    expect(rows[1]!.text()).toContain('40.2 ms');
    expect(rows[1]!.text()).toContain('(40 ms)');
    wrapper.unmount();
  });

  it('shows a hostile banner literally: no element made from it, the bidi override visible', async () => {
    const wrapper = mountPanel([{ seq: 1, t: 1, dir: 'S', text: '220 <img src=x onerror=alert(1)>\u202E' }]);
    await flushPromises();
    expect(document.querySelector('img')).toBeNull();
    const row = wrapper.get('[data-testid="transcript-line"]');
    expect(row.text()).toContain('220 <img src=x onerror=alert(1)>⟨U+202E⟩');
    expect(row.text()).not.toContain('\u202E');
    wrapper.unmount();
  });

  it('search highlights the matches and steps through them with next / previous', async () => {
    const wrapper = mountPanel(lines);
    await flushPromises();
    await wrapper.get('[data-testid="transcript-search"]').setValue('mail.example');
    await flushPromises();
    expect(wrapper.get('[data-testid="transcript-matches"]').text()).toBe('1 of 2');
    const marked = wrapper.findAll('.tr-line--match');
    expect(marked).toHaveLength(2);
    expect(marked[0]!.get('mark').text()).toBe('mail.example');
    expect(wrapper.findAll('.tr-line--current')[0]!.text()).toContain('220 mail.example.net');
    await wrapper.get('[data-testid="search-next"]').trigger('click');
    expect(wrapper.get('[data-testid="transcript-matches"]').text()).toBe('2 of 2');
    expect(wrapper.findAll('.tr-line--current')[0]!.text()).toContain('250-mail.example.net');
    await wrapper.get('[data-testid="search-next"]').trigger('click');
    expect(wrapper.get('[data-testid="transcript-matches"]').text()).toBe('1 of 2');
    await wrapper.get('[data-testid="search-prev"]').trigger('click');
    expect(wrapper.get('[data-testid="transcript-matches"]').text()).toBe('2 of 2');
    await wrapper.get('[data-testid="transcript-search"]').setValue('nothing like this');
    expect(wrapper.get('[data-testid="transcript-matches"]').text()).toBe('No match');
    wrapper.unmount();
  });

  it('clicking a server reply opens its explanation; a sent line opens nothing', async () => {
    const wrapper = mountPanel(lines);
    await flushPromises();
    const rows = wrapper.findAll('[data-testid="transcript-line"]');
    await rows[2]!.trigger('click');
    await flushPromises();
    expect(document.querySelector('[data-testid="reply-explain-dialog"]')).toBeNull();
    await rows[6]!.trigger('click');
    await flushPromises();
    const dialog = document.querySelector('[data-testid="reply-explain-dialog"]');
    expect(dialog).not.toBeNull();
    expect(dialog!.querySelector('[data-testid="explained-reply"]')!.textContent).toBe('554 5.7.1 <b@example.org>: Relay access denied');
    expect(dialog!.textContent).toContain('Enhanced code 5.7.1');
    expect(dialog!.textContent).toContain('What to do');
    // The references open through main's fixed list, by id.
    fakeApi.handle('external/open', () => ({ ok: true, value: { opened: true } }));
    const iana = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Enhanced status codes (IANA)'));
    iana!.click();
    await flushPromises();
    expect(fakeApi.calls('external/open')).toEqual([{ link: 'iana-enhanced-codes' }]);
    wrapper.unmount();
  });

  it('a receiver\'s own wording shows who said it, the cause, how to fix and their page, opened by id', async () => {
    const wrapper = mountPanel([
      { seq: 1, t: 1, dir: 'S', text: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.', elapsedMs: 1 },
    ]);
    await flushPromises();
    await wrapper.get('[data-testid="transcript-line"]').trigger('click');
    await flushPromises();
    const provider = document.querySelector('[data-testid="explain-provider"]');
    expect(provider!.querySelector('[data-testid="explain-receiver"]')!.textContent).toBe('Microsoft 365 / Exchange Online');
    expect(provider!.querySelector('[data-testid="explain-cause"]')!.textContent).toMatch(/SMTP AUTH/);
    expect(provider!.querySelector('[data-testid="explain-fix"]')!.textContent).toContain('Set-CASMailbox');
    // The receiver's block comes before the code-level explanation.
    const dialogText = document.querySelector('[data-testid="reply-explain-dialog"]')!.textContent ?? '';
    expect(dialogText.indexOf('How to fix')).toBeLessThan(dialogText.indexOf('Likely causes'));
    fakeApi.handle('external/open', () => ({ ok: true, value: { opened: true } }));
    (provider!.querySelector('[data-testid="explain-provider-link"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(fakeApi.calls('external/open')).toEqual([{ link: 'reply:exo-smtp-auth-disabled-tenant' }]);
    wrapper.unmount();
  });

  it('a reply that is no receiver\'s wording has no provider block', async () => {
    const wrapper = mountPanel([{ seq: 1, t: 1, dir: 'S', text: '550 5.7.1 Delivery not authorized', elapsedMs: 1 }]);
    await flushPromises();
    await wrapper.get('[data-testid="transcript-line"]').trigger('click');
    await flushPromises();
    expect(document.querySelector('[data-testid="reply-explain-dialog"]')).not.toBeNull();
    expect(document.querySelector('[data-testid="explain-provider"]')).toBeNull();
    wrapper.unmount();
  });

  it('a click on any line of a multi-line reply explains the whole reply', async () => {
    const wrapper = mountPanel(lines);
    await flushPromises();
    await wrapper.findAll('[data-testid="transcript-line"]')[3]!.trigger('click');
    await flushPromises();
    expect(document.querySelector('[data-testid="explained-reply"]')!.textContent).toBe('250-mail.example.net\n250 PIPELINING');
    wrapper.unmount();
  });

  it('the lines are one Tab stop: arrows move the current line, Enter explains a server reply', async () => {
    const wrapper = mountPanel(lines);
    await flushPromises();
    const list = wrapper.get('[role="listbox"]');
    expect(list.attributes('tabindex')).toBe('0');
    // No line is a Tab stop of its own.
    expect(wrapper.findAll('[data-testid="transcript-line"]').every((row) => row.attributes('tabindex') === undefined)).toBe(true);
    const current = () => wrapper.find('[aria-selected="true"]');
    expect(current().exists()).toBe(false);
    await list.trigger('keydown', { key: 'Home' });
    expect(current().text()).toContain('connecting to 127.0.0.1');
    expect(list.attributes('aria-activedescendant')).toBe(current().attributes('id'));
    // Enter on a line we did not receive explains nothing.
    await list.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(document.querySelector('[data-testid="explained-reply"]')).toBeNull();
    await list.trigger('keydown', { key: 'ArrowDown' });
    await list.trigger('keydown', { key: 'ArrowDown' });
    await list.trigger('keydown', { key: 'ArrowDown' });
    expect(current().text()).toContain('250-mail.example.net');
    await list.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(document.querySelector('[data-testid="explained-reply"]')!.textContent).toBe('250-mail.example.net\n250 PIPELINING');
    // End goes to the last line; moving never leaves the list.
    await list.trigger('keydown', { key: 'End' });
    await list.trigger('keydown', { key: 'ArrowDown' });
    expect(current().text()).toContain('connection reset');
    wrapper.unmount();
  });

  it('Copy all puts the ticket text on the clipboard', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    const wrapper = mountPanel(lines);
    await flushPromises();
    await wrapper.get('[data-testid="transcript-copy"]').trigger('click');
    await flushPromises();
    const text = (writeText.mock.calls[0] as unknown as [string])[0];
    expect(text.split('\n')[1]).toBe('[     40.2 ms] <- 220 mail.example.net ESMTP  (40 ms)');
    expect(text.split('\n')[2]).toBe('[     41.0 ms] -> EHLO client.example');
    expect(wrapper.get('[data-testid="transcript-copy-status"]').text()).toBe('Copied 9 lines');
    wrapper.unmount();
  });

  it("shows each batch of its owner's transcript as it is given, at once", async () => {
    const owner = createTranscriptLines();
    owner.append([lines[0]!]);
    const wrapper = mountPanel(owner.shown.value);
    await flushPromises();
    owner.append([lines[1]!, lines[2]!]);
    await wrapper.setProps({ lines: owner.shown.value });
    // No frame of its own to wait for: the service batches, the panel draws what it is given.
    expect(wrapper.findAll('[data-testid="transcript-line"]')).toHaveLength(3);
    expect(wrapper.get('[data-testid="transcript-count"]').text()).toBe('3 lines');
    wrapper.unmount();
  });

  it('the current line starts over with another transcript, not when the same one grows', async () => {
    const owner = createTranscriptLines();
    owner.append(lines.slice(0, 3));
    const wrapper = mountPanel(owner.shown.value);
    await flushPromises();
    const list = wrapper.get('[role="listbox"]');
    await list.trigger('keydown', { key: 'ArrowDown' });
    expect(list.attributes('aria-activedescendant')).toMatch(/-line-0$/);
    owner.append(lines.slice(3, 5));
    await wrapper.setProps({ lines: owner.shown.value });
    expect(list.attributes('aria-activedescendant')).toMatch(/-line-0$/);
    owner.clear();
    owner.append(lines.slice(5));
    await wrapper.setProps({ lines: owner.shown.value });
    expect(wrapper.get('[role="listbox"]').attributes('aria-activedescendant')).toBeUndefined();
    wrapper.unmount();
  });
});
