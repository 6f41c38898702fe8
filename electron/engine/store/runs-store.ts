/**
 * Recent runs per profile: runs/<profileId>/<runId>.json, each a RunReport as runCheck returned it
 * (AUTH lines redacted where they were made, then every form of the password scrubbed from the
 * whole report: smtp/secret-scrubber.ts). The newest RUNS_KEPT per profile are kept so an
 * admin can reopen or export yesterday's test; a file read back is brought to the current report
 * format (report-migrations.ts) and checked against the report schema.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { RunOutcome, RunSummary } from '../../../shared/ipc/contract.ts';
import { parseRunReport } from '../../../shared/report.ts';
import type { RunReport } from '../../../shared/report.ts';
import { writeFileAtomic, type AtomicWriteOptions } from './atomic-file.ts';
import { migrateReport } from './report-migrations.ts';
import { StoreError, fsErrorCode } from './store-error.ts';

export const RUNS_DIR = 'runs';
export const RUNS_KEPT = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

  /** Newest first; damaged files are left out of the list (and left on disk). */
  async list(profileId: string): Promise<RunSummary[]> {
    const out: RunSummary[] = [];
    for (const e of await this.entries(profileId)) {
      const summary = await this.summary(profileId, e);
      if (summary) out.push(summary);
    }
    return out.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** The newest readable run of a profile (by file time: one file read, not the whole list). */
  async latest(profileId: string): Promise<RunSummary | undefined> {
    for (const e of await this.entries(profileId)) {
      const summary = await this.summary(profileId, e);
      if (summary) return summary;
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
  }
}
