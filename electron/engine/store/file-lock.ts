/**
 * One writer at a time across processes: the desktop app, `smtp-probe ui` and a second `ui` may
 * share a data folder. `<file>.lock` is created with O_EXCL and names its owner (pid, host, time).
 * A lock whose owner is gone (same host, pid not running) or that is older than the stale limit is
 * taken over; otherwise the writer waits, bounded, and then gives up with EBUSY rather than write
 * without the lock. Within one process the stores queue their writes before they come here.
 */
import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FILE_MODE } from './data-dir.ts';
import { StoreError, fsErrorCode } from './store-error.ts';

export interface FileLockOptions {
  /** How long to wait for another process's lock before EBUSY. */
  waitMs?: number;
  /** A lock older than this is taken over even if its pid still runs (a reused pid, another host). */
  staleMs?: number;
}

export const DEFAULT_LOCK_WAIT_MS = 15_000;
export const DEFAULT_LOCK_STALE_MS = 60_000;

export interface LockOwner {
  pid: number;
  host: string;
  /** Epoch milliseconds when the lock was taken. */
  at: number;
  /** Tells this holder's lock from a later one at the same path. */
  token: string;
}

export const lockPathOf = (file: string) => `${file}.lock`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A read under the lock when the folder lets us take one. A folder we cannot create files in
 * (read-only disk or permissions: EREADONLY from the lock) cannot be written through us either, so
 * the profiles still load, read-only, instead of not at all.
 */
export async function withReadLock<T>(file: string, task: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lock = lockPathOf(file);
  let token: string;
  try {
    token = await acquire(lock, options);
  } catch (err) {
    if (err instanceof StoreError && err.code === 'EREADONLY') return task();
    throw err;
  }
  return holding(lock, token, task);
}

/** Runs `task` while holding `<file>.lock`. */
export async function withFileLock<T>(file: string, task: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lock = lockPathOf(file);
  return holding(lock, await acquire(lock, options), task);
}

async function holding<T>(lock: string, token: string, task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } finally {
    await release(lock, token);
  }
}

async function acquire(lock: string, o: FileLockOptions): Promise<string> {
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), at: Date.now(), token: randomBytes(8).toString('hex') };
  const deadline = Date.now() + (o.waitMs ?? DEFAULT_LOCK_WAIT_MS);
  let delay = 2;
  for (;;) {
    if (await tryCreate(lock, { ...owner, at: Date.now() })) return owner.token;
    const held = await readLock(lock);
    if (held !== undefined && isStale(held, o.staleMs ?? DEFAULT_LOCK_STALE_MS)) {
      await takeOver(lock, held.raw);
      continue;
    }
    if (Date.now() >= deadline) throw busy(lock, held?.owner);
    // Jitter: two waiters woken together do not collide again and again.
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
}

/** O_EXCL create: true when this process now holds the lock. */
async function tryCreate(lock: string, owner: LockOwner): Promise<boolean> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(lock, 'wx', FILE_MODE);
  } catch (err) {
    const code = fsErrorCode(err);
    if (code === 'EEXIST') return false;
    const readOnly = code === 'EROFS' || code === 'EACCES' || code === 'EPERM';
    throw new StoreError(readOnly ? 'EREADONLY' : 'ESTORAGE', `${path.basename(lock)} could not be created (${code ?? 'error'}): the data folder cannot be written`);
  }
  try {
    await handle.writeFile(JSON.stringify(owner));
  } catch (err) {
    await handle.close();
    await fsp.unlink(lock).catch(() => undefined);
    throw new StoreError('ESTORAGE', `${path.basename(lock)} could not be written (${fsErrorCode(err) ?? 'error'})`);
  }
  await handle.close();
  return true;
}

interface HeldLock {
  raw: string;
  /** Undefined while the owner is between creating and writing the file, or when it is damaged. */
  owner: LockOwner | undefined;
  /** When the lock file was last modified (epoch ms): the age of a lock without a readable owner. */
  mtimeMs: number;
}

/** The lock as it is now; undefined when it vanished meanwhile (then the next create may succeed). */
async function readLock(lock: string): Promise<HeldLock | undefined> {
  try {
    const [raw, st] = await Promise.all([fsp.readFile(lock, 'utf8'), fsp.stat(lock)]);
    return { raw, owner: parseOwner(raw), mtimeMs: st.mtimeMs };
  } catch (err) {
    if (fsErrorCode(err) === 'ENOENT') return undefined;
    throw new StoreError('ESTORAGE', `${path.basename(lock)} could not be read (${fsErrorCode(err) ?? 'error'})`);
  }
}

function parseOwner(raw: string): LockOwner | undefined {
  try {
    const v = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.at === 'number' && typeof v.token === 'string') return v as LockOwner;
  } catch {
    // Empty (being written) or damaged: judged by the file's age below.
  }
  return undefined;
}

export function isStale(held: Pick<HeldLock, 'owner' | 'mtimeMs'>, staleMs: number, now = Date.now()): boolean {
  const o = held.owner;
  if (o !== undefined && o.host === os.hostname() && !pidRuns(o.pid)) return true;
  return now - (o?.at ?? held.mtimeMs) > staleMs;
}

function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return fsErrorCode(err) === 'EPERM';
  }
}

/**
 * Removes a stale lock without ever removing a fresh one: the lock is renamed aside first, and if
 * what was moved is not the stale lock we judged (another waiter took over and locked meanwhile),
 * it is linked back (link fails rather than replace a lock made in between).
 */
async function takeOver(lock: string, staleRaw: string): Promise<void> {
  const aside = `${lock}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await fsp.rename(lock, aside);
  } catch (err) {
    if (fsErrorCode(err) === 'ENOENT') return;
    throw new StoreError('ESTORAGE', `A stale ${path.basename(lock)} could not be removed (${fsErrorCode(err) ?? 'error'})`);
  }
  const moved = await fsp.readFile(aside, 'utf8').catch(() => staleRaw);
  if (moved !== staleRaw) await fsp.link(aside, lock).catch(() => undefined);
  await fsp.unlink(aside).catch(() => undefined);
}

async function release(lock: string, token: string): Promise<void> {
  // Only the owner matters here (no stat for the age): one read per write.
  const raw = await fsp.readFile(lock, 'utf8').catch(() => undefined);
  // Taken over as stale meanwhile (this process was stalled for longer than the stale limit): not ours to remove.
  if (raw === undefined || parseOwner(raw)?.token !== token) return;
  await fsp.unlink(lock).catch(() => undefined);
}

function busy(lock: string, owner: LockOwner | undefined): StoreError {
  const who = owner ? ` (process ${owner.pid} on ${owner.host})` : '';
  const file = path.basename(lock, '.lock');
  return new StoreError('EBUSY', `${file} is being written by another SMTP Probe window or process${who}; nothing was saved, try again in a moment`);
}
