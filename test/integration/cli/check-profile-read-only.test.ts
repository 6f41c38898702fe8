/**
 * `smtp-probe check --profile` only reads the data folder (README "Your data"): another instance
 * of the app may be writing it, and repairs are the app's to make. For each kind of folder (as the
 * app writes it, an older format, a damaged profiles.json, no folder, no profiles.json) the real
 * CLI runs on real files, and the folder is the same afterwards entry for entry: names, bytes,
 * modes, mtimes and ctimes (every mtime is set in the past first, so a write or a lock file
 * created and removed shows on the folder's own mtime).
 */
import { randomUUID } from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { PROFILES_FILE, ProfilesStore, backupName } from '../../../electron/engine/store/profiles-store.ts';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { emptyProfileFields, type Profile } from '../../../shared/profile.ts';
import { runReportSchema } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { DNS_PEER_SERVER } from '../../helpers/dns-peer.ts';
import { startHostileServer, type HostileServer } from '../../helpers/hostile-server.ts';
import { script } from '../../helpers/smtp-script.ts';

let root: string;
let server: HostileServer;

beforeAll(async () => {
  server = await startHostileServer({ greeting: '220 relay.test ESMTP\r\n', onLine: script({}) });
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  if (root) await fsp.rm(root, { recursive: true, force: true });
});

type Snapshot = Record<string, { mode: string; mtimeNs: bigint; ctimeNs: bigint; content: string }>;

/** Every entry under `dir`, the folder itself included, as a comparable record. */
async function snapshot(dir: string, into: Snapshot = {}, rel = '.'): Promise<Snapshot> {
  const st = await fsp.lstat(dir, { bigint: true });
  const content = st.isDirectory() ? '(folder)' : st.isSymbolicLink() ? `-> ${await fsp.readlink(dir)}` : (await fsp.readFile(dir)).toString('base64');
  into[rel] = { mode: st.mode.toString(8), mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs, content };
  if (st.isDirectory()) for (const name of await fsp.readdir(dir)) await snapshot(path.join(dir, name), into, path.join(rel, name));
  return into;
}

/** Sets every mtime under `dir` (deepest first) to one in the past. */
async function age(dir: string): Promise<void> {
  const past = new Date('2020-01-01T00:00:00Z');
  const st = await fsp.lstat(dir);
  if (st.isDirectory()) for (const name of await fsp.readdir(dir)) await age(path.join(dir, name));
  if (!st.isSymbolicLink()) await fsp.utimes(dir, past, past);
}

const NAME = 'Office relay';

function profile(): Profile {
  const now = new Date().toISOString();
  return {
    ...emptyProfileFields(),
    id: randomUUID(),
    createdAt: now,
    updatedAt: now,
    name: NAME,
    targetKind: 'host',
    target: '127.0.0.1',
    port: server.port,
    security: 'none',
    ehloName: 'client.smtp-probe.test',
    from: 'me@relay.test',
    to: ['you@relay.test'],
  };
}

/** The pre-release format (schema 0), which the app migrates and writes back when it opens it. */
const v0File = () => JSON.stringify({ profiles: [{ name: NAME, host: '127.0.0.1', port: server.port, tls: 'none', from: 'me@relay.test', to: 'you@relay.test' }] });

/** Each folder as a user may have it; `data` is the folder given to --data-dir, under `root`. */
const FOLDERS: Record<string, (data: string) => Promise<void>> = {
  // As the app writes it (0700, 0600): only a lock file made and removed would change it.
  'as the app writes it': async (data) => {
    const store = await ProfilesStore.open({ dataDir: data });
    await store.put(profile());
  },
  // Left 0755/0644 by an older version or a umask, in the older format: the app tightens and migrates it.
  'an older format': async (data) => {
    await fsp.mkdir(data, { mode: 0o755 });
    await fsp.writeFile(path.join(data, PROFILES_FILE), v0File(), { mode: 0o644 });
  },
  // Truncated, with a valid backup beside it: the app would set it aside and restore the backup.
  'a damaged profiles.json': async (data) => {
    const store = await ProfilesStore.open({ dataDir: data });
    await store.put(profile());
    await fsp.copyFile(path.join(data, PROFILES_FILE), path.join(data, backupName(1)));
    const text = await fsp.readFile(path.join(data, PROFILES_FILE), 'utf8');
    await fsp.writeFile(path.join(data, PROFILES_FILE), text.slice(0, text.length / 2));
  },
  // Written by a newer version: the app shows what it understands of it, read-only.
  "a newer version's file": async (data) => {
    await fsp.mkdir(data, { mode: 0o755 });
    await fsp.writeFile(path.join(data, PROFILES_FILE), JSON.stringify({ schemaVersion: 99, profiles: [profile()] }), { mode: 0o644 });
  },
  'no folder': async () => {},
  // An empty folder: the app would write its first profiles.json there.
  'no profiles.json': async (data) => {
    await fsp.mkdir(data, { mode: 0o755 });
  },
};

async function checkIn(kind: string, extra: string[] = []) {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-cli-read-only-'));
  const data = path.join(root, 'data');
  await FOLDERS[kind]?.(data);
  await age(root);
  const before = await snapshot(root);
  const connections = server.connections;
  const run = await runCli(['check', '--profile', NAME, '--data-dir', data, '--dns-server', DNS_PEER_SERVER, '--no-public-ip', ...extra]);
  return { run, data, before, after: await snapshot(root), sent: server.connections - connections };
}

it.each(['as the app writes it', 'an older format', "a newer version's file"])('%s: the profile runs, and the folder is unchanged', async (kind) => {
  const { run, before, after, sent } = await checkIn(kind, ['--json']);
  expect(Object.keys(before).length).toBeGreaterThan(1);
  expect(after).toEqual(before);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(EXIT_CODES.ok);
  expect(runReportSchema.parse(JSON.parse(run.stdout)).steps.find((s) => s.id === 'data')?.status).toBe('pass');
  expect(sent).toBe(1);
}, 60_000);

it('a damaged profiles.json is refused naming it, left in place, and nothing is sent', async () => {
  const { run, data, before, after, sent } = await checkIn('a damaged profiles.json');
  expect(after).toEqual(before);
  expect(run.code).toBe(EXIT_CODES.usage);
  expect(run.stderr).toContain('invalid input, nothing was sent');
  expect(run.stderr).toContain(`${path.join(data, PROFILES_FILE)} cannot be used: the file is not valid JSON (truncated?)`);
  expect(run.stderr).toContain('the app sets it aside when it next starts, and restores your profiles from its newest valid backup');
  expect(sent).toBe(0);
  // What the message promises: the app, opening the folder, does exactly that.
  const app = await ProfilesStore.open({ dataDir: data });
  expect(app.list().map((p) => p.name)).toContain(NAME);
  expect((await fsp.readdir(data)).filter((n) => n.startsWith('profiles.corrupt-'))).toHaveLength(1);
});

it('a data folder that does not exist is refused naming it, and is not created', async () => {
  const { run, data, before, after, sent } = await checkIn('no folder');
  expect(after).toEqual(before);
  expect(run.code).toBe(EXIT_CODES.usage);
  expect(run.stderr).toContain(`the data folder ${data} does not exist`);
  expect(sent).toBe(0);
});

it('a folder without profiles.json is refused, and no first profiles.json is written', async () => {
  const { run, data, before, after, sent } = await checkIn('no profiles.json');
  expect(after).toEqual(before);
  expect(run.code).toBe(EXIT_CODES.usage);
  expect(run.stderr).toContain(`no profiles are saved in ${data}: it has no ${PROFILES_FILE}`);
  expect(sent).toBe(0);
});
