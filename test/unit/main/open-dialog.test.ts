import { describe, expect, it, vi } from 'vitest';
import { createChooseReportFile } from '../../../electron/main/open-dialog.ts';

describe('createChooseReportFile', () => {
  it('asks for one JSON file in the documents folder, over the window, and returns its path', async () => {
    const dialog = { showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/home/me/ticket.json'] })) };
    const window = { id: 1 };
    const choose = createChooseReportFile(dialog as never, () => window as never, () => '/home/me/Documents');
    await expect(choose()).resolves.toBe('/home/me/ticket.json');
    const [parent, options] = dialog.showOpenDialog.mock.calls[0] as unknown as [unknown, { defaultPath: string; filters: { extensions: string[] }[]; properties: string[] }];
    expect(parent).toBe(window);
    expect(options.defaultPath).toBe('/home/me/Documents');
    expect(options.filters[0]!.extensions).toEqual(['json']);
    // One file only: no multiSelections, no folders.
    expect(options.properties).toEqual(['openFile']);
  });

  it('returns undefined when the dialog is closed without a file', async () => {
    const dialog = { showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })) };
    await expect(createChooseReportFile(dialog as never, () => null, () => '/tmp')()).resolves.toBeUndefined();
    // Without a window the dialog is shown on its own.
    expect(dialog.showOpenDialog.mock.calls[0]).toHaveLength(1);
  });
});
