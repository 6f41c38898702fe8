/** Names offered for saved files: safe on every file system (no path parts, no reserved characters). */
import { fileTimestamp } from '../store/store-error.ts';

/** Letters, digits, dot, dash and underscore only; everything else becomes "_" (at most 80 characters). */
export function safeFilePart(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|[._]+$/g, '');
  return cleaned.slice(0, 80) || 'target';
}

/** smtp-probe-<target>-<UTC time>.<ext>, e.g. smtp-probe-mail.example.com-20261124T010203Z.txt */
export function reportFileName(target: string, time: Date, ext: string): string {
  return `smtp-probe-${safeFilePart(target)}-${fileTimestamp(time)}.${ext}`;
}

export function profilesFileName(time: Date): string {
  return `smtp-probe-profiles-${fileTimestamp(time)}.json`;
}

/** smtp-probe-console-<host>-<UTC time>.txt: a console's session log. */
export function consoleLogFileName(host: string, time: Date): string {
  return `smtp-probe-console-${safeFilePart(host)}-${fileTimestamp(time)}.txt`;
}
