/**
 * What the wizard says about each step: its name, what it does in one line, the command it will
 * send (built from the profile), and how the engine's steps are grouped into the eight steps an
 * admin knows (MX lookup → PTR check → Connect → EHLO → STARTTLS → Auth → Send → QUIT). The engine's
 * steps themselves come from shared/steps.ts; nothing here adds or reorders one.
 */
import { DEFAULT_SUBJECT, defaultPort } from '../../../shared/port-defaults.ts';
import type { ProfileFields } from '../../../shared/profile.ts';
import type { StepId } from '../../../shared/steps.ts';
import type { StepView, StepViewStatus } from '../../stores/run.ts';
import type { TagSeverity } from '../ui/lite-classes.ts';

/** Declared in shared/steps.ts: the exports' verdict line names steps the same way. */
export { STEP_LABELS } from '../../../shared/steps.ts';

export const STEP_PURPOSE: Record<StepId, string> = {
  mx: 'Which servers receive mail for the domain (nslookup -type=mx).',
  ptr: 'Reverse DNS of the server and of your own public address, confirmed forward.',
  connect: 'Open a TCP connection to the server (telnet host port).',
  banner: 'Wait for the server to greet with 220.',
  ehlo: 'Introduce yourself and learn what the server supports.',
  starttls: 'Upgrade the connection to TLS and check the certificate.',
  auth: 'Log in with the stored credentials (the password never reaches this window).',
  mail: 'Announce the sender of the test message.',
  rcpt: 'Name each recipient; the server accepts or refuses each one.',
  data: 'Send the test message; the server answers with a queue id.',
  quit: 'Say goodbye and close the connection cleanly.',
};

/** The profile fields the previews use (a ProfileView has them all). */
export type CommandSource = Pick<ProfileFields, 'targetKind' | 'target' | 'port' | 'security' | 'ehloName' | 'authUser' | 'authMechanism' | 'from' | 'to' | 'subject'> & {
  /** The ready "Local test server" profile: the built-in server's own account is used. */
  builtIn?: 'sandbox';
  /** What the engine sends when `ehloName` is empty (app/info's ehloName), so the card shows the real name. */
  defaultEhloName?: string | undefined;
};

/** The lines a step will send, as the transcript will show them (AUTH shown redacted). */
export function stepCommands(step: StepId, p: CommandSource): string[] {
  const port = p.port ?? defaultPort(p.security, p.targetKind);
  switch (step) {
    case 'mx':
      return p.targetKind === 'domain' ? [`MX lookup of ${p.target}`] : [`Skipped: a server is given (${p.target})`];
    case 'ptr':
      return ['PTR of the server address and of your public IP, then forward confirmation'];
    case 'connect': {
      // The built-in server's ports are chosen when it starts; the run uses the live ones.
      if (p.builtIn === 'sandbox') return [`connect to the built-in test server on ${p.target} (${p.security === 'implicit' ? 'its TLS port' : 'its STARTTLS port'})`];
      const host = p.targetKind === 'domain' ? `best MX of ${p.target}` : p.target;
      const tls = p.security === 'implicit' ? ', TLS from the first byte' : '';
      return [`connect to ${host} port ${port}${tls}`];
    }
    case 'banner':
      return ['(wait for the 220 greeting)'];
    case 'ehlo':
      return [`EHLO ${p.ehloName || p.defaultEhloName || "<this computer's name>"}`];
    case 'starttls':
      if (p.security === 'none') return ['Not used: plain text was chosen'];
      if (p.security === 'implicit') return ['TLS already started on connect'];
      return [p.security === 'starttls-optional' ? 'STARTTLS (when offered)' : 'STARTTLS'];
    case 'auth':
      if (p.builtIn === 'sandbox' && !p.authUser) return [`AUTH ${p.authMechanism ?? '<best offered>'} as the built-in server's user`];
      if (!p.authUser) return ['No user name: skipped'];
      return [`AUTH ${p.authMechanism ?? '<best offered>'} as ${p.authUser}`];
    case 'mail':
      return [p.from === undefined ? 'MAIL FROM: (no sender set: skipped)' : `MAIL FROM:<${p.from}>`];
    case 'rcpt':
      return p.to.length === 0 ? ['RCPT TO: (no recipient set: skipped)'] : p.to.map((to) => `RCPT TO:<${to}>`);
    case 'data':
      return ['DATA', `Subject: ${p.subject && p.subject !== '' ? p.subject : DEFAULT_SUBJECT}`, '…', '.'];
    case 'quit':
      return ['QUIT'];
  }
}

/**
 * The wizard's top-level steps, each a run of consecutive engine steps. Declared once: the Timeline,
 * "Run step" of a group (runs to its last engine step) and Ctrl+Enter all derive from this table.
 */
export const STEP_GROUPS = [
  { id: 'mx', label: 'MX lookup', steps: ['mx'] },
  { id: 'ptr', label: 'PTR check', steps: ['ptr'] },
  { id: 'connect', label: 'Connect', steps: ['connect', 'banner'], purpose: 'telnet host 25: open the connection and read the 220 banner.' },
  { id: 'ehlo', label: 'EHLO', steps: ['ehlo'] },
  { id: 'starttls', label: 'STARTTLS', steps: ['starttls'] },
  { id: 'auth', label: 'Auth', steps: ['auth'] },
  { id: 'send', label: 'Send', steps: ['mail', 'rcpt', 'data'], purpose: 'MAIL FROM, RCPT TO and DATA: hand the test message over.' },
  { id: 'quit', label: 'QUIT', steps: ['quit'] },
] as const satisfies readonly StepGroupDef[];

interface StepGroupDef {
  id: string;
  label: string;
  steps: readonly [StepId, ...StepId[]];
  /** One line for a group of several steps (a one-step group says what its step does). */
  purpose?: string;
}
export type StepGroup = (typeof STEP_GROUPS)[number];
export type StepGroupId = StepGroup['id'];

export function groupPurpose(group: StepGroup): string {
  return 'purpose' in group ? group.purpose : STEP_PURPOSE[group.steps[0]];
}

/** The group an engine step belongs to. */
export function groupOf(step: StepId): StepGroup {
  const group = STEP_GROUPS.find((g) => (g.steps as readonly StepId[]).includes(step));
  if (group === undefined) throw new Error(`step ${step} is in no wizard group`);
  return group;
}

/** The engine step a group ends with: what "Run step" on the group runs up to. */
export function lastStepOf(group: StepGroup): StepId {
  return group.steps[group.steps.length - 1]!;
}

/** A group shows one more status than a step: some of its steps ran, the rest wait (paused inside). */
export type GroupStatus = StepViewStatus | 'partial';

/**
 * The status of a group from its sub-steps: running while any runs; else the worst verdict
 * (fail > warn); skipped only when all were skipped; not run when none ran; partly run when a
 * paused run stopped inside it; otherwise pass (or "done" for live progress without a verdict).
 */
export function groupStatus(statuses: readonly StepViewStatus[]): GroupStatus {
  const any = (s: StepViewStatus): boolean => statuses.includes(s);
  const all = (s: StepViewStatus): boolean => statuses.every((x) => x === s);
  if (any('running')) return 'running';
  if (any('fail')) return 'fail';
  if (any('warn')) return 'warn';
  if (all('skipped')) return 'skipped';
  if (all('pending')) return 'pending';
  if (any('pending')) return 'partial';
  if (any('ran')) return 'ran';
  return 'pass';
}

/** The sum of the sub-steps' times; undefined when none has a time yet. */
export function groupElapsed(times: readonly (number | undefined)[]): number | undefined {
  const known = times.filter((t): t is number => t !== undefined);
  return known.length === 0 ? undefined : known.reduce((a, b) => a + b, 0);
}

export interface GroupView {
  id: StepGroupId;
  group: StepGroup;
  steps: StepView[];
  status: GroupStatus;
}

/** The run store's step views, gathered into the wizard's groups. */
export function groupViews(steps: readonly StepView[]): GroupView[] {
  return STEP_GROUPS.map((group) => {
    const members = (group.steps as readonly StepId[]).map((id) => steps.find((s) => s.id === id) ?? { id, status: 'pending' as const, findings: [] });
    return { id: group.id, group, steps: members, status: groupStatus(members.map((s) => s.status)) };
  });
}

/**
 * Whether the profile leaves a group out of every run, so it has nothing to show step by step: no
 * MX lookup when a server is given, no STARTTLS in plain text, no Auth without a user (the built-in
 * server has its own), no Send without a sender.
 */
export function skippedByProfile(group: StepGroup, p: CommandSource): boolean {
  switch (group.id) {
    case 'mx':
      return p.targetKind !== 'domain';
    case 'starttls':
      return p.security === 'none';
    case 'auth':
      return !p.authUser && p.builtIn !== 'sandbox';
    case 'send':
      return p.from === undefined;
    default:
      return false;
  }
}

/**
 * What "Run next step" (Ctrl+Enter) runs up to: the last step of the group holding the store's next
 * step (a run paused inside Send after MAIL FROM goes on through DATA), passing over groups the
 * profile skips; after a finished run, the first such group again; null when nothing can run next.
 */
export function nextGroupUntil(nextStep: StepId | null, finished: boolean, skipped: (group: StepGroup) => boolean = () => false): { group: StepGroup; until: StepId } | null {
  if (nextStep === null && !finished) return null;
  const from = nextStep === null ? 0 : STEP_GROUPS.indexOf(groupOf(nextStep));
  const group = STEP_GROUPS.slice(from).find((g) => !skipped(g)) ?? STEP_GROUPS[from]!;
  return { group, until: lastStepOf(group) };
}

/** Tag colour and word of each status a step can show. */
export const STATUS_TAG: Record<string, { severity: TagSeverity; label: string; icon: string }> = {
  pass: { severity: 'success', label: 'pass', icon: 'pi pi-check-circle' },
  warn: { severity: 'warn', label: 'warn', icon: 'pi pi-exclamation-triangle' },
  fail: { severity: 'danger', label: 'fail', icon: 'pi pi-times-circle' },
  skipped: { severity: 'secondary', label: 'skipped', icon: 'pi pi-minus-circle' },
  running: { severity: 'info', label: 'running', icon: 'pi pi-spin pi-spinner' },
  ran: { severity: 'secondary', label: 'done', icon: 'pi pi-check' },
  pending: { severity: 'secondary', label: 'not run', icon: 'pi pi-circle' },
  partial: { severity: 'info', label: 'partly run', icon: 'pi pi-pause-circle' },
};

export function formatElapsed(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}
