import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSaveFile, safeFileName } from '../../../electron/main/save-dialog.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('createSaveFile', () => {
  it('writes the text where the user chose, with no temporary file left behind', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'save-dialog-'));
    dirs.push(dir);
    const target = path.join(dir, 'ticket.md');
    const dialog = { showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: target })) };
    const save = createSaveFile(dialog as never, () => null, () => '/home/me/Documents');
    await expect(save('run-2026.md', '# transcript')).resolves.toEqual({ saved: true, path: target });
    expect(readFileSync(target, 'utf8')).toBe('# transcript');
    expect(readdirSync(dir)).toEqual(['ticket.md']);
    const options = (dialog.showSaveDialog.mock.calls[0] as unknown[])[0] as { defaultPath: string; filters: { extensions: string[] }[] };
    expect(options.defaultPath).toBe(path.join('/home/me/Documents', 'run-2026.md'));
    expect(options.filters[0]!.extensions).toEqual(['md']);
  });

  it.skipIf(process.platform === 'win32')('writes the export 0600, also over an existing 0644 file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'save-dialog-'));
    dirs.push(dir);
    const target = path.join(dir, 'ticket.html');
    writeFileSync(target, 'old', { mode: 0o644 });
    const dialog = { showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: target })) };
    await createSaveFile(dialog as never, () => null, () => dir)('run.html', '<html>');
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it('suggests the base name only, in the default folder, whatever folders the suggested name carries', async () => {
    const dialog = { showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })) };
    const save = createSaveFile(dialog as never, () => null, () => '/home/me/Documents');
    for (const suggested of ['../../.ssh/authorized_keys.txt', '/etc/cron.d/x.txt', '..\\..\\Startup\\x.txt']) await save(suggested, 'text');
    const folders = dialog.showSaveDialog.mock.calls.map((call) => path.dirname(((call as unknown[])[0] as { defaultPath: string }).defaultPath));
    expect(folders).toEqual(Array(3).fill(path.join('/home/me/Documents')));
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const dialog = { showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })) };
    const save = createSaveFile(dialog as never, () => null, () => os.tmpdir());
    await expect(save('x.txt', 'text')).resolves.toEqual({ saved: false });
  });
});

describe('safeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\win.ini', 'win.ini'],
    ['a:b*c?.txt', 'a_b_c_.txt'],
    ['..', 'export.txt'],
    ['', 'export.txt'],
    ['report.html', 'report.html'],
  ])('%s -> %s', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });
});
