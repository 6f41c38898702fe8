/**
 * File > Open report: the native open dialog, for one JSON file. Main reads and checks the file
 * (report/choose in the service); the page gets the checked report, never a path to read itself.
 */
import type { BrowserWindow, Dialog } from 'electron';

export function createChooseReportFile(dialog: Pick<Dialog, 'showOpenDialog'>, window: () => BrowserWindow | null, defaultFolder: () => string) {
  return async (): Promise<string | undefined> => {
    const options = {
      title: 'Open report',
      defaultPath: defaultFolder(),
      filters: [
        { name: 'SMTP Probe report (JSON)', extensions: ['json'] },
        { name: 'All files', extensions: ['*'] },
      ],
      properties: ['openFile'] as 'openFile'[],
    };
    const parent = window();
    const choice = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return choice.canceled ? undefined : choice.filePaths[0];
  };
}
