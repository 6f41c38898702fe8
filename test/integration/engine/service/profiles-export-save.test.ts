/**
 * Export all profiles in the desktop app goes through the same save dialog and atomic 0600 write as
 * a run export (the real createSaveFile with a scripted dialog); a host without a dialog (browser
 * mode) gets the text back to download, `saved` undefined.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createServiceHandlers, memorySecretStore, type ServiceHandlers } from '../../../../electron/engine/service/index.ts';
import { createSaveFile } from '../../../../electron/main/save-dialog.ts';
import { serviceFolder, value } from '../../../helpers/service-table.ts';

const folder = serviceFolder('smtp-probe-profiles-export-');

function make(saveFile?: ReturnType<typeof createSaveFile>): ServiceHandlers {
  return folder.keep(createServiceHandlers({ dataDir: path.join(folder.dir, 'data'), secrets: memorySecretStore(), host: saveFile ? 'electron' : 'browser', emit: () => undefined, ...(saveFile ? { saveFile } : {}) }));
}

describe('profiles/export with save', () => {
  it.skipIf(process.platform === 'win32')('desktop: written where the dialog says, 0600, and the result names the path', async () => {
    const target = path.join(folder.dir, 'profiles-export.json');
    await fsp.writeFile(target, 'old', { mode: 0o644 });
    const dialog = { showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: target })) };
    const service = make(createSaveFile(dialog as never, () => null, () => folder.dir));
    const result = value(await service['profiles/export']({ save: true }));
    expect(result).toMatchObject({ saved: true, path: target });
    expect(JSON.parse(await fsp.readFile(target, 'utf8')).format).toBe('smtp-probe-profiles');
    expect((await fsp.stat(target)).mode & 0o777).toBe(0o600);
  });

  it('desktop, dialog cancelled: saved false, nothing written', async () => {
    const dialog = { showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })) };
    const service = make(createSaveFile(dialog as never, () => null, () => folder.dir));
    expect(value(await service['profiles/export']({ save: true })).saved).toBe(false);
  });

  it('browser mode: the text comes back to download, saved undefined', async () => {
    const result = value(await make()['profiles/export']({ save: true }));
    expect(result.saved).toBeUndefined();
    expect(JSON.parse(result.json).format).toBe('smtp-probe-profiles');
  });
});
