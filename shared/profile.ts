/**
 * A saved server profile: what the admin fills in once and runs again tomorrow. The password is
 * never part of a profile: main keeps it apart (safeStorage) and the renderer only sees `hasPassword`.
 * The schema is the renderer's form validation and main's runtime check (IPC, import, profiles.json).
 */
import { z } from 'zod';
import { dnsServerSchema, headerSchema, timeoutsSchema } from './check-request.ts';
import { AUTH_MECHANISMS, SECURITY_MODES, STOP_STAGES } from './steps.ts';

export const PROFILE_SCHEMA_VERSION = 1;

const line = (field: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${field}: at most ${max} characters`)
    .refine((v) => !/[\r\n\0]/.test(v), `${field} must be a single line`);

/** The fields a user edits (no id, no timestamps, no secret). */
export const profileFieldsSchema = z.object({
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
    .refine((v) => /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/.test(v), 'Paste a PEM certificate: -----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----')
    .optional(),
  ehloName: line('EHLO name', 255).optional(),
  family: z.union([z.literal(0), z.literal(4), z.literal(6)]),
  authUser: line('User name', 512).optional(),
  authMechanism: z.enum(AUTH_MECHANISMS).optional(),
  allowPlaintextAuth: z.boolean(),
  from: line('From', 256).optional(),
  to: z.array(line('Recipient', 256).min(1)).max(100, 'At most 100 recipients'),
  subject: line('Subject', 900).optional(),
  body: z.string().max(1_000_000, 'Body: at most 1 MB in a profile').optional(),
  headers: z.array(headerSchema).max(50),
  dnsServer: dnsServerSchema.optional(),
  stopAfter: z.enum(STOP_STAGES).optional(),
  timeouts: timeoutsSchema,
});
export type ProfileFields = z.infer<typeof profileFieldsSchema>;

export const profileSchema = profileFieldsSchema.extend({
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
 */
export type ProfileView = Profile & { hasPassword: boolean; passwordDiscarded?: true };

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

/**
 * A new profile as "New" creates it: valid, so it can be saved at once and edited in Settings.
 * The target is RFC 2606's reserved example.com, a placeholder that can never reach a real
 * customer's server by accident.
 */
export function emptyProfileFields(): ProfileFields {
  return {
    name: 'New profile',
    targetKind: 'domain',
    target: 'example.com',
    security: 'starttls-optional',
    tlsVerify: true,
    family: 0,
    allowPlaintextAuth: false,
    to: [],
    headers: [],
    timeouts: {},
  };
}
