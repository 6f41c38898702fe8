/**
 * Recent runs per profile: runs/<profileId>/<runId>.json, each a RunReport as runCheck returned it
 * (AUTH lines redacted where they were made, then every form of the password scrubbed from the
 * whole report: smtp/secret-scrubber.ts). The newest RUNS_KEPT per profile are kept so an
 * admin can reopen or export yesterday's test; a file read back is brought to the current report
 * format (report-migrations.ts) and checked against the report schema.
 * A check over both IP versions is two runs linked by a pair record, <pairId>.pair.json beside them
 * ({ runIds, outcomes, exitCode }): the list shows the two as one item while both are kept, and
 * `getPair` compares them again from the saved reports (shared/family-comparison.ts). A pair loses
 * its record when either run is pruned; the run left is listed on its own.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { compareFamilies } from '../../../shared/family-comparison.ts';
import { FAMILY_OUTCOMES, IP_VERSIONS, type FamilyComparison, type IpVersion } from '../../../shared/family-pair.ts';
import type { RunOutcome, RunSummary } from '../../../shared/ipc/contract.ts';
import { parseRunReport } from '../../../shared/report.ts';
import type { RunReport } from '../../../shared/report.ts';
import { writeFileAtomic, type AtomicWriteOptions } from './atomic-file.ts';
import { migrateReport } from './report-migrations.ts';
import { StoreError, fsErrorCode } from './store-error.ts';

export const RUNS_DIR = 'runs';
export const RUNS_KEPT = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAIR_SUFFIX = '.pair.json';

const pairRecordSchema = z.object({
  runIds: z.object({ ipv4: z.string().regex(UUID), ipv6: z.string().regex(UUID) }),
  outcomes: z.object({ ipv4: z.enum(FAMILY_OUTCOMES), ipv6: z.enum(FAMILY_OUTCOMES) }),
  exitCode: z.number().int().min(0).max(255),
});
type PairRecord = z.infer<typeof pairRecordSchema>;

export interface RunsStoreOptions {
  dataDir: string;
  atomic?: AtomicWriteOptions;
}

/** Stop pressed is "stopped", whatever the steps say; a deadline is a failure like any other. */
function outcomeOf(r: RunReport): RunOutcome {
  if (r.interrupted?.reason === 'cancelled') return 'stopped';
  return r.exitCode === 0 && r.interrupted === undefined ? 'pass' : 'fail';
}

function summaryOf(profileId: string, runId: string, r: RunReport): RunSummary {
  return {
    runId,
    profileId,
    startedAt: r.startedAt,
    target: r.target.host ?? r.target.domain ?? r.target.address ?? '',
    exitCode: r.exitCode,
    outcome: outcomeOf(r),
    errors: r.findings.filter((f) => f.severity === 'error').length,
    warnings: r.findings.filter((f) => f.severity === 'warning').length,
  };
}

/** The one item a pair is listed as: its IPv4 run's summary, with the pair's verdict and both runs' findings counted. */
function pairSummaryOf(pairId: string, pair: PairRecord, runs: Record<IpVersion, RunSummary>): RunSummary {
  const failed = IP_VERSIONS.some((v) => pair.outcomes[v] === 'fail');
  return {
    ...runs.ipv4,
    exitCode: pair.exitCode,
    outcome: failed ? 'fail' : 'pass',
    errors: runs.ipv4.errors + runs.ipv6.errors,
    warnings: runs.ipv4.warnings + runs.ipv6.warnings,
    pair: { pairId, runIds: pair.runIds, outcomes: pair.outcomes },
  };
}

export class RunsStore {
  /**
   * Summaries already read, by run file and its modification time: the sidebar asks for every
   * profile's latest run after each save and run, and a run file can hold megabytes of transcript.
   */
  private readonly summaries = new Map<string, { mtimeNs: bigint; summary: RunSummary }>();

  constructor(private readonly o: RunsStoreOptions) {}

  private dir(profileId: string): string {
    // Ids are UUIDs (checked by the contract); checked again because they become path parts.
    if (!UUID.test(profileId)) throw new StoreError('EINVALID', 'profileId must be a UUID', 'profileId');
    return path.join(this.o.dataDir, RUNS_DIR, profileId);
  }

  private file(profileId: string, runId: string): string {
    if (!UUID.test(runId)) throw new StoreError('EINVALID', 'runId must be a UUID', 'runId');
    return path.join(this.dir(profileId), `${runId}.json`);
  }

  private pairFile(profileId: string, pairId: string): string {
    if (!UUID.test(pairId)) throw new StoreError('EINVALID', 'pairId must be a UUID', 'pairId');
    return path.join(this.dir(profileId), `${pairId}${PAIR_SUFFIX}`);
  }

  async save(profileId: string, runId: string, report: RunReport): Promise<void> {
    try {
      await writeFileAtomic(this.file(profileId, runId), JSON.stringify(report), this.o.atomic);
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError('ESTORAGE', `The run could not be saved (${fsErrorCode(err) ?? 'error'})`);
    }
    await this.prune(profileId);
  }

  async get(profileId: string, runId: string): Promise<RunReport> {
    let raw: string;
    try {
      raw = await fsp.readFile(this.file(profileId, runId), 'utf8');
    } catch (err) {
      if (err instanceof StoreError) throw err;
      if (fsErrorCode(err) === 'ENOENT') throw new StoreError('ENOTFOUND', 'No such run (runs older than the newest 20 are not kept)');
      throw new StoreError('ESTORAGE', `The run could not be read (${fsErrorCode(err) ?? 'error'})`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(raw);
    } catch {
      throw new StoreError('ESTORAGE', 'The saved run is damaged (not valid JSON)');
    }
    // Runs saved by older versions are read in today's format; the file stays as it was.
    const checked = parseRunReport(migrateReport(doc));
    if (!checked.ok) throw new StoreError('ESTORAGE', `The saved run cannot be shown. ${checked.message}`);
    return checked.report;
  }

  /** Links two saved runs of a profile, one over each IP version, as one item; `comparison` is theirs. */
  async savePair(profileId: string, pairId: string, runIds: Record<IpVersion, string>, comparison: FamilyComparison): Promise<void> {
    const record: PairRecord = { runIds, outcomes: comparison.outcomes, exitCode: comparison.exitCode };
    try {
      await writeFileAtomic(this.pairFile(profileId, pairId), JSON.stringify(record), this.o.atomic);
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError('ESTORAGE', `The pair of runs could not be saved (${fsErrorCode(err) ?? 'error'})`);
    }
  }

  /** Both runs of a pair compared again, from their saved reports. */
  async getPair(profileId: string, pairId: string): Promise<{ comparison: FamilyComparison; runIds: Record<IpVersion, string> }> {
    const record = await this.pairRecord(profileId, pairId);
    if (!record) throw new StoreError('ENOTFOUND', 'No such pair of runs (runs older than the newest 20 are not kept)');
    const [ipv4, ipv6] = await Promise.all(IP_VERSIONS.map((v) => this.get(profileId, record.runIds[v])));
    if (!ipv4 || !ipv6) throw new StoreError('ENOTFOUND', 'A run of the pair is missing');
    return { comparison: compareFamilies({ ipv4, ipv6 }), runIds: record.runIds };
  }

  /** Newest first; damaged files are left out of the list (and left on disk); the two runs of a pair are one item. */
  async list(profileId: string): Promise<RunSummary[]> {
    const byRun = new Map<string, RunSummary>();
    for (const e of await this.entries(profileId)) {
      const summary = await this.summary(profileId, e);
      if (summary) byRun.set(summary.runId, summary);
    }
    const out: RunSummary[] = [];
    for (const [pairId, pair] of await this.pairs(profileId)) {
      const ipv4 = byRun.get(pair.runIds.ipv4);
      const ipv6 = byRun.get(pair.runIds.ipv6);
      if (!ipv4 || !ipv6) continue;
      byRun.delete(ipv4.runId);
      byRun.delete(ipv6.runId);
      out.push(pairSummaryOf(pairId, pair, { ipv4, ipv6 }));
    }
    return [...out, ...byRun.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** A pair record, or undefined when it is missing or damaged. */
  private async pairRecord(profileId: string, pairId: string): Promise<PairRecord | undefined> {
    const raw = await fsp.readFile(this.pairFile(profileId, pairId), 'utf8').catch(() => undefined);
    if (raw === undefined) return undefined;
    try {
      const checked = pairRecordSchema.safeParse(JSON.parse(raw));
      return checked.success ? checked.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** The readable pair records of a profile, by pair id. */
  private async pairs(profileId: string): Promise<Map<string, PairRecord>> {
    const out = new Map<string, PairRecord>();
    const names = await fsp.readdir(this.dir(profileId)).catch(() => [] as string[]);
    for (const name of names) {
      const pairId = name.endsWith(PAIR_SUFFIX) ? name.slice(0, -PAIR_SUFFIX.length) : '';
      if (!UUID.test(pairId)) continue;
      const record = await this.pairRecord(profileId, pairId);
      if (record) out.set(pairId, record);
    }
    return out;
  }

  /**
   * The newest readable run of a profile (by file time: one file read, not the whole list); when
   * it is one of a pair, the pair's item as the list gives it, so the sidebar's icon is the pair's.
   */
  async latest(profileId: string): Promise<RunSummary | undefined> {
    const entries = await this.entries(profileId);
    for (const e of entries) {
      const summary = await this.summary(profileId, e);
      if (summary) return (await this.pairItem(profileId, summary, entries)) ?? summary;
    }
    return undefined;
  }

  /** The pair item of the pair `summary`'s run belongs to, when both its runs are readable. */
  private async pairItem(profileId: string, summary: RunSummary, entries: { runId: string; mtimeNs: bigint }[]): Promise<RunSummary | undefined> {
    for (const [pairId, pair] of await this.pairs(profileId)) {
      if (pair.runIds.ipv4 !== summary.runId && pair.runIds.ipv6 !== summary.runId) continue;
      const read = (v: IpVersion) => {
        const entry = entries.find((e) => e.runId === pair.runIds[v]);
        return entry ? this.summary(profileId, entry) : undefined;
      };
      const [ipv4, ipv6] = await Promise.all([read('ipv4'), read('ipv6')]);
      return ipv4 && ipv6 ? pairSummaryOf(pairId, pair, { ipv4, ipv6 }) : undefined;
    }
    return undefined;
  }

  /** A damaged or vanished run file is no summary (and stays on disk). Read once per version of the file. */
  private async summary(profileId: string, { runId, mtimeNs }: { runId: string; mtimeNs: bigint }): Promise<RunSummary | undefined> {
    const key = `${profileId}/${runId}`;
    const known = this.summaries.get(key);
    if (known?.mtimeNs === mtimeNs) return known.summary;
    const report = await this.get(profileId, runId).catch((err: unknown) => {
      if (err instanceof StoreError && (err.code === 'ESTORAGE' || err.code === 'ENOTFOUND')) return undefined;
      throw err;
    });
    if (!report) return undefined;
    const summary = summaryOf(profileId, runId, report);
    this.summaries.set(key, { mtimeNs, summary });
    return summary;
  }

  async removeAll(profileId: string): Promise<void> {
    await fsp.rm(this.dir(profileId), { recursive: true, force: true });
    for (const key of this.summaries.keys()) if (key.startsWith(`${profileId}/`)) this.summaries.delete(key);
  }

  /** Run files of a profile, newest first by modification time (a file vanished meanwhile is left out). */
  private async entries(profileId: string): Promise<{ runId: string; mtimeNs: bigint }[]> {
    const dir = this.dir(profileId);
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch (err) {
      if (fsErrorCode(err) === 'ENOENT') return [];
      throw new StoreError('ESTORAGE', `The runs could not be listed (${fsErrorCode(err) ?? 'error'})`);
    }
    const out: { runId: string; mtimeNs: bigint }[] = [];
    for (const name of names) {
      const m = /^(.+)\.json$/.exec(name);
      if (!m?.[1] || !UUID.test(m[1])) continue;
      // Nanoseconds: runs saved within one millisecond still keep their order.
      const stat = await fsp.stat(path.join(dir, name), { bigint: true }).catch(() => undefined);
      if (stat) out.push({ runId: m[1], mtimeNs: stat.mtimeNs });
    }
    return out.sort((a, b) => (a.mtimeNs === b.mtimeNs ? 0 : a.mtimeNs < b.mtimeNs ? 1 : -1));
  }

  private async prune(profileId: string): Promise<void> {
    const entries = await this.entries(profileId);
    for (const e of entries.slice(RUNS_KEPT)) {
      await fsp.rm(this.file(profileId, e.runId), { force: true });
      this.summaries.delete(`${profileId}/${e.runId}`);
    }
    if (entries.length <= RUNS_KEPT) return;
    // A pair with a run gone is no pair: its record goes, the run left is listed on its own.
    const kept = new Set(entries.slice(0, RUNS_KEPT).map((e) => e.runId));
    for (const [pairId, pair] of await this.pairs(profileId)) {
      if (!IP_VERSIONS.every((v) => kept.has(pair.runIds[v]))) await fsp.rm(this.pairFile(profileId, pairId), { force: true });
    }
  }
}
