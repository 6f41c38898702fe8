/**
 * `npm run bench`: runs every benchmark and rewrites the results table of docs/PERFORMANCE.md
 * (between the BENCH markers). Numbers, never assertions: speed is measured here, not in tests.
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDataEncoding, benchHostileMemory, benchReplyParser } from './micro.ts';
import type { BenchResult } from './micro.ts';
import { benchEngineOverhead, benchSessions } from './session.ts';
import { benchTranscriptUi } from './ui-transcript.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const doc = path.join(root, 'docs', 'PERFORMANCE.md');

const results: BenchResult[] = [...benchReplyParser(), ...benchDataEncoding(), ...benchHostileMemory(), ...(await benchEngineOverhead()), ...(await benchSessions()), ...(await benchTranscriptUi())];

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${cpu}, Node ${process.version}, ${os.platform()} ${os.release()}.`,
  '',
  '| benchmark | result | conditions |',
  '|---|---:|---|',
  ...results.map((r) => `| ${r.name} | ${r.value.toFixed(r.value >= 100 ? 0 : 1)} ${r.unit} | ${r.note} |`),
].join('\n');

for (const r of results) console.log(`${r.name.padEnd(52)} ${r.value.toFixed(1).padStart(10)} ${r.unit}`);

const current = await readFile(doc, 'utf8');
const begin = '<!-- BENCH:BEGIN -->';
const end = '<!-- BENCH:END -->';
const a = current.indexOf(begin);
const b = current.indexOf(end);
if (a < 0 || b < a) throw new Error(`${doc} has no ${begin} … ${end} section`);
await writeFile(doc, `${current.slice(0, a + begin.length)}\n${table}\n${current.slice(b)}`);
console.log(`\nwritten to ${path.relative(root, doc)}`);
