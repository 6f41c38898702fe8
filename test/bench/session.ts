/**
 * End-to-end benchmark: whole runs of the engine (connect, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA,
 * QUIT) against the built-in test server on loopback, sequential and concurrent, with memory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '../../electron/engine/sandbox/index.ts';
import { runSmtp } from '../../electron/engine/smtp/run-smtp.ts';
import { createTranscript } from '../../electron/engine/transcript.ts';
import type { BenchResult } from './micro.ts';
import { runOptions } from '../helpers/direct-connection.ts';

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

export async function benchSessions(): Promise<BenchResult[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-bench-'));
  const sandbox = await startSandbox({ dataDir: dir, smtpPort: 0, tlsPort: 0 });
  const run = async () => {
    const transcript = createTranscript();
    const start = performance.now();
    const evidence = await runSmtp(runOptions({
      host: '127.0.0.1',
      port: sandbox.smtpPort,
      security: 'starttls',
      ca: [sandbox.certificatePem],
      ehloName: 'bench.smtp-probe.test',
      auth: { user: sandbox.credentials.user, password: sandbox.credentials.password },
      from: 'bench@sandbox.smtp-probe.test',
      to: ['rcpt@sandbox.smtp-probe.test'],
      message: { subject: 'bench', text: 'x'.repeat(2000) },
      transcript,
    }));
    if (evidence.error || !evidence.data?.queueId) throw new Error(`bench session failed: ${JSON.stringify(evidence.error)}`);
    return performance.now() - start;
  };
  try {
    for (let i = 0; i < 5; i++) await run(); // warm-up: JIT, TLS session setup
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    const sequential: number[] = [];
    for (let i = 0; i < 50; i++) sequential.push(await run());
    const concurrentStart = performance.now();
    await Promise.all(Array.from({ length: 20 }, () => run()));
    const concurrentMs = performance.now() - concurrentStart;
    global.gc?.();
    const rssAfter = process.memoryUsage().rss;
    const heapAfter = process.memoryUsage().heapUsed;
    return [
      { name: 'full session (STARTTLS+AUTH+DATA), median', value: percentile(sequential, 50), unit: 'ms', note: '50 sequential runs against the built-in server on loopback; includes smtp-server\'s fixed 100 ms early-talker pause before the banner and its fsync of the .eml' },
      { name: 'full session (STARTTLS+AUTH+DATA), p95', value: percentile(sequential, 95), unit: 'ms', note: 'same 50 runs' },
      { name: '20 concurrent full sessions, wall time', value: concurrentMs, unit: 'ms', note: 'engine and server in one process on a 2-core machine' },
      { name: 'heap growth over 70 sessions (after GC)', value: (heapAfter - heapBefore) / 1024 / 1024, unit: 'MiB', note: 'heapUsed after minus before, engine + server in one process' },
      { name: 'RSS growth over 70 sessions (after GC)', value: (rssAfter - rssBefore) / 1024 / 1024, unit: 'MiB', note: 'process RSS; includes allocator arenas that the OS has not taken back' },
    ];
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The engine's own overhead, without a real server's pauses: plaintext sessions (EHLO, MAIL, RCPT,
 * DATA, QUIT) against a scripted server that answers at once.
 */
export async function benchEngineOverhead(): Promise<BenchResult[]> {
  const { startHostileServer } = await import('../helpers/hostile-server.ts');
  let inData = false;
  const server = await startHostileServer({
    greeting: '220 bench.test ESMTP\r\n',
    onLine(line, ctx) {
      if (inData) {
        if (line === '.') {
          inData = false;
          ctx.write('250 2.0.0 Ok: queued as BENCH1\r\n');
        }
        return;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') ctx.write('250-bench.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n250 ENHANCEDSTATUSCODES\r\n');
      else if (verb === 'DATA') {
        inData = true;
        ctx.write('354 go ahead\r\n');
      } else if (verb === 'QUIT') ctx.end('221 2.0.0 Bye\r\n');
      else ctx.write('250 2.1.0 Ok\r\n');
    },
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < 220; i++) {
      const start = performance.now();
      const evidence = await runSmtp(runOptions({
        host: '127.0.0.1',
        port: server.port,
        security: 'none',
        ehloName: 'bench.smtp-probe.test',
        from: 'a@bench.test',
        to: ['b@bench.test'],
        message: { subject: 'bench', text: 'x'.repeat(2000) },
        transcript: createTranscript(),
      }));
      if (evidence.error || evidence.data?.queueId !== 'BENCH1') throw new Error(`bench session failed: ${JSON.stringify(evidence.error)}`);
      if (i >= 20) times.push(performance.now() - start);
    }
  } finally {
    await server.close();
  }
  return [
    { name: 'engine overhead per plaintext session, median', value: percentile(times, 50), unit: 'ms', note: '200 runs (after 20 warm-up) against a scripted loopback server that answers at once; includes composing the message' },
    { name: 'engine overhead per plaintext session, p95', value: percentile(times, 95), unit: 'ms', note: 'same runs' },
  ];
}
