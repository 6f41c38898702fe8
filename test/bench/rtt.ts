/**
 * Round trips: a full submission session (STARTTLS, AUTH PLAIN, one ~1 KB message to two
 * recipients, QUIT) against the Postfix peer on 587, through a proxy that delays every chunk by
 * 25 ms each way (a 50 ms round trip), side by side with swaks (with and without --pipeline) and,
 * when the CLI has it, smtp-probe --fast. Paired runs: each round runs every tool once, in a
 * rotating order, so drift on the shared machine falls on all of them alike.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postfixAvailable, postfixPeer } from '../helpers/postfix-peer.ts';
import type { PostfixPeer } from '../helpers/postfix-peer.ts';
import { startDelayProxy } from './delay-proxy.ts';
import type { DelayProxy } from './delay-proxy.ts';
import type { BenchResult } from './micro.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DELAY_MS = 25;
const ROUNDS = 7;
const SWAKS = '/usr/bin/swaks';
const EHLO_NAME = 'client.probe.test';
const PASSWORD_VAR = 'RTT_BENCH_PASSWORD';
/** 12 lines of 70 characters: with the headers each tool adds, a message of about 1 KB. */
const BODY = Array.from({ length: 12 }, (_, i) => `line ${String(i + 1).padStart(2, '0')} `.padEnd(70, 'x')).join('\n');

const FLIGHTS =
  'client flights: the connect, then each burst of client bytes sent after server bytes reached the client (TLS handshake flights included), counted at the proxy; each is a round trip the client waits for';
const MINIMUM =
  'connect → banner; EHLO; STARTTLS; TLS 1.3 ClientHello; client Finished + EHLO (RFC 8446 lets data follow the Finished); AUTH PLAIN with initial response + MAIL + RCPT + RCPT + DATA (RFC 4954 §4 lets a one-round-trip AUTH with initial response be pipelined, RFC 2920); message + dot + QUIT. 6 with BDAT LAST (RFC 3030, offered by this Postfix); 8 when AUTH ends its group; one more with TLS 1.2';

interface Tool {
  label: string;
  command: string;
  args: (port: number, peer: PostfixPeer) => string[];
}

interface Sample {
  wallMs: number;
  wireMs: number;
  flights: number;
}

function probeArgs(port: number, peer: PostfixPeer): string[] {
  const [first, second] = recipients(peer);
  return [
    path.join(root, 'bin', 'smtp-probe.js'), 'check', '--server', `127.0.0.1:${port}`, '--tls', 'starttls', '--ca', peer.caFile,
    '--ehlo', EHLO_NAME, '--no-public-ip', '--auth-user', peer.user.username, '--auth-password-env', PASSWORD_VAR, '--auth-mech', 'PLAIN',
    '--from', peer.user.address, '--to', first, '--to', second, '--body', BODY, '--no-color',
  ];
}

function swaksArgs(port: number, peer: PostfixPeer): string[] {
  return [
    '--server', '127.0.0.1', '--port', String(port), '--tls', '--tls-verify', '--tls-ca-path', peer.caFile, '--tls-sni', peer.hostname,
    '--ehlo', EHLO_NAME, '--auth', 'PLAIN', '--au', peer.user.username, '--ap', peer.user.password,
    '--from', peer.user.address, '--to', recipients(peer).join(','), '--body', BODY,
  ];
}

/** The test user and an address elsewhere (accepted after AUTH, kept on the machine by the peer). */
function recipients(peer: PostfixPeer): [string, string] {
  return [peer.user.address, 'rtt-bench@example.net'];
}

function tools(): Tool[] {
  const list: Tool[] = [
    { label: 'swaks', command: SWAKS, args: swaksArgs },
    { label: 'swaks --pipeline', command: SWAKS, args: (port, peer) => [...swaksArgs(port, peer), '--pipeline'] },
    { label: 'smtp-probe', command: process.execPath, args: probeArgs },
  ];
  // Fast mode is detected at run time: the rows appear once the CLI offers it.
  const help = spawnSync(process.execPath, [path.join(root, 'bin', 'smtp-probe.js'), 'check', '--help'], { encoding: 'utf8' });
  if (/\s--fast\b/.test(help.stdout)) list.push({ label: 'smtp-probe --fast', command: process.execPath, args: (port, peer) => [...probeArgs(port, peer), '--fast'] });
  return list;
}

function spawnTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function runOnce(tool: Tool, proxy: DelayProxy, peer: PostfixPeer): Promise<Sample> {
  const first = proxy.connections.length;
  const start = performance.now();
  const { code, output } = await spawnTool(tool.command, tool.args(proxy.port, peer), { ...process.env, [PASSWORD_VAR]: peer.user.password });
  const wallMs = performance.now() - start;
  if (code !== 0) throw new Error(`${tool.label} exited with ${String(code)}:\n${output.slice(-2000)}`);
  const connections = proxy.connections.slice(first);
  // The proxy sees the client's close on a later turn of this event loop.
  for (let i = 0; i < 100 && connections.some((c) => c.closedAt === undefined); i++) await new Promise((r) => setTimeout(r, 10));
  if (connections.length === 0) throw new Error(`${tool.label} made no connection through the proxy`);
  const wireMs = Math.max(...connections.map((c) => c.closedAt ?? performance.now())) - Math.min(...connections.map((c) => c.openedAt));
  return { wallMs, wireMs, flights: connections.reduce((n, c) => n + c.flights, 0) };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Median over the rounds of this tool's value divided by swaks' value in the same round. */
function pairedRatio(samples: Map<string, Sample[]>, label: string, pick: (s: Sample) => number): number {
  const base = samples.get('swaks') ?? [];
  return median((samples.get(label) ?? []).map((s, i) => pick(s) / pick(base[i] as Sample)));
}

function rows(samples: Map<string, Sample[]>): BenchResult[] {
  const prefix = `rtt ${DELAY_MS * 2} ms`;
  const out: BenchResult[] = [{ name: `${prefix}: protocol minimum, client flights`, value: 7, unit: 'flights', digits: 0, note: MINIMUM }];
  for (const [label, list] of samples) {
    const flights = list.map((s) => s.flights);
    const spread = Math.min(...flights) === Math.max(...flights) ? 'the same in every run' : `${Math.min(...flights)}–${Math.max(...flights)} over the runs`;
    const vsSwaks = (pick: (s: Sample) => number) => (label === 'swaks' ? '' : `; ${pairedRatio(samples, label, pick).toFixed(2)}× swaks (median of paired ratios)`);
    out.push(
      { name: `${prefix}: ${label}, wall median`, value: median(list.map((s) => s.wallMs)), unit: 'ms', note: `whole process, spawn to exit, median of ${ROUNDS} paired runs${vsSwaks((s) => s.wallMs)}` },
      { name: `${prefix}: ${label}, on the wire median`, value: median(list.map((s) => s.wireMs)), unit: 'ms', note: `accept to close at the proxy: the session without process start-up${vsSwaks((s) => s.wireMs)}` },
      { name: `${prefix}: ${label}, client flights`, value: median(flights), unit: 'flights', digits: 0, note: `${FLIGHTS}; ${spread}; protocol minimum 7` },
    );
    if (label.startsWith('smtp-probe')) {
      out.push({ name: `${prefix}: ${label} wall / swaks wall`, value: pairedRatio(samples, label, (s) => s.wallMs), unit: '×', digits: 2, note: `median of ${ROUNDS} paired ratios; target ≤ 0.75` });
    }
  }
  return out;
}

export async function benchRoundTrips(): Promise<BenchResult[]> {
  if (!(await postfixAvailable())) {
    console.warn('[skip] rtt: the Postfix peer is not running (start it with test/peers/start.sh as root)');
    return [];
  }
  const peer = postfixPeer();
  const proxy = await startDelayProxy({ targetHost: peer.host, targetPort: peer.ports.submission, delayMs: DELAY_MS });
  const list = tools();
  const samples = new Map<string, Sample[]>(list.map((t) => [t.label, []]));
  try {
    for (const tool of list) await runOnce(tool, proxy, peer); // warm-up: page cache, tsx's cache
    for (let round = 0; round < ROUNDS; round++) {
      const order = [...list.slice(round % list.length), ...list.slice(0, round % list.length)];
      const inRound = new Map<string, Sample>();
      for (const tool of order) inRound.set(tool.label, await runOnce(tool, proxy, peer));
      for (const tool of list) samples.get(tool.label)?.push(inRound.get(tool.label) as Sample);
    }
  } finally {
    await proxy.close();
  }
  return rows(samples);
}
