// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount } from '@vue/test-utils';
import ExportDialog from '../../../../renderer/components/export/ExportDialog.vue';
import { api } from '../../../../renderer/services/api.ts';
import { mountWithApp, settle } from '../shell-mount.ts';

vi.mock('../../../../renderer/services/api.ts', () => ({ api: { invoke: vi.fn(), on: vi.fn(() => () => {}) } }));
const invoke = vi.mocked(api.invoke);
enableAutoUnmount(afterEach);

const ids = { profileId: '11111111-1111-4111-8111-111111111111', runId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' };

function buttonByText(text: string): HTMLButtonElement {
  const found = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (found === undefined) throw new Error(`no button ${text}`);
  return found;
}

beforeEach(() => {
  invoke.mockReset();
  invoke.mockImplementation((async (channel: string, input: { format: string }) => {
    if (channel === 'export/render') return { ok: true, value: { text: `report as ${input.format}`, fileName: 'r.txt', mime: 'text/plain' } };
    return { ok: true, value: { saved: false, text: 'saved text', fileName: 'smtp-probe.md', mime: 'text/markdown' } };
  }) as typeof api.invoke);
});

describe('ExportDialog', () => {
  it('renders the chosen format, says credentials are redacted, and re-renders on a format change', async () => {
    mountWithApp(ExportDialog, { props: { ...ids, visible: true } });
    await settle();
    expect(invoke).toHaveBeenCalledWith('export/render', { ...ids, format: 'txt' });
    expect(document.body.textContent).toContain('Credentials are redacted');
    expect(document.querySelector<HTMLTextAreaElement>('textarea')?.value).toBe('report as txt');
    buttonByText('Markdown').click();
    await settle();
    expect(invoke).toHaveBeenCalledWith('export/render', { ...ids, format: 'md' });
    expect(document.querySelector<HTMLTextAreaElement>('textarea')?.value).toBe('report as md');
  });

  it('copies the rendered text to the clipboard', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    mountWithApp(ExportDialog, { props: { ...ids, visible: true } });
    await settle();
    buttonByText('Copy to clipboard').click();
    await settle();
    expect(writeText).toHaveBeenCalledWith('report as txt');
  });

  it('downloads the returned text in browser mode (export/save without a native dialog)', async () => {
    const createObjectURL = vi.fn(() => 'blob:fake');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicks: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    });
    mountWithApp(ExportDialog, { props: { ...ids, visible: true } });
    await settle();
    buttonByText('Save…').click();
    await settle();
    expect(invoke).toHaveBeenCalledWith('export/save', { ...ids, format: 'txt' });
    expect(clicks).toEqual(['smtp-probe.md']);
    const blob = (createObjectURL.mock.calls[0] as unknown as [Blob])[0];
    expect(await blob.text()).toBe('saved text');
    click.mockRestore();
  });
});
