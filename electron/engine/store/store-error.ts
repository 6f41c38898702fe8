/** Errors of the user's files, with the IPC code the service hands on unchanged. */
import type { IpcErrorCode } from '../../../shared/ipc/result.ts';

export type StoreErrorCode = Extract<IpcErrorCode, 'ESTORAGE' | 'EREADONLY' | 'ESECRETS' | 'ENOTFOUND' | 'EINVALID' | 'ECHANGED' | 'EBUSY'>;

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** The OS error code of a failed file operation ("ENOENT", "EACCES"), if any. */
export function fsErrorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** A file name part from a time: 20261124T010203Z (no colons: Windows forbids them). */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}
