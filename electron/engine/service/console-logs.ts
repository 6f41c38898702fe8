/**
 * The session logs of the manual console, like PuTTY's "log all session output": every line a
 * console's transcript sent to the page, kept in main (after the console closed too) so the admin
 * can save it as text. The lines are already scrubbed at their source (the console's transcript);
 * the saved text passes the profile's secret scrubber again. Bounded: the last few consoles only,
 * and at most MAX_LOG_LINES lines each (the rest is counted, not kept).
 */
import { transcriptLine } from '../../../shared/transcript-line.ts';
import type { TranscriptEvent } from '../../../shared/transcript.ts';
import type { SecurityMode } from '../../../shared/steps.ts';
import { visibleText } from '../../../shared/visible-text.ts';

export const MAX_LOG_LINES = 50_000;
const MAX_LOGS = 8;

interface ConsoleLog {
  profileId: string;
  profileName: string;
  target?: { host: string; port: number; security: SecurityMode };
  openedAt: Date;
  lines: TranscriptEvent[];
  dropped: number;
}

export class ConsoleLogs {
  private readonly logs = new Map<string, ConsoleLog>();

  /** A console is opening: its log starts (the oldest log is forgotten beyond MAX_LOGS). */
  start(consoleId: string, profile: { id: string; name: string }, openedAt: Date): void {
    this.logs.delete(consoleId);
    this.logs.set(consoleId, { profileId: profile.id, profileName: profile.name, openedAt, lines: [], dropped: 0 });
    for (const id of this.logs.keys()) {
      if (this.logs.size <= MAX_LOGS) break;
      this.logs.delete(id);
    }
  }

  /** Where the console connected, once known. */
  setTarget(consoleId: string, target: ConsoleLog['target']): void {
    const log = this.logs.get(consoleId);
    if (log && target) log.target = target;
  }

  record(consoleId: string, events: readonly TranscriptEvent[]): void {
    const log = this.logs.get(consoleId);
    if (!log) return;
    const room = Math.max(0, MAX_LOG_LINES - log.lines.length);
    for (let i = 0; i < Math.min(room, events.length); i++) log.lines.push(events[i] as TranscriptEvent);
    log.dropped += Math.max(0, events.length - room);
  }

  /** The profile a log was recorded for (its secrets scrub the saved text). */
  profileOf(consoleId: string): string | undefined {
    return this.logs.get(consoleId)?.profileId;
  }

  /** The host the log's file is named after. */
  hostOf(consoleId: string): string | undefined {
    return this.logs.get(consoleId)?.target?.host;
  }

  /** The log as text: a header (profile, target, times), then one line per transcript line. */
  text(consoleId: string, savedAt: Date, scrub: (text: string) => string): string | undefined {
    const log = this.logs.get(consoleId);
    if (!log) return undefined;
    const t = log.target;
    const header = [
      'SMTP Probe console log',
      `Profile: ${visibleText(log.profileName)}`,
      ...(t ? [`Target: ${visibleText(t.host)}:${t.port} (${t.security})`] : []),
      `Opened: ${log.openedAt.toISOString()}`,
      `Saved: ${savedAt.toISOString()}`,
      'Credentials are never shown: the lines that carried them are redacted.',
      '',
    ];
    const tail = log.dropped > 0 ? [`… ${log.dropped} more lines were not kept (the log keeps the first ${MAX_LOG_LINES}) …`] : [];
    return scrub([...header, ...log.lines.map(transcriptLine), ...tail, ''].join('\n'));
  }
}
