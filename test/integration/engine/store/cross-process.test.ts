/**
 * Two real processes on one data folder (the desktop app and `smtp-probe ui`, or two `ui`): each
 * saves its own profiles, or passwords, 200 times at the same time. With one writer at a time
 * (profiles.json.lock, secrets.json.lock) and every change made to the file as it is then, no
 * save of either is lost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfilesStore } from '../../../../electron/engine/store/profiles-store.ts';
import { SecretVault } from '../../../../electron/engine/store/secrets.ts';
import { passwordFor, xorSecretStore } from '../../../unit/engine/store/xor-secret-store.ts';

const WRITER = fileURLToPath(new URL('./store-writer.ts', import.meta.url));
const SAVES = 200;
const OWN = 5;

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-two-writers-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

interface Writer {
  child: ChildProcess;
  output: () => string;
  waitFor: (line: string) => Promise<void>;
}

function startWriter(args: string[]): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const waitFor = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (out.split('\n').includes(line)) return resolve();
        if (child.exitCode !== null) return reject(new Error(`writer exited ${child.exitCode} before "${line}": ${err}`));
        setTimeout(check, 20);
      };
      check();
    });
  return { child, output: () => `${out}${err}`, waitFor };
}

/** Both writers opened the store before either starts saving, so their saves overlap. */
async function runTogether(a: string[], b: string[]): Promise<void> {
  const writers = [startWriter(a), startWriter(b)];
  await Promise.all(writers.map((w) => w.waitFor('ready')));
  for (const w of writers) w.child.stdin?.write('go\n');
  await Promise.all(writers.map((w) => w.waitFor('done')));
  for (const w of writers) expect(w.output()).not.toMatch(/Error/);
}

describe('two processes saving at the same time', () => {
  it(`keep every profile of both with its last value (${SAVES} saves each)`, async () => {
    await runTogether(['profiles', 'A', String(SAVES), String(OWN)], ['profiles', 'B', String(SAVES), String(OWN)]);
    const profiles = (await ProfilesStore.open({ dataDir: dir })).list();
    for (const tag of ['A', 'B']) {
      for (let k = 0; k < OWN; k++) {
        const p = profiles.find((x) => x.name === `${tag} ${k}`);
        // The last save of profile k was number SAVES - OWN + k.
        expect(p?.subject, `${tag} ${k}`).toBe(`${tag}-${SAVES - OWN + k}`);
      }
    }
    expect(profiles.filter((p) => p.builtIn === undefined)).toHaveLength(2 * OWN);
    expect((await fsp.readdir(dir)).filter((n) => n.endsWith('.lock') || n.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it(`keep every password of both with its last value (${SAVES} saves each)`, async () => {
    const ids = (tag: number) => Array.from({ length: OWN }, (_, k) => `${tag}0000000-0000-4000-8000-00000000000${k}`);
    await runTogether(['secrets', 'A', String(SAVES), String(OWN), ...ids(1)], ['secrets', 'B', String(SAVES), String(OWN), ...ids(2)]);
    const vault = await SecretVault.open({ dataDir: dir, store: xorSecretStore() });
    for (const [tag, list] of [['A', ids(1)], ['B', ids(2)]] as const) {
      for (const [k, id] of list.entries()) expect(await passwordFor(vault, id), `${tag} ${k}`).toBe(`${tag}-${SAVES - OWN + k}`);
    }
    expect((await fsp.readdir(dir)).filter((n) => n.endsWith('.lock') || n.endsWith('.tmp'))).toEqual([]);
  }, 120_000);
});
