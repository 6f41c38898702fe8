/**
 * `npm run bench`: runs every benchmark and rewrites the results table of docs/PERFORMANCE.md
 * (between the BENCH markers). Numbers, never assertions: speed is measured here, not in tests.
 * `npm run bench -- ui` (or micro, session, flood, rtt, startup, dns, tti, main; several may be named) runs only those groups and
 * replaces only their rows, keeping the others and the table's "Measured" line (test/bench/results-table.ts).
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDnsRoundTrips } from './dns-rtt.ts';
import { benchMainLoad } from './main-load.ts';
import { benchDataEncoding, benchHostileMemory, benchReplyParser } from './micro.ts';
import type { BenchResult } from './micro.ts';
import { benchPausedFlood } from './paused-flood.ts';
import { benchRoundTrips } from './rtt.ts';
import { benchEngineOverhead, benchSessions } from './session.ts';
import { benchStartup } from './startup.ts';
import { mergeResultsTable } from './results-table.ts';
import { benchUiStartup } from './ui-startup.ts';
import { benchTranscriptUi } from './ui-transcript.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const doc = path.join(root, 'docs', 'PERFORMANCE.md');

const GROUPS = {
  micro: async () => [...benchReplyParser(), ...benchDataEncoding(), ...benchHostileMemory()],
  session: async () => [...(await benchEngineOverhead()), ...(await benchSessions())],
  ui: () => benchTranscriptUi(),
  flood: () => benchPausedFlood(),
  rtt: () => benchRoundTrips(),
  startup: () => benchStartup(),
  dns: () => benchDnsRoundTrips(),
  tti: () => benchUiStartup(),
  main: () => benchMainLoad(),
} satisfies Record<string, () => Promise<BenchResult[]>>;
type Group = keyof typeof GROUPS;

const chosen = process.argv.slice(2);
const unknown = chosen.filter((g) => !(g in GROUPS));
if (unknown.length > 0) throw new Error(`unknown benchmark group ${unknown.join(', ')}: use ${Object.keys(GROUPS).join(', ')}`);
const groups = (chosen.length > 0 ? chosen : Object.keys(GROUPS)) as Group[];
const results: BenchResult[] = [];
for (const g of groups) results.push(...(await GROUPS[g]()));

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const shown = (r: BenchResult) => r.value.toFixed(r.digits ?? (r.value >= 100 ? 0 : 1));
const row = (r: BenchResult) => `| ${r.name} | ${shown(r)} ${r.unit} | ${r.note} |`;
const today = new Date().toISOString().slice(0, 10);
const fullTable = () =>
  [
    `Measured ${today} on ${os.cpus().length} × ${cpu}, Node ${process.version}, ${os.platform()} ${os.release()}.`,
    '',
    '| benchmark | result | conditions |',
    '|---|---:|---|',
    ...results.map(row),
  ].join('\n');

for (const r of results) console.log(`${r.name.padEnd(52)} ${shown(r).padStart(10)} ${r.unit}`);

const current = await readFile(doc, 'utf8');
const begin = '<!-- BENCH:BEGIN -->';
const end = '<!-- BENCH:END -->';
const a = current.indexOf(begin);
const b = current.indexOf(end);
if (a < 0 || b < a) throw new Error(`${doc} has no ${begin} … ${end} section`);
const fresh = new Map(results.map((r) => [r.name, row(r)]));
const table = chosen.length > 0 ? mergeResultsTable(current.slice(a + begin.length, b).trim(), fresh, groups, today) : fullTable();
await writeFile(doc, `${current.slice(0, a + begin.length)}\n${table}\n${current.slice(b)}`);
console.log(`\nwritten to ${path.relative(root, doc)}`);
