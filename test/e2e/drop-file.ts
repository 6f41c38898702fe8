/** A file dropped on the app's window, as the desktop's drag and drop delivers it (a DataTransfer with a File). */
import type { Page } from 'playwright-core';

interface DropGlobals {
  DataTransfer: new () => { items: { add(file: File): void } };
}

/** Drops a file with this text on the window, as the desktop's drag and drop does. */
export async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name: n, text: t }) => {
      const dt = new (globalThis as unknown as DropGlobals).DataTransfer();
      dt.items.add(new File([t], n, { type: 'application/json' }));
      return dt;
    },
    { name, text },
  );
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
}
