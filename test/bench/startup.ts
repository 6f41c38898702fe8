/**
 * Start-up and whole-process cost of the CLI, side by side in paired runs with rotating order:
 * `node -e 0` (the floor of any Node program), `--version`, `explain`, and a full submission session
 * (STARTTLS, AUTH PLAIN, one recipient) against the Postfix peer on loopback next to swaks.
 * Peak memory is each process's maximum resident set size, from GNU time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBundle } from '../../bin/cli-entry.js';
import { DNS_PEER_SERVER } from '../helpers/dns-peer.ts';
import { postfixAvailable, postfixPeer, type PostfixPeer } from '../helpers/postfix-peer.ts';
import type { BenchResult } from './micro.ts';
import { median } from './rtt.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(root, 'bin', 'smtp-probe.js');
const GNU_TIME = '/usr/bin/time';
const ROUNDS = 11;
const PASSWORD_VAR = 'STARTUP_BENCH_PASSWORD';

interface Command {
  label: string;
  argv: (peer: PostfixPeer | undefined) => string[];
  /** Runs only with the Postfix peer. */
  needsPeer?: boolean;
}

interface Sample {
  wallMs: number;
  /** User + system CPU time (GNU time, 10 ms steps): steadier than wall time on a busy machine. */
  cpuMs: number;
  peakMiB: number;
}

const session = (peer: PostfixPeer | undefined): string[] => {
  const p = peer as PostfixPeer;
  return [
    'check', '--server', `127.0.0.1:${p.ports.submission}`, '--tls', 'starttls', '--ca', p.caFile, '--ehlo', 'client.probe.test',
    '--no-public-ip', '--dns-server', DNS_PEER_SERVER, '--auth-user', p.user.username, '--auth-password-env', PASSWORD_VAR, '--auth-mech', 'PLAIN',
    '--from', p.user.address, '--to', p.user.address, '--body', 'startup bench', '--no-color',
  ];
};

const swaks = (peer: PostfixPeer | undefined): string[] => {
  const p = peer as PostfixPeer;
  return [
    '/usr/bin/swaks', '--server', '127.0.0.1', '--port', String(p.ports.submission), '--tls', '--tls-verify', '--tls-ca-path', p.caFile,
    '--tls-sni', p.hostname, '--ehlo', 'client.probe.test', '--auth', 'PLAIN', '--au', p.user.username, '--ap', p.user.password,
    '--from', p.user.address, '--to', p.user.address, '--body', 'startup bench',
  ];
};

/** The same session by the least a Node program does (test/bench/floor-client.mjs): the floor for any Node CLI. */
const floor = (peer: PostfixPeer | undefined): string[] => {
  const p = peer as PostfixPeer;
  return [process.execPath, path.join(root, 'test', 'bench', 'floor-client.mjs'), String(p.ports.submission), p.caFile, p.hostname, p.user.username, p.user.address];
};

/** The CLI's commands, run through `bin` (this checkout's, or another's for the "before" rows). */
const cliCommands = (bin: string, suffix = ''): Command[] => [
  { label: `smtp-probe --version${suffix}`, argv: () => [process.execPath, bin, '--version'] },
  { label: `smtp-probe explain${suffix}`, argv: () => [process.execPath, bin, 'explain', '550 5.7.1 Relaying denied'] },
  { label: `smtp-probe session${suffix}`, argv: (peer) => [process.execPath, bin, ...session(peer)], needsPeer: true },
];

/**
 * STARTUP_BENCH_BEFORE=<another checkout>/bin/smtp-probe.js adds its commands as "(before)" rows,
 * measured in the same paired runs (build that checkout's bundle first).
 */
const BEFORE = process.env.STARTUP_BENCH_BEFORE;

const COMMANDS: Command[] = [
  { label: 'node -e 0', argv: () => [process.execPath, '-e', '0'] },
  ...cliCommands(BIN),
  ...(BEFORE ? cliCommands(BEFORE, ' (before)') : []),
  { label: 'swaks session', argv: swaks, needsPeer: true },
  { label: 'Node floor session', argv: floor, needsPeer: true },
];

/** One run under GNU time: wall time measured here, peak RSS as GNU time reports it (KiB). */
function timed(argv: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(GNU_TIME, ['-f', 'peak=%M cpu=%U+%S', ...argv], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      const peak = /peak=(\d+) cpu=([\d.]+)\+([\d.]+)/.exec(err);
      if (code !== 0 || !peak) return reject(new Error(`${argv.join(' ')} exited with ${String(code)}:\n${err.slice(-1500)}`));
      resolve({ wallMs, cpuMs: (Number(peak[2]) + Number(peak[3])) * 1000, peakMiB: Number(peak[1]) / 1024 });
    });
  });
}

function ratio(samples: Map<string, Sample[]>, label: string, base: string, pick: (s: Sample) => number): number {
  const baseline = samples.get(base) ?? [];
  return median((samples.get(label) ?? []).map((s, i) => pick(s) / pick(baseline[i] as Sample)));
}

function rows(samples: Map<string, Sample[]>, how: string): BenchResult[] {
  const out: BenchResult[] = [];
  for (const [label, list] of samples) {
    const base = label.includes(' session') ? (label === 'swaks session' ? undefined : 'swaks session') : 'node -e 0';
    const vs = base && label !== base ? `; ${ratio(samples, label, base, (s) => s.wallMs).toFixed(2)}× ${base} (median of paired ratios)` : '';
    out.push({ name: `start-up: ${label}, wall median`, value: median(list.map((s) => s.wallMs)), unit: 'ms', note: `whole process, spawn to exit, ${how}${vs}` });
    const cpuVs = base && label !== base ? `; ${ratio(samples, label, base, (s) => s.cpuMs).toFixed(2)}× ${base}` : '';
    out.push({ name: `start-up: ${label}, CPU median`, value: median(list.map((s) => s.cpuMs)), unit: 'ms', note: `user + system CPU time (GNU time), median${cpuVs}` });
    out.push({ name: `start-up: ${label}, peak memory`, value: median(list.map((s) => s.peakMiB)), unit: 'MiB', note: 'maximum resident set size (GNU time), median' });
    const after = label.replace(/ \(before\)$/, '');
    if (after !== label) {
      const cpu = ratio(samples, after, label, (s) => s.cpuMs).toFixed(2);
      out.push({ name: `start-up: ${after}, now / before`, value: ratio(samples, after, label, (s) => s.wallMs), unit: '×', digits: 2, note: `wall, median of paired ratios (CPU: ${cpu}×)` });
    }
  }
  return out;
}

export async function benchStartup(): Promise<BenchResult[]> {
  if (!existsSync(GNU_TIME)) throw new Error('the start-up bench needs GNU time (/usr/bin/time, Debian package "time")');
  if (!freshBundle(root)) console.warn('[note] out/cli is missing or older than the sources: run `npm run build:cli` to measure the bundled CLI');
  const peer = (await postfixAvailable()) ? postfixPeer() : undefined;
  if (!peer) console.warn('[skip] start-up session rows: the Postfix peer is not running');
  const list = COMMANDS.filter((c) => !c.needsPeer || peer);
  // A code cache folder of the bench's own: the warm-up writes it, and processes of other builds
  // writing to the shared one cannot prune this one's caches in the middle of the runs.
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-bench-code-cache-'));
  const env = { ...process.env, SMTP_PROBE_CODE_CACHE_DIR: cacheDir, ...(peer ? { [PASSWORD_VAR]: peer.user.password } : {}) };
  const samples = new Map<string, Sample[]>(list.map((c) => [c.label, []]));
  try {
    for (const c of list) await timed(c.argv(peer), env); // warm-up: page cache and code cache
    for (let round = 0; round < ROUNDS; round++) {
      const order = [...list.slice(round % list.length), ...list.slice(0, round % list.length)];
      for (const c of order) samples.get(c.label)?.push(await timed(c.argv(peer), env));
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  const how = `${freshBundle(root) ? 'bundled CLI (out/cli)' : 'CLI from sources (tsx)'}, median of ${ROUNDS} paired runs in rotating order; session: STARTTLS, AUTH PLAIN, one recipient, Postfix on 587 over loopback`;
  return rows(samples, how);
}
