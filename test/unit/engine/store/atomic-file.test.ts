/** Atomic writes: temp + fsync + rename, serialised per file, transient rename errors retried, never a non-atomic fallback. */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renameWithRetry, writeFileAtomic, type AtomicFs } from '../../../../electron/engine/store/atomic-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-atomic-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

/** The real file system, whose rename fails `times` times with `code` first. */
function failingRename(times: number, code: string): AtomicFs & { attempts: () => number } {
  let attempts = 0;
  return {
    open: fsp.open,
    mkdir: fsp.mkdir,
    unlink: fsp.unlink,
    rename: async (from, to) => {
      attempts++;
      if (attempts <= times) throw Object.assign(new Error(`${code}: rename`), { code });
      return fsp.rename(from, to);
    },
    attempts: () => attempts,
  };
}

const noSleep = async () => undefined;

describe('writeFileAtomic', () => {
  it('writes the content and leaves no temporary file', async () => {
    const file = path.join(dir, 'a.json');
    await writeFileAtomic(file, '{"x":1}');
    expect(await fsp.readFile(file, 'utf8')).toBe('{"x":1}');
    expect(await fsp.readdir(dir)).toEqual(['a.json']);
  });

  it('retries a rename that fails with EPERM five times, then saves', async () => {
    const fs = failingRename(5, 'EPERM');
    const file = path.join(dir, 'p.json');
    await writeFileAtomic(file, 'saved', { fs, sleep: noSleep });
    expect(fs.attempts()).toBe(6);
    expect(await fsp.readFile(file, 'utf8')).toBe('saved');
  });

  it.each(['EACCES', 'EBUSY'])('retries %s too', async (code) => {
    const fs = failingRename(2, code);
    await writeFileAtomic(path.join(dir, 'q.json'), 'ok', { fs, sleep: noSleep });
    expect(fs.attempts()).toBe(3);
  });

  it('gives up after the retry budget, keeps the old file and removes the temporary one', async () => {
    const file = path.join(dir, 'keep.json');
    await fsp.writeFile(file, 'old');
    const fs = failingRename(1_000, 'EPERM');
    const waits: number[] = [];
    await expect(writeFileAtomic(file, 'new', { fs, retryBudgetMs: 300, sleep: async (ms) => void waits.push(ms) })).rejects.toMatchObject({ code: 'EPERM' });
    expect(waits.reduce((a, b) => a + b, 0)).toBe(300);
    expect(await fsp.readFile(file, 'utf8')).toBe('old');
    expect(await fsp.readdir(dir)).toEqual(['keep.json']);
  });

  it('does not retry other errors (no silent fallback)', async () => {
    const fs = failingRename(1, 'EXDEV');
    const file = path.join(dir, 'x.json');
    await expect(writeFileAtomic(file, 'data', { fs, sleep: noSleep })).rejects.toMatchObject({ code: 'EXDEV' });
    expect(fs.attempts()).toBe(1);
    await expect(fsp.access(file)).rejects.toThrow();
  });

  it('serialises writers of one file: the last call wins and every read parses', async () => {
    const file = path.join(dir, 'many.json');
    await Promise.all(Array.from({ length: 30 }, (_, i) => writeFileAtomic(file, JSON.stringify({ i }))));
    expect(JSON.parse(await fsp.readFile(file, 'utf8'))).toEqual({ i: 29 });
  });

  it('renameWithRetry backs off exponentially', async () => {
    const fs = failingRename(4, 'EBUSY');
    await fsp.writeFile(path.join(dir, 'a'), 'x');
    const waits: number[] = [];
    await renameWithRetry(path.join(dir, 'a'), path.join(dir, 'b'), { fs, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([20, 40, 80, 160]);
  });
});
