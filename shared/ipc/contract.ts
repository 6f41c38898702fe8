/**
 * The one contract between the renderer and the app's operations. Electron IPC (electron/main),
 * the WebSocket bridge (electron/serve) and the preload's `window.api` all derive from it:
 * - `INVOKE`: request channels, each with the zod schema of its input (checked at runtime by every
 *   host before the handler runs) and, in `InvokeOutputs`, the type of its result value;
 * - `EventPayloads`: what main pushes to the renderer.
 * The handler table in electron/engine/service implements `Handlers` once for all hosts.
 */
import * as z from 'zod';
import type { SandboxBehavioursView, SandboxMessageText, SandboxMessageView, SandboxStatus } from './sandbox-types.ts';
import type { ConsoleCommandResult, ConsoleOpened } from './console-types.ts';
import { profileFieldsSchema } from '../profile.ts';
import type { Profile, ProfileView } from '../profile.ts';
import { REPORT_FORMATS } from '../export-formats.ts';
import type { RunReport } from '../report.ts';
import type { FamilyComparison, FamilyOutcome, IpVersion } from '../family-pair.ts';
import { MAX_REPORT_FILE_BYTES } from '../report-file.ts';
import type { OpenedReport } from '../report-file.ts';
import type { Result } from './result.ts';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from './channels.ts';
import type { EventChannel, InvokeChannel } from './channels.ts';
import { LARGEST_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES, payloadLimit } from './payload-limits.ts';
import { STEP_IDS } from '../steps.ts';
import { EXTERNAL_LINKS, type ExternalLinkId } from '../reference-links.ts';
import { knownReplyLinkIdSchema, type KnownReplyLinkId } from '../known-replies/link-id.ts';
import type { StepId } from '../steps.ts';
import type { TranscriptEvent } from '../transcript.ts';

const id = z.string().uuid();
/** undefined = keep the stored password; null = forget it; a string = store this one. */
const passwordChange = z.union([z.string().max(16_384), z.null()]).optional();

export { EXTERNAL_LINKS, type ExternalLinkId };
/** Every page the app may open: the fixed references and the receivers' pages of the known-replies table. */
export type OpenableLinkId = ExternalLinkId | KnownReplyLinkId;
/**
 * A link id's shape only: which receiver pages exist is the known-replies table's business, looked
 * up by the service (`openableUrl`), so the page's bundle does not carry the whole table.
 */
const openableLinkId = z.union([
  z.enum(Object.keys(EXTERNAL_LINKS) as [ExternalLinkId, ...ExternalLinkId[]]),
  knownReplyLinkIdSchema,
]);

/** The colour scheme: follow the OS, or light or dark by hand (toolbar, View > Theme). */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

/** What an export is of: one saved run, or the pair of a check over both IP versions. */
const exportInput = z.union([
  z.object({ profileId: id, runId: id, format: z.enum(REPORT_FORMATS) }),
  z.object({ profileId: id, pairId: id, format: z.enum(REPORT_FORMATS) }),
]);

export const INVOKE = {
  'app/info': z.object({}),
  /** The welcome notice is closed for good (settings.json, every host on the data folder). */
  'app/dismiss-welcome': z.object({}),
  'profiles/list': z.object({}),
  /**
   * `expectedUpdatedAt`: the updatedAt of the version the edit started from; when the saved profile
   * is no longer that version (another window or process saved it), the result is ECHANGED.
   */
  'profiles/save': z.object({ id: id.optional(), fields: profileFieldsSchema, password: passwordChange, expectedUpdatedAt: z.string().max(64).optional() }),
  'profiles/duplicate': z.object({ id, name: z.string().min(1).max(128).optional() }),
  'profiles/delete': z.object({ id }),
  /**
   * JSON text of the chosen profiles (all when ids is omitted), never with passwords. `save`: the
   * desktop app writes it through its save dialog (0600, like export/save); other hosts return
   * `saved` undefined and the page downloads the text.
   */
  'profiles/export': z.object({ ids: z.array(id).max(10_000).optional(), save: z.boolean().optional() }),
  'profiles/import': z.object({ json: z.string().max(MAX_PAYLOAD_BYTES) }),
  /**
   * Starts a run of a profile. `until`: run the steps up to and including this one, then pause with
   * the connection open (Run step / Run to here); omitted: run everything (Run all).
   * `fast`: Run all (fast): no pause between steps, so the envelope is pipelined (RFC 2920, and
   * BDAT with CHUNKING, RFC 3030); it runs everything, so it never comes with `until`.
   * Progress arrives as `run/transcript` and `run/step` events; the result is the state at the
   * first pause or at the end, with its report. The final report is sent once, in the answer to the
   * call that waits for the run (start, continue, or Stop of a paused run): never in an event.
   * `inspectAnyway`: this run only goes on past a certificate that does not verify (AUTH stays
   * withheld unless the profile allows it); the profile is not changed. It combines with `fast`
   * and with `until`. `family`: this run only goes over IPv4 or IPv6 (the wizard's "Both IP
   * versions" runs the profile once with each); refused when the profile fixes one version itself.
   */
  'run/start': z
    .object({
      runId: id,
      profileId: id,
      until: z.enum(STEP_IDS).optional(),
      fast: z.boolean().optional(),
      inspectAnyway: z.literal(true).optional(),
      family: z.union([z.literal(4), z.literal(6)]).optional(),
      /**
       * Both IP versions: this run is the second of a pair whose first (`runId`, saved, over the
       * other version) it is linked with under `pairId` once it ends (not when it is stopped), so
       * Recent runs lists the two as one item. Only with `family`.
       */
      pairWith: z.object({ pairId: id, runId: id }).optional(),
    })
    .refine((v) => v.pairWith === undefined || v.family !== undefined, { message: 'a run is paired over the other IP version only', path: ['pairWith'] })
    .refine((v) => !(v.fast === true && v.until !== undefined), { message: 'fast mode runs every step: it cannot stop at "until"', path: ['fast'] }),
  /** Continues a paused run up to `until` (or to the end). */
  'run/continue': z.object({ runId: id, until: z.enum(STEP_IDS).optional() }),
  /** Stop: cancels the run at once (sockets destroyed, DNS questions cancelled), a report is still produced. */
  'run/cancel': z.object({ runId: id }),
  'runs/list': z.object({ profileId: id }),
  /** The newest run of every profile (the sidebar's last-result icons). */
  'runs/latest': z.object({}),
  'runs/get': z.object({ profileId: id, runId: id }),
  /** The two runs of a check over both IP versions (RunSummary.pair), compared again from their saved reports. */
  'runs/get-pair': z.object({ profileId: id, pairId: id }),
  /**
   * A report file's text (a JSON export dropped on the window), checked against the report schema
   * after an older format is migrated; the result is the report to show read-only, or why not.
   */
  'report/open': z.object({ text: z.string().max(MAX_REPORT_FILE_BYTES), fileName: z.string().max(260) }),
  /** File > Open report: the desktop's native open dialog in main, then what report/open does; browser mode has no dialog. */
  'report/choose': z.object({}),
  /**
   * Renders a saved run, or a pair of runs over both IP versions (`pairId`: the comparison first,
   * then each run's report), for a ticket. Credentials are redacted at the source; the text says so.
   */
  'export/render': exportInput,
  /** Desktop: native save dialog in main. Browser mode: returns the text for a download. */
  'export/save': exportInput,
  /** Manual, telnet-like session over the same engine. */
  'console/open': z.object({ consoleId: id, profileId: id }),
  'console/command': z.object({
    consoleId: id,
    command: z.enum(['EHLO', 'HELO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'RSET', 'NOOP', 'VRFY', 'EXPN', 'HELP', 'QUIT', 'RAW']),
    /** The argument (address, name, raw line, DATA body); AUTH takes the profile's stored credentials. */
    argument: z.string().max(MAX_PAYLOAD_BYTES).optional(),
  }),
  'console/close': z.object({ consoleId: id }),
  /**
   * The session log of a console (open or closed), as text scrubbed of the profile's secrets.
   * Desktop: native save dialog in main. Browser mode: returns the text for a download.
   */
  'console/save-log': z.object({ consoleId: id }),
  'sandbox/status': z.object({}),
  'sandbox/start': z.object({}),
  'sandbox/stop': z.object({}),
  'sandbox/set-behaviours': z.object({
    denyRelay: z.boolean().optional(),
    greylist: z.boolean().optional(),
    rejectAuth: z.boolean().optional(),
    slowBannerMs: z.number().int().min(0).max(120_000).optional(),
  }),
  'sandbox/messages': z.object({}),
  /** One received message, by the id the inbox listed. */
  'sandbox/message': z.object({ id: z.string().regex(/^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{8}$/, 'not a message id of the inbox') }),
  /** Opens one of the fixed documentation links by id (never a URL from the page); see its result. */
  'external/open': z.object({ link: openableLinkId }),
  /**
   * The page's colour scheme (its stored choice at start, then each toolbar pick). Desktop: View >
   * Theme and nativeTheme follow it. Browser mode has no menu: accepted, nothing to do.
   */
  'app/set-theme': z.object({ theme: z.enum(THEME_CHOICES) }),
  // Exactly the channels of channels.ts: a missing or an extra key does not compile.
} as const satisfies { [C in InvokeChannel]: z.ZodType };

export { EVENT_CHANNELS, INVOKE_CHANNELS };
export { LARGEST_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES, payloadLimit };
export type { EventChannel, InvokeChannel };
export type InvokeInput<C extends InvokeChannel> = z.input<(typeof INVOKE)[C]>;
export type InvokeParsed<C extends InvokeChannel> = z.output<(typeof INVOKE)[C]>;

export interface AppInfo {
  version: string;
  platform: string;
  /** 'electron' in the desktop app, 'browser' in browser mode. */
  host: 'electron' | 'browser';
  /** Passwords can be stored (Electron safeStorage available). */
  canStorePasswords: boolean;
  /** The EHLO name a run sends when the profile sets none (this computer's name when it is a valid one). */
  ehloName: string;
  /** Notices from loading the user's files (a corrupt profiles.json set aside, read-only mode). */
  notices: StorageNotice[];
}

export interface StorageNotice {
  kind: 'recovered-from-backup' | 'read-only' | 'secrets-unreadable' | 'first-launch';
  message: string;
}

export type RunOutcome = 'pass' | 'fail' | 'stopped';

export interface RunSummary {
  runId: string;
  profileId: string;
  startedAt: string;
  target: string;
  exitCode: number;
  /** pass: every step passed or warned; fail: a step failed or the deadline cut the run; stopped: Stop was pressed. */
  outcome: RunOutcome;
  /** Counts of findings by severity (a pair's: both runs'). */
  errors: number;
  warnings: number;
  /**
   * A check over both IP versions, listed as one item: the two runs (this summary is the IPv4
   * one's, with the pair's exit code and outcome), how each version went, and the id that
   * `runs/get-pair` and the exports take.
   */
  pair?: { pairId: string; runIds: Record<IpVersion, string>; outcomes: Record<IpVersion, FamilyOutcome> };
}

export interface RunState {
  runId: string;
  /** 'paused': stopped before `nextStep` with the connection open; 'done': report final. */
  status: 'running' | 'paused' | 'done';
  nextStep?: StepId;
  /** Paused: the steps run so far. Done: the final report, only in the answer to the call that waited for the run. */
  report?: RunReport;
}

export interface InvokeOutputs {
  'app/info': AppInfo;
  'app/dismiss-welcome': { dismissed: true };
  'profiles/list': ProfileView[];
  'profiles/save': ProfileView;
  'profiles/duplicate': ProfileView;
  'profiles/delete': { id: string };
  'profiles/export': { json: string; fileName: string; saved?: boolean; path?: string };
  'profiles/import': { imported: ProfileView[]; skipped: { name: string; reason: string }[] };
  'run/start': RunState;
  'run/continue': RunState;
  'run/cancel': RunState;
  'runs/list': RunSummary[];
  /** Profile id -> its newest run; profiles never run are absent. */
  'runs/latest': Record<string, RunSummary>;
  'runs/get': RunReport;
  'runs/get-pair': { comparison: FamilyComparison; runIds: Record<IpVersion, string> };
  'report/open': OpenedReport;
  /** canceled: the dialog was closed without a file. */
  'report/choose': OpenedReport | { canceled: true };
  'export/render': { text: string; fileName: string; mime: string };
  'export/save': { saved: boolean; path?: string; text?: string; fileName?: string; mime?: string };
  'console/open': ConsoleOpened;
  'console/command': ConsoleCommandResult;
  'console/close': { consoleId: string };
  'console/save-log': { saved: boolean; path?: string; text?: string; fileName?: string };
  'sandbox/status': SandboxStatus;
  'sandbox/start': SandboxStatus;
  'sandbox/stop': SandboxStatus;
  'sandbox/set-behaviours': SandboxBehavioursView;
  'sandbox/messages': SandboxMessageView[];
  'sandbox/message': SandboxMessageText;
  /**
   * opened: the host opened the page itself (desktop: the system browser). Browser mode has no such
   * host, so it hands back the allow-listed page's URL, which the page opens in a new tab.
   */
  'external/open': { opened: true } | { opened: false; url: string };
  /** applied: false where there is no native menu (browser mode). */
  'app/set-theme': { applied: boolean };
}

/** Native menu items that the renderer handles (File, Help); Edit/View items are handled by main. */
export const MENU_ACTIONS = [
  'new-profile',
  'import-profiles',
  'export-profiles',
  'export-transcript',
  'open-report',
  'about',
  'reply-codes',
  // View > Theme: the page's theme follows the menu, and the menu follows the page (app/set-theme),
  // so the two never disagree.
  'theme-system',
  'theme-light',
  'theme-dark',
] as const;
export type MenuAction = (typeof MENU_ACTIONS)[number];

/** Events main pushes to the renderer: one payload per EVENT_CHANNELS entry (RendererApi indexes it by channel). */
export interface EventPayloads {
  /** Lines in batches, in order (electron/engine/service/transcript-batcher.ts): one message per batch, not per line. */
  'run/transcript': { runId: string; events: TranscriptEvent[] };
  'run/step': { runId: string; step: StepId; phase: 'start' | 'end' };
  /** Where a run is; a paused state carries the steps run so far, the final one no report (the waiting call's answer does). */
  'run/state': RunState;
  'console/transcript': { consoleId: string; events: TranscriptEvent[] };
  'sandbox/event': { text: string; t: string };
  'storage/notice': StorageNotice;
  /** A native menu item was chosen (desktop only); the renderer opens the matching view or dialog. */
  'menu/action': { action: MenuAction };
}

/** The handler table every host adapts: one function per channel, input already validated. */
export type Handlers = { [C in InvokeChannel]: (input: InvokeParsed<C>) => Promise<Result<InvokeOutputs[C]>> };

/** The renderer's view of the API (window.api and the browser bridge): same names, raw inputs. */
export interface RendererApi {
  invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<Result<InvokeOutputs[C]>>;
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

export type { Profile };
