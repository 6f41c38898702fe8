/**
 * The final report crosses the real WebSocket bridge once (docs/PERFORMANCE.md): a run of the real
 * handler table whose runCheck streams LINES transcript lines, watched frame by frame as a page
 * receives them. The lines go once in the `run/transcript` batches and once more inside the report,
 * in the answer to `run/start`; the `run/state` events carry no report.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHandlers, memorySecretStore, type ServiceHandlers } from '../../../electron/engine/service/index.ts';
import { startBrowserMode, type BrowserMode } from '../../../electron/serve/server.ts';
import { encodeRequest } from '../../../shared/ipc/bridge-protocol.ts';
import type { TranscriptEvent } from '../../../shared/transcript.ts';
import { value } from '../../helpers/service-table.ts';
import { streamedLineText, streamingRunCheck } from '../../helpers/streaming-run.ts';

const LINES = 5_000;
const lastLine = streamedLineText(LINES);

let base: string;
let mode: BrowserMode;
let service: ServiceHandlers | undefined;

beforeAll(async () => {
  base = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-report-once-'));
  const rendererDir = path.join(base, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>SMTP Probe</title>');
  mode = await startBrowserMode({
    rendererDir,
    handlers: (emit) => (service = createServiceHandlers({ dataDir: path.join(base, 'data'), secrets: memorySecretStore(), emit, host: 'browser' }, { runCheck: streamingRunCheck(LINES) })),
  });
});
afterAll(async () => {
  await mode.close();
  await service?.dispose();
  rmSync(base, { recursive: true, force: true });
});

/** A page's socket (the token's cookie set by opening the page), keeping every frame it receives. */
async function pageSocket(): Promise<{ ws: WebSocket; frames: string[] }> {
  const origin = `http://127.0.0.1:${mode.port}`;
  const page = await fetch(`${origin}/?token=${mode.token}`, { redirect: 'manual' });
  const cookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const ws = new WebSocket(`ws://127.0.0.1:${mode.port}/api?token=${mode.token}`, { headers: { origin, cookie } });
  const frames: string[] = [];
  ws.on('message', (data: Buffer) => frames.push(data.toString('utf8')));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, frames };
}

describe('a run over the WebSocket bridge', () => {
  it(`sends the final report once: ${LINES} lines in the batches, then in the answer to run/start, never in a run/state event`, async () => {
    const saved = value(await service!['profiles/save']({ fields: { name: 'Stream', targetKind: 'host', target: '127.0.0.1', security: 'none', tlsVerify: true, family: 0, allowPlaintextAuth: false, to: [], headers: [], timeouts: {} } }));
    const { ws, frames } = await pageSocket();
    try {
      const runId = crypto.randomUUID();
      ws.send(encodeRequest({ id: 'start-1', channel: 'run/start', input: { runId, profileId: saved.id } }));
      const isAnswer = (f: string) => f.startsWith('{"id":"start-1"');
      await expect.poll(() => frames.some(isAnswer), { timeout: 20_000 }).toBe(true);

      const answer = frames.find(isAnswer)!;
      const parsed = JSON.parse(answer) as { result: { ok: true; value: { status: string; report: { transcript: TranscriptEvent[] } } } };
      expect(parsed.result.value.status).toBe('done');
      expect(parsed.result.value.report.transcript).toHaveLength(LINES);

      const kind = (f: string) => (f.startsWith('{"event":') ? (JSON.parse(f) as { event: string }).event : isAnswer(f) ? 'answer' : 'other');
      const bytesOf = (k: string) => frames.filter((f) => kind(f) === k).reduce((n, f) => n + Buffer.byteLength(f), 0);
      // The last line travels twice: streamed in its batch, and inside the report.
      expect(frames.filter((f) => f.includes(lastLine)).map(kind)).toEqual(['run/transcript', 'answer']);
      const states = frames.filter((f) => kind(f) === 'run/state').map((f) => JSON.parse(f) as { payload: { status: string; report?: unknown } });
      expect(states.map((s) => s.payload.status)).toEqual(['running', 'done']);
      expect(states.every((s) => s.payload.report === undefined)).toBe(true);
      // Every byte sent: the streamed lines, the one report, and a few small events (each state under 200 bytes).
      const total = frames.reduce((n, f) => n + Buffer.byteLength(f), 0);
      expect(bytesOf('run/state')).toBeLessThan(400);
      expect(total - bytesOf('run/transcript') - bytesOf('answer')).toBeLessThan(1_000);
      expect(bytesOf('answer')).toBeLessThan(1.2 * bytesOf('run/transcript'));
    } finally {
      ws.close();
    }
  });
});
