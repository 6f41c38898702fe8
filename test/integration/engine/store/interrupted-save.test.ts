/**
 * A save cut off by the process dying (killed, crashed, the machine's power aside) never leaves a
 * half-written file: profiles.json, secrets.json, runs and settings are written through
 * writeFileAtomic (temp file, fsync, rename), so the file on disk is always the old version or the
 * new one, whole. A child process saves a large file over and over and is SIGKILLed while a save
 * is under way; the file must then parse and be one of the versions in full. The temporary file such
 * a save leaves is removed when the service (the app, browser mode) next starts on the folder, once
 * it is stale; the read-only `check --profile` leaves it.
 */
import { spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { STALE_TEMP_AGE_MS } from '../../../../electron/engine/store/atomic-file.ts';
import { ProfilesStore } from '../../../../electron/engine/store/profiles-store.ts';
import { EXIT_CODES } from '../../../../shared/exit-codes.ts';
import { runCli } from '../../../helpers/cli.ts';
import { browserService, value } from '../../../helpers/service-table.ts';

/** Large enough that a save is written in many pieces (event-loop turns) that a kill can fall between. */
const PAD = 8 * 1024 * 1024;
const atomicFile = fileURLToPath(new URL('../../../../electron/engine/store/atomic-file.ts', import.meta.url));

/**
 * Starts saving generation `gen` of `file` and SIGKILLs its own process `turns` event-loop turns
 * later, a point inside the save (one takes several hundred turns); -1: once the save is done.
 */
const SAVER = [
  `const { writeFileAtomic } = await import(${JSON.stringify(atomicFile)});`,
  'const [file, gen, turns] = process.argv.slice(-3);',
  `const text = JSON.stringify({ gen: Number(gen), pad: 'x'.repeat(${PAD}) });`,
  "const turn = (n) => (n === 0 ? process.kill(process.pid, 'SIGKILL') : setImmediate(() => turn(n - 1)));",
  'const saved = writeFileAtomic(file, text);',
  "if (turns === '-1') saved.then(() => turn(0));",
  'else turn(Number(turns));',
].join('\n');

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-interrupted-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

/** Runs the saver; resolves once it died of its SIGKILL. */
function killedSave(file: string, gen: number, turns: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SAVER, file, String(gen), String(turns)], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the saver exited with ${code}`))));
  });
}

it('a save killed at any point leaves the previous or the new version whole', async () => {
  const file = path.join(dir, 'profiles.json');
  await fsp.writeFile(file, JSON.stringify({ gen: 0, pad: 'x'.repeat(PAD) }));
  const kept: number[] = [];
  const turns = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, -1, 377, 610, -1];
  for (const [i, n] of turns.entries()) {
    await killedSave(file, i + 1, n);
    const doc = JSON.parse(await fsp.readFile(file, 'utf8')) as { gen: number; pad: string };
    expect(doc.pad).toHaveLength(PAD);
    expect([kept.at(-1) ?? 0, i + 1]).toContain(doc.gen);
    kept.push(doc.gen);
  }
  // Kills fell inside saves (the old version stayed), and a save let finish landed.
  expect(kept.slice(0, 8)).toEqual(Array(8).fill(0));
  expect(kept.at(-1)).toBe(turns.length);
}, 180_000);

/** The temporary files writeFileAtomic left in `folder`. */
async function temps(folder: string): Promise<string[]> {
  return (await fsp.readdir(folder)).filter((n) => n.endsWith('.tmp')).sort();
}

/** Kills saves of `file` at later and later points until one dies with its temporary file written. */
async function tempOfKilledSave(file: string): Promise<void> {
  const before = (await temps(path.dirname(file))).length;
  for (const turns of [3, 5, 8, 13, 21, 34, 55, 89, 144]) {
    await killedSave(file, 1, turns);
    if ((await temps(path.dirname(file))).length > before) return;
  }
  throw new Error(`no save of ${file} was killed with its temporary file on disk`);
}

/** Makes a file look untouched since `ms` ago. */
async function age(file: string, ms: number): Promise<void> {
  const then = new Date(Date.now() - ms);
  await fsp.utimes(file, then, then);
}

it('the temporary files of killed saves are removed when the service starts, once stale; `check --profile` leaves them', async () => {
  const file = path.join(dir, 'profiles.json');
  const runs = path.join(dir, 'runs', 'p1');
  await fsp.mkdir(runs, { recursive: true });
  await tempOfKilledSave(file);
  await tempOfKilledSave(path.join(dir, 'secrets.json'));
  await tempOfKilledSave(path.join(runs, 'r1.json'));
  const [stale, fresh] = await temps(dir);
  expect([stale, fresh]).toEqual([expect.stringMatching(/^\.profiles\.json\.[0-9a-f]{12}\.tmp$/), expect.stringMatching(/^\.secrets\.json\.[0-9a-f]{12}\.tmp$/)]);
  const [staleRun] = await temps(runs);
  expect(staleRun).toMatch(/^\.r1\.json\.[0-9a-f]{12}\.tmp$/);
  await age(path.join(dir, stale!), STALE_TEMP_AGE_MS + 60_000);
  await age(path.join(runs, staleRun!), STALE_TEMP_AGE_MS + 60_000);
  // Not ours or not stale: another program's file, names close to ours, live files and backups.
  const kept = ['.notes.txt.0123456789ab.tmp', '.profiles.json.0123456789.tmp', '.profiles.json.0123456789ab.tmp.bak', 'profiles.json.bak1', 'window-state.json'];
  for (const name of kept) {
    await fsp.writeFile(path.join(dir, name), 'x');
    await age(path.join(dir, name), STALE_TEMP_AGE_MS + 60_000);
  }
  // A saver's text is not a profiles file: a valid one, written the way the app writes it.
  await fsp.rm(file, { force: true });
  await ProfilesStore.open({ dataDir: dir });
  const everyTemp = { top: await temps(dir), run: await temps(runs) };
  expect(everyTemp.top).toContain(stale);

  // The read-only command reads the folder (it lists the saved profiles) and deletes nothing.
  const check = await runCli(['check', '--profile', 'No such profile', '--data-dir', dir, '--no-public-ip']);
  expect(check.code).toBe(EXIT_CODES.usage);
  expect(check.stderr).toContain('"Local test server"');
  expect({ top: await temps(dir), run: await temps(runs) }).toEqual(everyTemp);

  const service = browserService(dir);
  try {
    expect(value(await service['profiles/list']({})).length).toBeGreaterThan(0);
  } finally {
    await service.dispose();
  }

  const left = await fsp.readdir(dir);
  expect(left).not.toContain(stale);
  expect(await temps(runs)).toEqual([]);
  // A temporary file touched recently may be a save under way in another process: it stays.
  expect(left).toContain(fresh);
  for (const name of kept) expect(left).toContain(name);
}, 60_000);
