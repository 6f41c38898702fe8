/**
 * A saved server profile: what the admin fills in once and runs again tomorrow. The password is
 * never part of a profile: main keeps it apart (safeStorage) and the renderer only sees `hasPassword`.
 * `profileFieldsSchema` is the renderer's form validation and main's check of a save or an import,
 * with the input rules of input-rules.ts; profiles.json is read with the shape only, so a profile
 * saved under older rules still loads (and is refused with the field and reason when run).
 */
import * as z from 'zod';
import { storedHeaderSchema, timeoutsSchema } from './check-request.ts';
import { hasPemCertificate } from './pem.ts';
import { normalizeTlsPin, tlsPinProblem } from './tls-pin.ts';
import { addIssue, dnsServerProblem, domainProblem, ehloNameProblem, headerProblem, lineProblem, mailboxProblem, serverProblem, sourceAddressProblem, sourceFamilyProblem } from './input-rules.ts';
import { AUTH_MECHANISMS, SECURITY_MODES, STOP_STAGES } from './steps.ts';

export const PROFILE_SCHEMA_VERSION = 1;

const line = (field: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${field}: at most ${max} characters`)
    .refine((v) => !/[\r\n\0]/.test(v), `${field} must be a single line`);

/** The fields a user edits (no id, no timestamps, no secret), as stored. */
const storedFieldsSchema = z.object({
  name: line('Name', 128).min(1, 'Give the profile a name'),
  /** "domain": look up the MX of `target`; "host": connect to `target` directly. */
  targetKind: z.enum(['domain', 'host']),
  target: line('Target', 253).min(1, 'Enter a domain or a server name'),
  port: z.number().int('Port must be a whole number').min(1, 'Port must be 1-65535').max(65535, 'Port must be 1-65535').optional(),
  security: z.enum(SECURITY_MODES),
  tlsVerify: z.boolean(),
  /** An extra trusted CA (PEM), for servers whose certificate comes from an internal CA. */
  caPem: z
    .string()
    .trim()
    .max(200_000, 'Trusted CA: at most 200 KB of PEM')
    .refine(hasPemCertificate, 'Paste a PEM certificate: -----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----')
    .optional(),
  /** The one certificate trusted for this profile, by its SHA-256 fingerprint ("Trust this certificate"); any other fails. */
  tlsPin: z
    .string()
    .trim()
    .max(200)
    .refine((v) => tlsPinProblem(v) === undefined, 'Trusted certificate: sha256: followed by the 64 hex digits of its SHA-256 fingerprint')
    .transform((v) => normalizeTlsPin(v) ?? v)
    .optional(),
  /**
   * "Inspect anyway, and still log in": the password is sent even when the certificate did not
   * verify (never to a certificate other than the pinned one). Off unless chosen.
   */
  allowUnverifiedTlsAuth: z.boolean().optional(),
  ehloName: line('EHLO name', 255).optional(),
  family: z.union([z.literal(0), z.literal(4), z.literal(6)]),
  /** The local address to connect from, on a machine with several (receive connectors are scoped by remote IP). */
  sourceAddress: line('Source address', 45).optional(),
  authUser: line('User name', 512).optional(),
  authMechanism: z.enum(AUTH_MECHANISMS).optional(),
  allowPlaintextAuth: z.boolean(),
  from: line('From', 256).optional(),
  to: z.array(line('Recipient', 256).min(1)).max(100, 'At most 100 recipients'),
  subject: line('Subject', 900).optional(),
  body: z.string().max(1_000_000, 'Body: at most 1 MB in a profile').optional(),
  headers: z.array(storedHeaderSchema).max(50),
  dnsServer: line('DNS server', 64).optional(),
  stopAfter: z.enum(STOP_STAGES).optional(),
  timeouts: timeoutsSchema,
});
type StoredFields = z.infer<typeof storedFieldsSchema>;

/** The input rules, each issue at the field the form shows it under. */
function inputIssues(f: StoredFields, ctx: z.RefinementCtx): void {
  addIssue(ctx, ['target'], f.targetKind === 'domain' ? domainProblem(f.target) : serverProblem(f.target));
  if (f.ehloName !== undefined) addIssue(ctx, ['ehloName'], ehloNameProblem(f.ehloName));
  if (f.authUser !== undefined) addIssue(ctx, ['authUser'], lineProblem('the user name')(f.authUser));
  if (f.from !== undefined) addIssue(ctx, ['from'], mailboxProblem('from')(f.from));
  f.to.forEach((to, i) => addIssue(ctx, ['to', i], mailboxProblem('to')(to)));
  if (f.subject !== undefined) addIssue(ctx, ['subject'], lineProblem('the subject')(f.subject));
  f.headers.forEach(([name, value], i) => addIssue(ctx, ['headers', i], headerProblem(name, value)));
  if (f.dnsServer !== undefined) addIssue(ctx, ['dnsServer'], dnsServerProblem(f.dnsServer));
  if (f.sourceAddress !== undefined) {
    const server = f.targetKind === 'host' ? f.target : undefined;
    addIssue(ctx, ['sourceAddress'], sourceAddressProblem(f.sourceAddress) ?? sourceFamilyProblem(f.sourceAddress, { server, family: f.family }));
  }
}

/** What a save, an import and the profile form accept. */
export const profileFieldsSchema = storedFieldsSchema.superRefine(inputIssues);
export type ProfileFields = z.infer<typeof profileFieldsSchema>;

export const profileSchema = storedFieldsSchema.extend({
  id: z.string().uuid(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** "sandbox": the ready "Local test server" profile, pointed at the built-in server. */
  builtIn: z.literal('sandbox').optional(),
});
export type Profile = z.infer<typeof profileSchema>;

/**
 * What the renderer gets: the profile and whether a password it may use is stored, never the
 * password. `passwordDiscarded` (profiles/save only): the save changed where the profile connects
 * without a new password, so the stored one was forgotten (shared/secret-binding.ts).
 * `passwordNotSaved` (profiles/save only): the profile was saved but its password could not be
 * stored or removed; the sentence says why.
 */
export type ProfileView = Profile & { hasPassword: boolean; passwordDiscarded?: true; passwordNotSaved?: string };

/** profiles.json on disk. */
export const profilesFileSchema = z.object({
  schemaVersion: z.literal(PROFILE_SCHEMA_VERSION),
  profiles: z.array(profileSchema).max(10_000),
});
export type ProfilesFile = z.infer<typeof profilesFileSchema>;

/** Export format for File > Export profiles (never contains passwords). */
export const profilesExportSchema = z.object({
  format: z.literal('smtp-probe-profiles'),
  schemaVersion: z.literal(PROFILE_SCHEMA_VERSION),
  exportedAt: z.string(),
  profiles: z.array(profileFieldsSchema).max(1000),
});
export type ProfilesExport = z.infer<typeof profilesExportSchema>;

// Declared without zod (the renderer's first screen makes drafts with it); part of this module's contract.
export { emptyProfileFields } from './empty-profile.ts';
