/**
 * The app's operations as ONE handler table typed by the shared contract (shared/ipc/contract.ts).
 * Electron IPC (electron/main), the browser-mode WebSocket bridge (electron/serve) and tests all
 * call this table; a host only adapts transport, sender checks and secrets. Inputs arrive already
 * validated with the contract's schemas; every handler returns a Result and never throws (guard.ts).
 */
import os from 'node:os';
import { openableUrl } from '../../../shared/known-replies/doc-links.ts';
import type { EventPayloads, Handlers, InvokeParsed, RunSummary } from '../../../shared/ipc/contract.ts';
import { fail, ok } from '../../../shared/ipc/result.ts';
import type { Result } from '../../../shared/ipc/result.ts';
import { findingsFor } from '../../../shared/findings.ts';
import { bothFamiliesProblem } from '../../../shared/input-rules.ts';
import type { Profile } from '../../../shared/profile.ts';
import { formatReport } from '../../../shared/report-format.ts';
import type { ReportFormat } from '../../../shared/report-format.ts';
import type { RunReport } from '../../../shared/report.ts';
import type { CheckRequest } from '../../../shared/check-request.ts';
import { defaultEhloName, runCheck } from '../check/run-check.ts';
import { TOOL_VERSION } from '../version.ts';
import { createSecretScrubber } from '../smtp/secret-scrubber.ts';
import { ConsoleLogs } from './console-logs.ts';
import { ConsoleSessions } from './console-sessions.ts';
import { consoleLogFileName, reportFileName } from './file-names.ts';
import { guard } from './guard.ts';
import { profileHandlers } from './profile-handlers.ts';
import { profileToRequest, storedPassword } from './profile-request.ts';
import { reportHandlers } from './report-handlers.ts';
import { RunController, type RunCheckFn } from './run-controller.ts';
import { RunPairs } from './run-pairs.ts';
import { SandboxControl } from './sandbox-control.ts';
import { shownNotices, storesOpener, type Stores } from './service-context.ts';
import type { Emit, ServiceDeps } from './service-deps.ts';

export type { Emit, RunDefaults, ServiceDeps } from './service-deps.ts';

/** The table plus dispose(): close consoles, cancel runs, stop the built-in server. */
export type ServiceHandlers = Handlers & { dispose(): Promise<void> };

/** A profile with its validated request, or why it cannot run. */
type ProfileRequest = Result<{ profile: Profile; request: CheckRequest }>;

const MIME: Record<ReportFormat, string> = { txt: 'text/plain; charset=utf-8', md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8', json: 'application/json' };

export function createServiceHandlers(deps: ServiceDeps, options: { runCheck?: RunCheckFn } = {}): ServiceHandlers {
  const now = () => deps.clock?.() ?? new Date();
  const stores = storesOpener(deps);
  const sandbox = new SandboxControl({ dataDir: deps.dataDir, emit: deps.emit, ...(deps.sandboxPorts ? { ports: deps.sandboxPorts } : {}) });
  const logs = new ConsoleLogs();
  const consoles = new ConsoleSessions({ emit: loggingEmit(deps.emit, logs) });
  const consoleProfiles = new Map<string, string>();
  const pairs = new RunPairs(stores);
  const runs = new RunController({
    emit: deps.emit,
    runCheck: options.runCheck ?? runCheck,
    saveReport: async (profileId, runId, report) => {
      await (await stores()).runs.save(profileId, runId, report);
      await pairs.afterSave(profileId, runId, report);
    },
  });

  const requestFor = (s: Stores, profileId: string) => profileRequest(deps, sandbox, s, profileId);

  const exported = (input: InvokeParsed<'export/render'>) => exportedItem(stores, pairs, input);

  const table: Handlers = {
    ...hostHandlers(deps, stores),

    ...profileHandlers({
      stores,
      now,
      ...(deps.saveFile ? { saveFile: deps.saveFile } : {}),
      onDelete: async (profileId) => {
        for (const [consoleId, owner] of consoleProfiles) if (owner === profileId) consoles.close(consoleId);
        await runs.cancelProfile(profileId);
      },
    }),

    'run/start': async ({ runId, profileId, until, fast, inspectAnyway, family, pairWith }) => {
      const s = await stores();
      // Refused before the profile's secrets are read; start() checks again.
      const busy = runs.refuseIfBusy(profileId);
      if (busy) return busy;
      const r = await requestFor(s, profileId);
      if (!r.ok) return r;
      const request = requestForRun(r.value.request, { fast, inspectAnyway, family });
      return request.ok ? pairs.start(profileId, runId, family, pairWith, () => runs.start(runId, profileId, request.value, until)) : request;
    },
    'run/continue': ({ runId, until }) => runs.continue(runId, until),
    'run/cancel': ({ runId }) => runs.cancel(runId),
    'runs/list': async ({ profileId }) => ok(await (await stores()).runs.list(profileId)),
    'runs/latest': async () => ok(await latestRuns(await stores())),
    'runs/get': async ({ profileId, runId }) => ok(await (await stores()).runs.get(profileId, runId)),
    'runs/get-pair': async ({ profileId, pairId }) => ok(await (await stores()).runs.getPair(profileId, pairId)),

    'export/render': async (input) => ok(await exported(input)),
    'export/save': async (input) => {
      const file = await exported(input);
      if (!deps.saveFile) return ok({ saved: false, ...file });
      const saved = await deps.saveFile(file.fileName, file.text);
      if (!saved.saved) return ok({ saved: false });
      return ok(saved.path !== undefined ? { saved: true, path: saved.path } : { saved: true });
    },

    ...consoleHandlers({ consoles, consoleProfiles, logs, stores, requestFor, deps, now }),

    ...sandboxHandlers(sandbox),
  };

  const guarded = Object.fromEntries(Object.entries(table).map(([channel, handler]) => [channel, guard(channel, handler as (input: unknown) => Promise<Result<unknown>>, deps.log)])) as Handlers;

  const dispose = async (): Promise<void> => {
    consoles.closeAll();
    consoleProfiles.clear();
    await runs.cancelAll();
    await sandbox.stop();
  };
  // Not enumerable: a host that walks the table's channels never sees it.
  Object.defineProperty(guarded, 'dispose', { value: dispose, enumerable: false });
  return guarded as ServiceHandlers;
}

/** A saved run, or a pair of runs over both IP versions, rendered for a ticket in the app's words. */
async function exportedItem(stores: () => Promise<Stores>, pairs: RunPairs, input: InvokeParsed<'export/render'>): Promise<{ text: string; fileName: string; mime: string }> {
  const { profileId, format } = input;
  if ('pairId' in input) return { ...(await pairs.exported(profileId, input.pairId, format)), mime: MIME[format] };
  const s = await stores();
  const report: RunReport = await s.runs.get(profileId, input.runId);
  const target = report.target.host ?? report.target.domain ?? report.target.address ?? 'target';
  const profileName = s.profiles.get(profileId)?.name;
  // The app's exports speak of the profile's controls, not of command-line flags.
  const text = formatReport({ ...report, findings: findingsFor(report.findings, 'app') }, format, profileName !== undefined ? { profileName } : {});
  return { text, fileName: reportFileName(target, new Date(report.startedAt), format), mime: MIME[format] };
}

/** The profile's request as this run asks for it: fast, inspect anyway or one IP version, for this run only. */
function requestForRun(request: CheckRequest, ask: { fast?: boolean | undefined; inspectAnyway?: boolean | undefined; family?: CheckRequest['family'] | undefined }): Result<CheckRequest> {
  // One IP version for this run (Both IP versions), only where the profile leaves the version open.
  const oneVersion = ask.family !== undefined ? bothFamiliesProblem(request) : undefined;
  if (oneVersion !== undefined) return fail('EINVALID', `Both IP versions: ${oneVersion}`, 'family');
  // Run all (fast): the schema already refused it together with `until`. Inspect anyway never changes the profile.
  return ok({ ...request, ...(ask.fast ? { fast: true } : {}), ...(ask.inspectAnyway ? { tlsVerify: false } : {}), ...(ask.family !== undefined ? { family: ask.family } : {}) });
}

/** Every line a console sends to the page is also its session log (console/save-log). */
function loggingEmit(emit: Emit, logs: ConsoleLogs): Emit {
  return (channel, payload) => {
    if (channel === 'console/transcript') {
      const p = payload as EventPayloads['console/transcript'];
      logs.record(p.consoleId, p.events);
    }
    emit(channel, payload);
  };
}


/** Profile id -> its newest run, for the profiles that have one. */
async function latestRuns(s: Stores): Promise<Record<string, RunSummary>> {
  const latest: Record<string, RunSummary> = {};
  for (const p of s.profiles.list()) {
    const summary = await s.runs.latest(p.id);
    if (summary) latest[p.id] = summary;
  }
  return latest;
}

type HostHandlers = Pick<Handlers, 'app/info' | 'app/dismiss-welcome' | 'external/open' | 'app/set-theme' | 'report/open' | 'report/choose'>;

/** What the host provides: its version and notices, opening the fixed links, the menu's theme, the open dialog. */
function hostHandlers(deps: ServiceDeps, stores: () => Promise<Stores>): HostHandlers {
  return {
    ...reportHandlers(deps.chooseReportFile),
    'app/info': async () => {
      // The notices of loading the files; if they cannot be opened at all, that is the notice.
      const notices = await stores().then(shownNotices, (err: unknown) => [{ kind: 'read-only' as const, message: err instanceof Error ? err.message : 'The data folder could not be used' }]);
      const canStorePasswords = deps.secrets.persistent !== false && (await deps.secrets.available());
      // The name the engine sends when a profile sets none, so the page shows it instead of guessing.
      return ok({ version: TOOL_VERSION, platform: os.platform(), host: deps.host, canStorePasswords, ehloName: defaultEhloName(), notices });
    },
    'app/dismiss-welcome': async () => {
      await (await stores()).settings.update({ welcomeDismissed: true });
      return ok({ dismissed: true as const });
    },

    'external/open': async ({ link }) => {
      // Reliability A.6: fixed ids only, resolved through the allow-list (https, exact hosts and pages).
      const url = openableUrl(link);
      if (!url) return fail('EFORBIDDEN', 'Only the built-in documentation links can be opened', 'link');
      // Browser mode: the page opens the allow-listed page in a new tab, as a link would.
      if (!deps.openExternal) return ok({ opened: false as const, url });
      await deps.openExternal(url);
      return ok({ opened: true as const });
    },
    'app/set-theme': async ({ theme }) => {
      if (!deps.setTheme) return ok({ applied: false });
      deps.setTheme(theme);
      return ok({ applied: true });
    },
  };
}

type SandboxHandlers = Pick<Handlers, 'sandbox/status' | 'sandbox/start' | 'sandbox/stop' | 'sandbox/set-behaviours' | 'sandbox/messages' | 'sandbox/message'>;

/** The built-in test server: started on demand, its inbox read back. */
function sandboxHandlers(sandbox: SandboxControl): SandboxHandlers {
  return {
    'sandbox/status': async () => ok(sandbox.status()),
    'sandbox/start': async () => {
      await sandbox.ensure();
      return ok(sandbox.status());
    },
    'sandbox/stop': async () => ok(await sandbox.stop()),
    'sandbox/set-behaviours': async (b) => ok(sandbox.setBehaviours(b)),
    'sandbox/messages': async () => ok(await sandbox.messages()),
    'sandbox/message': async ({ id }) => {
      const message = await sandbox.message(id);
      return message ? ok(message) : fail('ENOTFOUND', 'This message is not in the inbox (the test server is stopped, or the message was removed)', 'id');
    },
  };
}

/** The profile's validated request: the built-in server is started for the sandbox profile. */
async function profileRequest(deps: ServiceDeps, sandbox: SandboxControl, s: Stores, profileId: string): Promise<ProfileRequest> {
  const profile = s.profiles.get(profileId);
  if (!profile) return fail('ENOTFOUND', 'No such profile', 'profileId');
  const live = profile.builtIn === 'sandbox' ? await sandbox.ensure() : undefined;
  const stored = profile.builtIn === 'sandbox' ? {} : await storedPassword(s.secrets, profile);
  const request = profileToRequest(profile, { ...stored, ...(live ? { sandbox: live } : {}), ...(deps.runDefaults ? { defaults: deps.runDefaults } : {}) });
  return request.ok ? ok({ profile, request: request.value }) : request;
}

/** The request of a profile whose password is missing, without AUTH (console: AUTH then says so). */
async function requestWithoutAuth(deps: ServiceDeps, s: Stores, profileId: string): Promise<ProfileRequest> {
  const profile = s.profiles.get(profileId);
  if (!profile) return fail('ENOTFOUND', 'No such profile', 'profileId');
  const { authUser: _u, ...rest } = profile;
  const request = profileToRequest(rest, deps.runDefaults ? { defaults: deps.runDefaults } : {});
  return request.ok ? ok({ profile, request: request.value }) : request;
}

type ConsoleHandlers = Pick<Handlers, 'console/open' | 'console/command' | 'console/close' | 'console/save-log'>;

interface ConsoleHandlerDeps {
  consoles: ConsoleSessions;
  /** console id -> profile id, so deleting a profile closes its consoles. */
  consoleProfiles: Map<string, string>;
  logs: ConsoleLogs;
  now: () => Date;
  stores: () => Promise<Stores>;
  requestFor: (s: Stores, profileId: string) => Promise<ProfileRequest>;
  deps: ServiceDeps;
}

/** The manual console over a profile's connection settings. */
function consoleHandlers(o: ConsoleHandlerDeps): ConsoleHandlers {
  return {
    'console/open': async ({ consoleId, profileId }) => {
      const s = await o.stores();
      const r = await o.requestFor(s, profileId);
      if (!r.ok && r.error.code !== 'ESECRETS') return r;
      // A missing password does not stop a console: only AUTH needs it.
      const source = r.ok ? r : await requestWithoutAuth(o.deps, s, profileId);
      if (!source.ok) return source;
      o.logs.start(consoleId, source.value.profile, o.now());
      const auth = source.value.request.auth;
      const opened = await o.consoles.open(consoleId, {
        request: source.value.request,
        ...(auth ? { auth: { user: auth.user, password: auth.password, ...(auth.mechanism ? { mechanism: auth.mechanism } : {}), ...(auth.withheld ? { withheld: auth.withheld } : {}) } } : {}),
      });
      if (opened.ok && opened.value.error === undefined) o.consoleProfiles.set(consoleId, profileId);
      if (opened.ok) o.logs.setTarget(consoleId, opened.value.target);
      return opened;
    },
    'console/command': (input) => o.consoles.command(input),
    'console/close': async ({ consoleId }) => {
      o.consoles.close(consoleId);
      o.consoleProfiles.delete(consoleId);
      return ok({ consoleId });
    },
    'console/save-log': (input) => saveConsoleLog(o, input.consoleId),
  };
}

/** A console's session log as a .txt: through the desktop's save dialog, else returned for a download. */
async function saveConsoleLog(o: ConsoleHandlerDeps, consoleId: string): Promise<Result<{ saved: boolean; path?: string; text?: string; fileName?: string }>> {
  const profileId = o.logs.profileOf(consoleId);
  if (profileId === undefined) return fail('ENOTFOUND', 'This console has no log (it was never opened, or newer consoles replaced it)', 'consoleId');
  const s = await o.stores();
  const profile = s.profiles.get(profileId);
  // The lines were scrubbed at their source; the profile's stored password is scrubbed once more.
  const password = profile ? (await storedPassword(s.secrets, profile)).password : undefined;
  const scrubber = createSecretScrubber(profile?.authUser !== undefined && password !== undefined ? { user: profile.authUser, password } : undefined);
  const now = o.now();
  const text = o.logs.text(consoleId, now, scrubber.scrub) ?? '';
  const fileName = consoleLogFileName(o.logs.hostOf(consoleId) ?? profile?.target ?? 'console', now);
  if (!o.deps.saveFile) return ok({ saved: false, text, fileName });
  const saved = await o.deps.saveFile(fileName, text);
  return ok({ saved: saved.saved, ...(saved.path !== undefined ? { path: saved.path } : {}) });
}
