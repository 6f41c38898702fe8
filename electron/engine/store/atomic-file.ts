/**
 * Atomic file writes for the user's files (reliability D.39): a temporary file in the same folder,
 * write, fsync, rename over the target. Writers of one file are serialised. On Windows a rename can
 * fail for a moment with EPERM/EACCES/EBUSY while an antivirus or indexer holds the target
 * (graceful-fs win32 rename, electron-store#254): we retry with backoff, and never fall back to a
 * non-atomic write.
 */
import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { DIR_MODE, FILE_MODE } from './data-dir.ts';

/** The file-system calls an atomic write needs: node:fs/promises, or a test double that fails on purpose. */
export type AtomicFs = Pick<typeof fsp, 'open' | 'rename' | 'unlink' | 'mkdir'>;

export interface AtomicWriteOptions {
  fs?: AtomicFs;
  /** Waits between rename attempts (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
  /** Total time spent retrying a rename before giving up. */
  retryBudgetMs?: number;
  /** File mode of the new file; default 0600 (data-dir.ts: the user's files are theirs only). */
  mode?: number;
}

/** Rename errors that are usually transient on Windows (a handle held by another process). */
export const TRANSIENT_RENAME_CODES = ['EPERM', 'EACCES', 'EBUSY'] as const;
export const DEFAULT_RENAME_RETRY_BUDGET_MS = 5_000;

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One queue per file: a write starts when the previous one to the same path has finished. */
const queues = new Map<string, Promise<unknown>>();

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** Renames `from` to `to`, retrying transient Windows errors with exponential backoff up to the budget. */
export async function renameWithRetry(from: string, to: string, options: AtomicWriteOptions = {}): Promise<void> {
  const fs = options.fs ?? fsp;
  const sleep = options.sleep ?? sleepMs;
  const budget = options.retryBudgetMs ?? DEFAULT_RENAME_RETRY_BUDGET_MS;
  let waited = 0;
  let delay = 20;
  for (;;) {
    try {
      await fs.rename(from, to);
      return;
    } catch (err) {
      const code = errorCode(err);
      const transient = (TRANSIENT_RENAME_CODES as readonly string[]).includes(code ?? '');
      if (!transient || waited >= budget) throw err;
      const wait = Math.min(delay, budget - waited);
      await sleep(wait);
      waited += wait;
      delay = Math.min(delay * 2, 1_000);
    }
  }
}

const TEMP_RANDOM_BYTES = 6;
/** The names tempPathFor gives: `.<target>.<random hex>.tmp`; group 1 is the target's name. */
const TEMP_NAME = new RegExp(`^\\.(.+)\\.[0-9a-f]{${TEMP_RANDOM_BYTES * 2}}\\.tmp$`);

/** Temp name next to the target (same folder, so the rename stays on one file system). */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(TEMP_RANDOM_BYTES).toString('hex')}.tmp`);
}

/**
 * A temporary file untouched this long belongs to a write that was cut off: a live write touches it
 * within seconds (rename retries included). Age, not the writer's pid: another process, perhaps on
 * another host, may be writing into the same folder.
 */
export const STALE_TEMP_AGE_MS = 10 * 60_000;

/**
 * Removes the temporary files that writes killed mid-way (SIGKILL, power loss) left in `dir`: only
 * names tempPathFor gives for a target `isTarget` accepts, and only when stale. Best effort: a
 * file that cannot be removed stays, as it would have anyway. Returns the names removed.
 */
export async function removeStaleTemps(dir: string, isTarget: (name: string) => boolean, now = Date.now()): Promise<string[]> {
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const target = TEMP_NAME.exec(name)?.[1];
    if (target === undefined || !isTarget(target)) continue;
    const file = path.join(dir, name);
    // lstat: a link or folder of this name is not one of our temporary files.
    const st = await fsp.lstat(file).catch(() => undefined);
    if (!st?.isFile() || now - st.mtimeMs < STALE_TEMP_AGE_MS) continue;
    if (await fsp.unlink(file).then(() => true, () => false)) removed.push(name);
  }
  return removed;
}

async function writeNow(file: string, data: string | Uint8Array, options: AtomicWriteOptions): Promise<void> {
  const fs = options.fs ?? fsp;
  await fs.mkdir(path.dirname(file), { recursive: true, mode: DIR_MODE });
  const temp = tempPathFor(file);
  try {
    const handle = await fs.open(temp, 'wx', options.mode ?? FILE_MODE);
    try {
      await handle.writeFile(data);
      // The data must be on disk before the rename makes it the file (power loss after rename).
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temp, file, options);
  } catch (err) {
    await fs.unlink(temp).catch(() => undefined); // best effort: the temp file may not exist
    throw err;
  }
}

/**
 * Writes a file the user named (the CLI's --transcript) readable by its owner only, also when it
 * existed with a looser mode: the mode is set before the text goes in. A device or pipe
 * (/dev/stdout) is written as it is.
 */
export async function writeFileOwnerOnly(file: string, data: string): Promise<void> {
  const handle = await fsp.open(file, 'w', FILE_MODE);
  try {
    if ((await handle.stat()).isFile()) await handle.chmod(FILE_MODE);
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}

/**
 * Identifies one version of a file cheaply (one stat): an atomic write makes a new inode, so a save
 * by another process changes it even within the same mtime tick. Undefined when the file is missing.
 */
export async function fileStamp(file: string): Promise<string | undefined> {
  const st = await fsp.stat(file, { bigint: true }).catch(() => undefined);
  return st ? `${st.ino}:${st.size}:${st.mtimeNs}` : undefined;
}

/** Writes `data` to `file` atomically; concurrent calls for the same file run one after another. */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const key = path.resolve(file);
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => writeNow(key, data, options));
  queues.set(key, next);
  const cleanup = () => {
    if (queues.get(key) === next) queues.delete(key);
  };
  next.then(cleanup, cleanup);
  return next;
}
