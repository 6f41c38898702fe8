/**
 * PuTTY's session log: the console's transcript as a .txt, written by main from the lines it sent
 * (scrubbed of the profile's secrets there): the desktop's save dialog, or a download in browser mode.
 */
import { visibleText } from '../../../shared/visible-text.ts';
import { api } from '../../services/api.ts';
import { downloadText } from '../export/download.ts';

/** Saves the log of console `logId`; returns what to tell the user, or the refusal. */
export async function saveConsoleLog(logId: string): Promise<{ note: string; error?: undefined } | { error: { code: string; message: string } }> {
  const result = await api.invoke('console/save-log', { consoleId: logId });
  if (!result.ok) return { error: { code: result.error.code, message: result.error.message } };
  const { text, fileName, saved, path } = result.value;
  if (text !== undefined && fileName !== undefined) {
    downloadText(text, fileName, 'text/plain');
    return { note: `Session log downloaded as ${fileName}.` };
  }
  return { note: saved ? `Session log saved${path ? ` to ${visibleText(path)}` : ''}.` : 'Session log not saved.' };
}
