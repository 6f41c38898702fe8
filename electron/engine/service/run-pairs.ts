/**
 * Both IP versions in the app: the page runs the profile over one version, then over the other
 * with `pairWith` (run/start), and the second run, once saved, is linked with the first as one
 * pair (runs-store.ts), unless it was stopped. The pair is exported as one ticket
 * (shared/family-pair-format.ts): the comparison, then each run's report.
 */
import { compareFamilies } from '../../../shared/family-comparison.ts';
import type { IpVersion } from '../../../shared/family-pair.ts';
import { findingsFor } from '../../../shared/findings.ts';
import { formatFamilyPair } from '../../../shared/family-pair-format.ts';
import { fail } from '../../../shared/ipc/result.ts';
import type { Result } from '../../../shared/ipc/result.ts';
import type { RunState } from '../../../shared/ipc/contract.ts';
import type { ReportFormat } from '../../../shared/report-format.ts';
import type { RunReport } from '../../../shared/report.ts';
import { StoreError } from '../store/store-error.ts';
import { reportFileName } from './file-names.ts';
import type { Stores } from './service-context.ts';

interface PendingPair {
  pairId: string;
  /** The first run of the pair, saved already. */
  firstRunId: string;
  /** The version of the run that is going now. */
  version: IpVersion;
}

const VERSION_OF = { 4: 'ipv4', 6: 'ipv6' } as const satisfies Record<4 | 6, IpVersion>;

export class RunPairs {
  /** Second runs of a pair, by run id, until they are saved. */
  private readonly pending = new Map<string, PendingPair>();

  constructor(private readonly stores: () => Promise<Stores>) {}

  /** Starts a run; with `pairWith` (and its `family`), only when it can be paired, and expected to be. */
  async start(profileId: string, runId: string, family: 4 | 6 | undefined, pairWith: { pairId: string; runId: string } | undefined, start: () => Promise<Result<RunState>>): Promise<Result<RunState>> {
    if (pairWith !== undefined && family !== undefined) {
      const refused = await this.expect(profileId, runId, family, pairWith);
      if (refused) return refused;
    }
    const started = await start();
    // A refused start: nothing to link.
    if (!started.ok) this.pending.delete(runId);
    return started;
  }

  /**
   * Before the second run starts: the first is a saved run of this profile over the other version,
   * not stopped. The refusal names `pairWith`; undefined when the run may go.
   */
  private async expect(profileId: string, runId: string, family: 4 | 6, pairWith: { pairId: string; runId: string }): Promise<Result<never> | undefined> {
    const first = await (await this.stores()).runs.get(profileId, pairWith.runId).catch((err: unknown) => {
      if (err instanceof StoreError) return err;
      throw err;
    });
    if (first instanceof StoreError) return fail(first.code, `Both IP versions: the first run cannot be paired. ${first.message}`, 'pairWith');
    const other = family === 4 ? 6 : 4;
    if (first.request.family !== other) return fail('EINVALID', `Both IP versions: the first run went over ${first.request.family === undefined ? 'any IP version' : `IPv${first.request.family}`}, not IPv${other}`, 'pairWith');
    if (first.interrupted?.reason === 'cancelled') return fail('EINVALID', 'Both IP versions: the first run was stopped', 'pairWith');
    this.pending.set(runId, { pairId: pairWith.pairId, firstRunId: pairWith.runId, version: VERSION_OF[family] });
    return undefined;
  }

  /** After a run is saved: the second run of a pair is linked with the first (a stopped one is not). */
  async afterSave(profileId: string, runId: string, report: RunReport): Promise<void> {
    const pending = this.pending.get(runId);
    if (!pending) return;
    this.pending.delete(runId);
    if (report.interrupted?.reason === 'cancelled') return;
    const { runs } = await this.stores();
    const first = await runs.get(profileId, pending.firstRunId);
    const reports = pending.version === 'ipv6' ? { ipv4: first, ipv6: report } : { ipv4: report, ipv6: first };
    const runIds = pending.version === 'ipv6' ? { ipv4: pending.firstRunId, ipv6: runId } : { ipv4: runId, ipv6: pending.firstRunId };
    await runs.savePair(profileId, pending.pairId, runIds, compareFamilies(reports));
  }

  /** The pair as one export, in the app's words (the profile's controls, not command-line flags). */
  async exported(profileId: string, pairId: string, format: ReportFormat): Promise<{ text: string; fileName: string }> {
    const s = await this.stores();
    const { comparison } = await s.runs.getPair(profileId, pairId);
    const forApp = (r: RunReport): RunReport => ({ ...r, findings: findingsFor(r.findings, 'app') });
    const shown = { ...comparison, ipv4: forApp(comparison.ipv4), ipv6: forApp(comparison.ipv6) };
    const profileName = s.profiles.get(profileId)?.name;
    const text = formatFamilyPair(shown, format, profileName !== undefined ? { profileName } : {});
    const t = comparison.ipv4.target;
    return { text, fileName: reportFileName(`${t.host ?? t.domain ?? t.address ?? 'target'}-ipv4-ipv6`, new Date(comparison.ipv4.startedAt), format) };
  }
}

