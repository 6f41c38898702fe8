/**
 * "Save as" for exports: the native save dialog, then an atomic write of the text (temp file, fsync, rename:
 * the store's writeFileAtomic). The suggested name
 * comes from the service; only its base name is used, so it can never point into another folder.
 */
import path from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import { writeFileAtomic } from '../engine/store/atomic-file.ts';

export interface SaveFileResult {
  saved: boolean;
  path?: string;
}

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  '.txt': { name: 'Text', extensions: ['txt'] },
  '.md': { name: 'Markdown', extensions: ['md'] },
  '.html': { name: 'HTML', extensions: ['html'] },
  '.json': { name: 'JSON', extensions: ['json'] },
};

/** A file name without folders or characters Windows refuses. */
export function safeFileName(suggested: string): string {
  const base = path.basename(suggested.replace(/\\/g, '/')).replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_').trim();
  return base.length > 0 && base !== '.' && base !== '..' ? base.slice(0, 200) : 'export.txt';
}

export function createSaveFile(dialog: Pick<Dialog, 'showSaveDialog'>, window: () => BrowserWindow | null, defaultFolder: () => string) {
  return async (suggestedName: string, text: string): Promise<SaveFileResult> => {
    const name = safeFileName(suggestedName);
    const filter = FILTERS[path.extname(name).toLowerCase()];
    const options = {
      title: 'Save export',
      defaultPath: path.join(defaultFolder(), name),
      filters: [...(filter ? [filter] : []), { name: 'All files', extensions: ['*'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'] as ('createDirectory' | 'showOverwriteConfirmation')[],
    };
    const parent = window();
    const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { saved: false };
    await writeFileAtomic(choice.filePath, text);
    return { saved: true, path: choice.filePath };
  };
}
