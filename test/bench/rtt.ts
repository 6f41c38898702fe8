/**
 * Round trips: a full submission session (STARTTLS, AUTH PLAIN, one ~1 KB message to two
 * recipients, QUIT) against the Postfix peer on 587, through a proxy that delays every chunk by
 * 25 ms each way (a 50 ms round trip), side by side with swaks (with and without --pipeline) and,
 * when the CLI has it, smtp-probe --fast (BDAT LAST here: this Postfix offers CHUNKING). Paired
 * runs: each round runs every tool once, in a rotating order, so drift on the shared machine falls
 * on all of them alike.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DNS_PEER_SERVER } from '../helpers/dns-peer.ts';
import { postfixAvailable, postfixPeer } from '../helpers/postfix-peer.ts';
import type { PostfixPeer } from '../helpers/postfix-peer.ts';
import { startDelayProxy } from './delay-proxy.ts';
import { minimalSession } from './minimal-client.ts';
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

/** What a flight is, said once in the table (the minimum row) and briefly in each tool's row. */
const FLIGHTS =
  'a client flight is the connect, or a burst of client bytes (TLS handshake records included) sent after server bytes reached the client and answered by the server, counted at the proxy: each is a round trip the client waits for (a TLS close_notify after the 221 is not one)';
const MINIMUM =
  `${FLIGHTS}. The fewest for this session (TLS 1.3, as negotiated here): connect → banner; EHLO; STARTTLS; ClientHello; client Finished + EHLO (RFC 8446: data may follow the Finished at once); AUTH PLAIN with initial response + MAIL + RCPT + RCPT + DATA (RFC 4954 §4 lets a one-round-trip AUTH with initial response be pipelined; RFC 2920); message + dot + QUIT. 6 with BDAT LAST (RFC 3030; this Postfix offers CHUNKING): MAIL + RCPT + RCPT + BDAT LAST + message + QUIT in the AUTH flight. One more when AUTH ends its group (8 with DATA, 7 with BDAT: what smtp-probe --fast sends); one more with TLS 1.2, whose handshake takes two flights`;

interface Tool {
  label: string;
  /** A separate process (wall time is comparable) or in this one (only the wire is). */
  process: boolean;
  /** Only connects and exits: its one row is how long a process takes to reach its first connect. */
  connectOnly?: true;
  run: (port: number, peer: PostfixPeer) => Promise<void>;
}

interface Sample {
  wallMs: number;
  wireMs: number;
  /** From the spawn until the proxy accepted the first connection. */
  connectMs: number;
  flights: number;
  /** Client bytes per flight, for the console: where the round trips go. */
  detail: string;
}

/**
 * RTT_BENCH_BEFORE=<another checkout>/bin/smtp-probe.js adds its `--fast` as a "(before)" row,
 * measured in the same paired runs (build that checkout's bundle first).
 */
const BEFORE = process.env.RTT_BENCH_BEFORE;

function probeArgs(port: number, peer: PostfixPeer, bin = path.join(root, 'bin', 'smtp-probe.js')): string[] {
  const [first, second] = recipients(peer);
  return [
    bin, 'check', '--server', `127.0.0.1:${port}`, '--tls', 'starttls', '--ca', peer.caFile,
    // DNS (the PTR of 127.0.0.1) goes to the loopback DNS peer, never to the system's resolvers.
    '--ehlo', EHLO_NAME, '--no-public-ip', '--dns-server', DNS_PEER_SERVER, '--auth-user', peer.user.username, '--auth-password-env', PASSWORD_VAR, '--auth-mech', 'PLAIN',
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

function spawned(label: string, command: string, args: (port: number, peer: PostfixPeer) => string[]): Tool {
  return {
    label,
    process: true,
    run: async (port, peer) => {
      const { code, output } = await spawnTool(command, args(port, peer), { ...process.env, [PASSWORD_VAR]: peer.user.password });
      if (code !== 0) throw new Error(`${label} exited with ${String(code)}:\n${output.slice(-2000)}`);
    },
  };
}

function minimal(label: string, bdat: boolean): Tool {
  return {
    label,
    process: false,
    run: (port, peer) =>
      minimalSession({ port, caPem: peer.caPem, servername: peer.hostname, user: peer.user.username, password: peer.user.password, from: peer.user.address, to: recipients(peer), body: BODY, bdat }),
  };
}

function tools(): Tool[] {
  const list: Tool[] = [
    spawned('swaks', SWAKS, swaksArgs),
    spawned('swaks --pipeline', SWAKS, (port, peer) => [...swaksArgs(port, peer), '--pipeline']),
    spawned('smtp-probe', process.execPath, probeArgs),
  ];
  // Fast mode is detected at run time: its rows appear once the CLI offers it.
  const help = spawnSync(process.execPath, [path.join(root, 'bin', 'smtp-probe.js'), 'check', '--help'], { encoding: 'utf8' });
  // This Postfix offers CHUNKING: fast mode sends BDAT LAST (RFC 3030) in place of DATA.
  if (/\s--fast\b/.test(help.stdout)) list.push(spawned('smtp-probe --fast (BDAT)', process.execPath, (port, peer) => [...probeArgs(port, peer), '--fast']));
  if (BEFORE) list.push(spawned('smtp-probe --fast (BDAT) (before)', process.execPath, (port, peer) => [...probeArgs(port, peer, BEFORE), '--fast']));
  // Node's own start before it can send anything: the least any Node client pays before its connect.
  const nodeConnect = (port: number) => ['-e', `require('node:net').connect(${port}, '127.0.0.1', function () { this.destroy(); })`];
  list.push({ ...spawned('Node connect only', process.execPath, nodeConnect), connectOnly: true });
  return [...list, minimal('minimal client (DATA)', false), minimal('minimal client (BDAT)', true)];
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
  await tool.run(proxy.port, peer);
  const wallMs = performance.now() - start;
  const connections = proxy.connections.slice(first);
  // The proxy sees the client's close on a later turn of this event loop.
  for (let i = 0; i < 100 && connections.some((c) => c.closedAt === undefined); i++) await new Promise((r) => setTimeout(r, 10));
  if (connections.length === 0) throw new Error(`${tool.label} made no connection through the proxy`);
  const wireMs = Math.max(...connections.map((c) => c.closedAt ?? performance.now())) - Math.min(...connections.map((c) => c.openedAt));
  const detail = connections.map((c) => `${c.flightBytes.join(' ')}${c.trailingBytes > 0 ? ` (+${c.trailingBytes} unanswered)` : ''}`).join(' | ');
  const connectMs = Math.min(...connections.map((c) => c.openedAt)) - start;
  return { wallMs, wireMs, connectMs, flights: connections.reduce((n, c) => n + c.flights, 0), detail };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Median over the rounds of this tool's value divided by swaks' value in the same round. */
function pairedRatio(samples: Map<string, Sample[]>, label: string, pick: (s: Sample) => number): number {
  const base = samples.get('swaks') ?? [];
  return median((samples.get(label) ?? []).map((s, i) => pick(s) / pick(base[i] as Sample)));
}

const SESSION = `full submission session (STARTTLS, AUTH PLAIN, ~1 KB to two recipients, QUIT) against Postfix on 587 through a proxy adding ${DELAY_MS} ms each way, connect included`;

function toolRows(tool: Tool, samples: Map<string, Sample[]>): BenchResult[] {
  const prefix = `rtt ${DELAY_MS * 2} ms: ${tool.label}`;
  const list = samples.get(tool.label) ?? [];
  const flights = list.map((s) => s.flights);
  const spread = Math.min(...flights) === Math.max(...flights) ? 'the same in every run' : `${Math.min(...flights)}–${Math.max(...flights)} over the runs`;
  const vsSwaks = (pick: (s: Sample) => number) => (tool.label === 'swaks' ? '' : `; ${pairedRatio(samples, tool.label, pick).toFixed(2)}× swaks (median of paired ratios)`);
  const wall = tool.label === 'swaks' ? `${SESSION}; whole process, spawn to exit, median of ${ROUNDS} paired runs in rotating order` : 'same session and runs';
  const wire = tool.process ? 'accept to close at the proxy (the delayed connect included): the session without process start-up' : 'a bare client in the bench process sending the fewest flights the protocols allow, accepted by this Postfix';
  const connect: BenchResult = { name: `${prefix}, spawn to connect median`, value: median(list.map((s) => s.connectMs)), unit: 'ms', note: `from the spawn until the proxy accepted the connection: the start-up before the first packet${vsSwaks((s) => s.connectMs)}` };
  if (tool.connectOnly) return [connect];
  const out: BenchResult[] = tool.process ? [connect] : [];
  if (tool.process) out.push({ name: `${prefix}, wall median`, value: median(list.map((s) => s.wallMs)), unit: 'ms', note: `${wall}${vsSwaks((s) => s.wallMs)}` });
  out.push({ name: `${prefix}, on the wire median`, value: median(list.map((s) => s.wireMs)), unit: 'ms', note: `${wire}${vsSwaks((s) => s.wireMs)}` });
  out.push({ name: `${prefix}, client flights`, value: median(flights), unit: 'flights', digits: 0, note: `the connect + each answered burst of client bytes, TLS handshake flights included (see the minimum row); ${spread}` });
  if (tool.label.startsWith('smtp-probe')) {
    out.push({ name: `${prefix} wall / swaks wall`, value: pairedRatio(samples, tool.label, (s) => s.wallMs), unit: '×', digits: 2, note: `median of ${ROUNDS} paired ratios; target ≤ 0.75` });
  }
  return out;
}

function rows(list: Tool[], samples: Map<string, Sample[]>): BenchResult[] {
  const minimum: BenchResult = { name: `rtt ${DELAY_MS * 2} ms: protocol minimum, client flights`, value: 7, unit: 'flights', digits: 0, note: MINIMUM };
  return [minimum, ...list.flatMap((tool) => toolRows(tool, samples))];
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
    for (const tool of list) {
      const warm = await runOnce(tool, proxy, peer); // warm-up: page cache, tsx's cache
      console.log(`${tool.label}: ${warm.flights} flights, client bytes in each: ${warm.detail}`);
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = [...list.slice(round % list.length), ...list.slice(0, round % list.length)];
      const inRound = new Map<string, Sample>();
      for (const tool of order) inRound.set(tool.label, await runOnce(tool, proxy, peer));
      for (const tool of list) samples.get(tool.label)?.push(inRound.get(tool.label) as Sample);
    }
  } finally {
    await proxy.close();
  }
  return rows(list, samples);
}
