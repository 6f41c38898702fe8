/** Results cross every boundary (IPC, WebSocket bridge) as values, never as thrown exceptions. */
export const IPC_ERROR_CODES = [
  'EINVALID', // the payload failed the schema (field says which)
  'EFORBIDDEN', // wrong sender frame / origin / token
  'ENOTFOUND', // no such profile, run, console, message
  'ECONFLICT', // e.g. a run is already going for that profile
  'ESTORAGE', // reading or writing the user's files failed
  'EREADONLY', // profiles.json is newer than this version: nothing is written
  'ESECRETS', // safeStorage unavailable or the ciphertext cannot be read (re-enter the password)
  'EBUSY', // port in use, sandbox already running
  'ECANCELLED', // the user cancelled (Stop, closed dialog)
  'EINTERNAL', // a bug: the message says what failed, never a secret
  'ECHANGED', // the profile was changed in another window or process since it was read: reload, then save
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export interface IpcError {
  code: IpcErrorCode;
  message: string;
  /** For EINVALID: the path of the offending field ("profile.port"). */
  field?: string;
  /** A technical detail kept for a ticket under the plain message (a report schema's field path). */
  detail?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: IpcErrorCode, message: string, field?: string, detail?: string): Result<never> => ({
  ok: false,
  error: { code, message, ...(field === undefined ? {} : { field }), ...(detail === undefined ? {} : { detail }) },
});
