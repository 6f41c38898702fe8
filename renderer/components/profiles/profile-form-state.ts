/**
 * The profile form's state without its check: what the inputs hold (text for the port, seconds for
 * timeouts, rows for headers), the choices of its selects and the conversion from `ProfileFields`.
 * No zod here: the wizard's inline command editor on the first screen uses it, and loads the check
 * (profile-form-model.ts, through services/profile-check.ts) on first use.
 */
import type { ProfileFields, ProfileView } from '../../../shared/profile.ts';
import { defaultPort as sharedDefaultPort, type TargetKind } from '../../../shared/port-defaults.ts';
import { AUTH_MECHANISMS } from '../../../shared/steps.ts';
import { TIMEOUT_KEYS, TIMEOUT_LIMITS_MS, type TimeoutKey } from '../../../shared/timeout-limits.ts';
import type { AuthMechanism, SecurityMode, StopStage } from '../../../shared/steps.ts';

export { TIMEOUT_KEYS, type TimeoutKey } from '../../../shared/timeout-limits.ts';

export const TIMEOUT_LABELS: Record<TimeoutKey, string> = {
  connect: 'Connect',
  tlsHandshake: 'TLS handshake',
  greeting: 'Banner (greeting)',
  command: 'Each command',
  dataStart: 'DATA start',
  dataEnd: 'End of DATA',
  dns: 'DNS lookup',
};

/** The limits of shared/timeout-limits.ts, in seconds, for the inputs and messages. */
export const TIMEOUT_LIMITS_S = Object.fromEntries(
  TIMEOUT_KEYS.map((k) => [k, { min: TIMEOUT_LIMITS_MS[k].min / 1000, max: TIMEOUT_LIMITS_MS[k].max / 1000 }]),
) as Record<TimeoutKey, { min: number; max: number }>;

export interface HeaderRow {
  name: string;
  value: string;
}

export interface ProfileFormState {
  name: string;
  targetKind: 'domain' | 'host';
  target: string;
  /** Text as typed: "0x19" or "25abc" must be refused, not read as a number. */
  port: string;
  security: SecurityMode;
  tlsVerify: boolean;
  /** PEM of an extra trusted CA ('' = none). */
  caPem: string;
  /** The trusted certificate's pin, "sha256:<hex>" ('' = none); set by "Trust this certificate". */
  tlsPin: string;
  /** "Inspect anyway, and still log in". */
  allowUnverifiedTlsAuth: boolean;
  ehloName: string;
  family: 0 | 4 | 6;
  /** The local address to connect from ('' = the system chooses). */
  sourceAddress: string;
  authUser: string;
  /** null: let the engine pick from what the server offers. */
  authMechanism: AuthMechanism | null;
  allowPlaintextAuth: boolean;
  from: string;
  to: string[];
  subject: string;
  body: string;
  headers: HeaderRow[];
  dnsServer: string;
  /** null: run the whole conversation. */
  stopAfter: StopStage | null;
  /** Seconds; null = the engine's default. */
  timeouts: Record<TimeoutKey, number | null>;
}

/** Field key -> message; keys are form paths: "port", "to", "headers.2", "timeouts.connect". */
export type FieldErrors = Record<string, string>;

/** Choices of the security, target-kind and mechanism selects (Settings and the wizard's inline editor). */
export const SECURITY_OPTIONS: readonly { value: SecurityMode; label: string }[] = [
  { value: 'starttls-optional', label: 'STARTTLS if offered' },
  { value: 'starttls', label: 'STARTTLS required' },
  { value: 'implicit', label: 'Implicit TLS (SMTPS)' },
  { value: 'none', label: 'None (plain text)' },
];
export const TARGET_KIND_OPTIONS: readonly { value: 'domain' | 'host'; label: string }[] = [
  { value: 'domain', label: 'Domain (MX lookup)' },
  { value: 'host', label: 'Server' },
];
export const MECHANISM_OPTIONS: readonly { value: AuthMechanism | null; label: string }[] = [
  { value: null, label: 'Automatic (best offered)' },
  ...AUTH_MECHANISMS.map((m) => ({ value: m, label: m })),
];

/** What each choice does with the user name and password, shown under the Mechanism field. */
export const MECHANISM_HINTS: Record<AuthMechanism | 'automatic', string> = {
  automatic: 'The first the server offers of PLAIN, LOGIN, CRAM-MD5 and NTLM.',
  PLAIN: 'User name and password in one line (over TLS).',
  LOGIN: 'User name, then password. A DOMAIN\\user name is sent as typed: Exchange accepts it or the UPN (user@domain).',
  'CRAM-MD5': 'A digest of the server\'s challenge; the password itself is not sent.',
  NTLM: 'Windows login (Integrated Windows Authentication), as Exchange receive connectors offer it. User name DOMAIN\\user or user@domain (UPN).',
  XOAUTH2: 'An OAuth 2.0 access token in the Password field instead of a password.',
};

/** The port field's placeholder: the engine's rule (an MX is reached on 25 whatever the TLS mode). */
export function defaultPort(security: SecurityMode, kind: TargetKind = 'host'): number {
  return sharedDefaultPort(security, kind);
}

export function toFormState(fields: ProfileFields): ProfileFormState {
  const timeouts = Object.fromEntries(
    TIMEOUT_KEYS.map((k) => [k, fields.timeouts[k] === undefined ? null : fields.timeouts[k] / 1000]),
  ) as Record<TimeoutKey, number | null>;
  return {
    name: fields.name,
    targetKind: fields.targetKind,
    target: fields.target,
    port: fields.port === undefined ? '' : String(fields.port),
    security: fields.security,
    tlsVerify: fields.tlsVerify,
    caPem: fields.caPem ?? '',
    tlsPin: fields.tlsPin ?? '',
    allowUnverifiedTlsAuth: fields.allowUnverifiedTlsAuth === true,
    ehloName: fields.ehloName ?? '',
    family: fields.family,
    sourceAddress: fields.sourceAddress ?? '',
    authUser: fields.authUser ?? '',
    authMechanism: fields.authMechanism ?? null,
    allowPlaintextAuth: fields.allowPlaintextAuth,
    from: fields.from ?? '',
    to: [...fields.to],
    subject: fields.subject ?? '',
    body: fields.body ?? '',
    headers: fields.headers.map(([name, value]) => ({ name, value })),
    dnsServer: fields.dnsServer ?? '',
    stopAfter: fields.stopAfter ?? null,
    timeouts,
  };
}

/** Recipients typed or pasted together (comma, semicolon, space, newline) as separate addresses, once each. */
export function splitRecipients(values: readonly string[]): string[] {
  return [...new Set(values.flatMap((v) => v.split(/[\s,;]+/)).filter((v) => v !== ''))];
}

/** Whether edits can make a save forget a stored password: one is stored (the built-in server's account never is). */
export function hasBoundPassword(p: Pick<ProfileView, 'hasPassword' | 'builtIn'>): boolean {
  return p.hasPassword && p.builtIn !== 'sandbox';
}

/** Stable text of a state, to tell whether the form holds unsaved edits. */
export function snapshot(state: ProfileFormState): string {
  return JSON.stringify(state);
}
