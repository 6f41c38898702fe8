/**
 * The profile form's check: the conversion of its state (profile-form-state.ts, re-exported here) to
 * `ProfileFields`, validated with the SAME zod schema main uses (shared/profile.ts, with the input
 * rules of shared/input-rules.ts), so a message shown at a field is the message main would give and
 * the reason the CLI prints. The first screen loads it on first use (services/profile-check.ts).
 */
import type { z } from 'zod';
import { profileFieldsSchema } from '../../../shared/profile.ts';
import type { ProfileFields } from '../../../shared/profile.ts';
import { bindingChanges, secretBinding, type BindingField, type BindingSource } from '../../../shared/secret-binding.ts';
import { portProblem } from '../../../shared/input-rules.ts';
import { TIMEOUT_KEYS, TIMEOUT_LIMITS_S, type FieldErrors, type ProfileFormState, type TimeoutKey } from './profile-form-state.ts';

export * from './profile-form-state.ts';

const optional = (s: string): string | undefined => (s.trim() === '' ? undefined : s);

/** The raw input for the schema; unparseable port text becomes a field error instead. */
function toRawFields(state: ProfileFormState): { raw: Record<string, unknown>; portError?: string } {
  const portText = state.port.trim();
  let port: number | undefined;
  let portError: string | undefined;
  if (portText !== '') {
    portError = portProblem(portText);
    if (portError === undefined) port = Number(portText);
  }
  const timeouts: Record<string, number> = {};
  for (const k of TIMEOUT_KEYS) {
    const s = state.timeouts[k];
    if (s !== null && s !== undefined) timeouts[k] = Math.round(s * 1000);
  }
  const raw: Record<string, unknown> = {
    name: state.name,
    targetKind: state.targetKind,
    target: state.target,
    port,
    security: state.security,
    tlsVerify: state.tlsVerify,
    caPem: optional(state.caPem),
    tlsPin: optional(state.tlsPin),
    allowUnverifiedTlsAuth: state.allowUnverifiedTlsAuth ? true : undefined,
    ehloName: optional(state.ehloName),
    family: state.family,
    sourceAddress: optional(state.sourceAddress),
    authUser: optional(state.authUser),
    authMechanism: state.authMechanism ?? undefined,
    allowPlaintextAuth: state.allowPlaintextAuth,
    from: optional(state.from),
    to: state.to,
    subject: optional(state.subject),
    body: state.body === '' ? undefined : state.body,
    headers: state.headers.map((h) => [h.name, h.value]),
    dnsServer: optional(state.dnsServer),
    stopAfter: state.stopAfter ?? undefined,
    timeouts,
  };
  return portError === undefined ? { raw } : { raw, portError };
}

/** Where a schema issue is shown: recipients as one field, headers per row, timeouts per key. */
export function fieldKey(path: readonly PropertyKey[]): string {
  const [first, second] = path;
  if (first === 'headers' && typeof second === 'number') return `headers.${second}`;
  if (first === 'timeouts' && typeof second === 'string') return `timeouts.${second}`;
  return String(first ?? 'form');
}

function messageFor(issue: z.core.$ZodIssue): string {
  const key = fieldKey(issue.path);
  if (key.startsWith('timeouts.')) {
    const limits = TIMEOUT_LIMITS_S[key.slice('timeouts.'.length) as TimeoutKey];
    if (limits !== undefined) return `Between ${limits.min} and ${limits.max} seconds`;
  }
  if (key === 'to' && typeof issue.path[1] === 'number') return `Recipient ${issue.path[1] + 1}: ${issue.message}`;
  return sentence(issue.message);
}

/** The shared rules' reasons ("the port must be ...") start a sentence at a field. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Why a profile name is refused (the schema's own name rule, as the rename dialog shows it), or undefined. */
export function profileNameProblem(name: string): string | undefined {
  const parsed = profileFieldsSchema.shape.name.safeParse(name);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

export interface Validation {
  /** The fields to save, when everything is valid. */
  fields?: ProfileFields;
  errors: FieldErrors;
}

export function validateForm(state: ProfileFormState): Validation {
  const { raw, portError } = toRawFields(state);
  const parsed = profileFieldsSchema.safeParse(raw);
  const errors: FieldErrors = {};
  if (portError !== undefined) errors.port = sentence(portError);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = fieldKey(issue.path);
      errors[key] ??= messageFor(issue);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { fields: parsed.data, errors };
}

const BINDING_LABELS: Record<BindingField, string> = {
  targetKind: 'target kind',
  target: 'server',
  port: 'port',
  security: 'security',
  mechanism: 'mechanism',
  allowPlaintextAuth: 'plaintext permission',
  tlsVerify: 'certificate verification',
  ca: 'trusted CA',
  tlsPin: 'trusted certificate',
  allowUnverifiedTlsAuth: 'login to an unverified certificate',
  user: 'user name',
};

/**
 * What an edit changed of where the stored password may go (shared/secret-binding.ts), in words;
 * [] when nothing: a save then keeps the password. The CA is compared as text.
 */
export function bindingEditLabels(saved: BindingSource, now: BindingSource): string[] {
  const asText = (pem: string) => pem;
  return bindingChanges(secretBinding(saved, asText), secretBinding(now, asText)).map((f) => BINDING_LABELS[f]);
}

/** bindingEditLabels for the form as it is; port text the port rule refuses counts as a change. */
export function bindingEdits(saved: ProfileFields, state: ProfileFormState): string[] {
  const portText = state.port.trim();
  const now: BindingSource = {
    targetKind: state.targetKind,
    target: state.target,
    port: portText === '' ? undefined : portProblem(portText) === undefined ? Number(portText) : Number.NaN,
    security: state.security,
    authMechanism: state.authMechanism ?? undefined,
    allowPlaintextAuth: state.allowPlaintextAuth,
    tlsVerify: state.tlsVerify,
    caPem: optional(state.caPem),
    tlsPin: optional(state.tlsPin),
    allowUnverifiedTlsAuth: state.allowUnverifiedTlsAuth,
    authUser: optional(state.authUser),
  };
  return bindingEditLabels(saved, now);
}

