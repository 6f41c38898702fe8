/**
 * A run paused in the wizard while the server floods lines, through the real service handler table:
 * `run/start` with `until: 'banner'` (paused before EHLO), then a loopback server in its own
 * process (flood-server.ts) writes complete replies as fast as the socket takes them. Measured:
 * heap and RSS growth while paused (after GC), the bytes the server got out before the flood
 * ended, the saved run file and the transcript lines it keeps.
 *
 * Twice: as shipped (unread replies capped, unread-replies.ts), and with the cap disabled in this
 * process only (UnreadReplies.prototype.overflow patched to "always fits") as the before. Without
 * the cap the flood also has a byte ceiling, so a faster machine cannot fill the whole heap.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServiceHandlers, memorySecretStore } from '../../electron/engine/service/index.ts';
import { UnreadReplies } from '../../electron/engine/smtp/unread-replies.ts';
import type { Result } from '../../shared/ipc/result.ts';
import { emptyProfileFields } from '../../shared/profile.ts';
import { DNS_CLOSED_SERVER } from '../helpers/dns-peer.ts';
import type { FloodOrder, FloodReport } from './flood-server.ts';
import type { BenchResult } from './micro.ts';

/** How long the server may flood; the capped run is closed long before. */
const FLOOD_MS = 10_000;
/** Without the cap: what the server may send at most (the run file was 22.7 MB). */
const UNCAPPED_MAX_BYTES = 64 * 1024 * 1024;
const MiB = 1024 * 1024;

interface Measured {
  flood: FloodReport;
  heapGrowth: number;
  rssGrowth: number;
  /** Transcript lines that reached the page's event stream while paused. */
  linesStreamed: number;
  runFileBytes: number;
  transcriptLines: number;
  outcome: string;
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`paused-flood bench: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function memory(): { heap: number; rss: number } {
  global.gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

async function startFloodServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'flood-server.ts'), { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`flood server exited (${code})`)));
    child.once('message', (m: { type: string; port: number }) => resolve(m.port));
  });
  return { child, port };
}

/** Waits until no transcript line has arrived for `quietMs`: the client has read what the kernel held. */
async function settle(count: () => number, quietMs = 300): Promise<void> {
  for (let last = -1; count() !== last; await sleep(quietMs)) last = count();
}

async function floodPausedRun(maxBytes?: number): Promise<Measured> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-bench-flood-'));
  const { child, port } = await startFloodServer();
  let linesStreamed = 0;
  const service = createServiceHandlers({
    dataDir: dir,
    secrets: memorySecretStore(),
    emit: (channel, payload) => {
      if (channel === 'run/transcript') linesStreamed += (payload as { events: unknown[] }).events.length;
    },
    host: 'browser',
    runDefaults: { dnsServer: DNS_CLOSED_SERVER, publicIpResolvers: [] },
    sandboxPorts: { smtp: 0, tls: 0 },
  });
  try {
    const fields = { ...emptyProfileFields(), name: 'Flood', ehloName: 'client.smtp-probe.test', targetKind: 'host' as const, target: '127.0.0.1', port, security: 'none' as const };
    const profileId = value(await service['profiles/save']({ fields })).id;
    const runId = crypto.randomUUID();
    const before = memory();
    const paused = value(await service['run/start']({ runId, profileId, until: 'banner' }));
    if (paused.status !== 'paused') throw new Error(`paused-flood bench: the run did not pause (${paused.status})`);

    const flooded = new Promise<FloodReport>((resolve) => child.once('message', resolve));
    child.send({ type: 'flood', ms: FLOOD_MS, ...(maxBytes === undefined ? {} : { maxBytes }) } satisfies FloodOrder);
    const flood = await flooded;
    await settle(() => linesStreamed);
    const after = memory();

    // With the cap the connection is already closed: Continue shows the finding. Without it, Stop.
    const done = value(await service[flood.closedByClient ? 'run/continue' : 'run/cancel']({ runId }));
    const report = done.report;
    if (!report) throw new Error('paused-flood bench: no report');
    const error = report.smtp?.error;
    const findings = report.findings.map((f) => f.code).filter((c) => c.startsWith('session.') || c.startsWith('run.'));
    return {
      flood,
      heapGrowth: after.heap - before.heap,
      rssGrowth: after.rss - before.rss,
      linesStreamed,
      runFileBytes: (await stat(path.join(dir, 'runs', profileId, `${runId}.json`))).size,
      transcriptLines: report.transcript.length,
      outcome: [error ? `${error.code} at ${error.phase}` : 'no SMTP error', ...findings].join(', '),
    };
  } finally {
    await service.dispose();
    child.disconnect();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The "before": the same run with every unread reply fitting, restored afterwards. */
async function withoutCap<T>(fn: () => Promise<T>): Promise<T> {
  const overflow = Object.getOwnPropertyDescriptor(UnreadReplies.prototype, 'overflow') as PropertyDescriptor;
  Object.defineProperty(UnreadReplies.prototype, 'overflow', { ...overflow, value: () => undefined });
  try {
    return await fn();
  } finally {
    Object.defineProperty(UnreadReplies.prototype, 'overflow', overflow);
  }
}

const closedNote = (m: Measured) =>
  `we closed the connection after ${Math.round(m.flood.ms)} ms; run/continue: ${m.outcome}. Counted as the kernel took them: most stayed in loopback socket buffers, never read, and went with the close`;
const openNote = (m: Measured) =>
  `the flood ended after ${Math.round(m.flood.ms)} ms with the connection open and the client read it all while paused; then run/cancel (Stop): ${m.outcome}`;

function rows(label: string, m: Measured, conditions: string): BenchResult[] {
  return [
    { name: `paused run flooded (${label}): bytes the server sent`, value: m.flood.bytes / 1024, unit: 'KiB', note: `${conditions}; ${m.flood.closedByClient ? closedNote(m) : openNote(m)}` },
    { name: `paused run flooded (${label}): heap growth while paused (after GC)`, value: m.heapGrowth / MiB, unit: 'MiB', note: 'heapUsed after the flood minus before run/start, engine and service in this process, the server in another' },
    { name: `paused run flooded (${label}): RSS growth while paused (after GC)`, value: m.rssGrowth / MiB, unit: 'MiB', note: 'process RSS, same moments' },
    { name: `paused run flooded (${label}): saved run file`, value: m.runFileBytes / 1024, unit: 'KiB', note: '`runs/<profile>/<run>.json` after the run ended' },
    { name: `paused run flooded (${label}): transcript lines kept`, value: m.transcriptLines, unit: 'lines', note: `in the saved report (a transcript keeps at most its last 200,000 events); ${m.linesStreamed} lines went to the page's event stream` },
  ];
}

export async function benchPausedFlood(): Promise<BenchResult[]> {
  const capped = await floodPausedRun();
  const uncapped = await withoutCap(() => floodPausedRun(UNCAPPED_MAX_BYTES));
  if (!capped.flood.closedByClient || uncapped.flood.closedByClient) throw new Error('paused-flood bench: the capped run must be closed by us, the uncapped one not');
  return [
    ...rows('capped', capped, `as shipped; server writes 64-byte replies as fast as the socket takes them for up to ${FLOOD_MS / 1000} s`),
    ...rows('cap disabled', uncapped, `the before: cap disabled in the bench process; same server, stopped at ${UNCAPPED_MAX_BYTES / MiB} MiB or ${FLOOD_MS / 1000} s`),
  ];
}
