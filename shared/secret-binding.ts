/**
 * Where a stored password may go: the binding it was entered for. The
 * password is used only while its profile's binding equals the one stored with it; any change of
 * target, port, security, mechanism, plaintext permission, verification, pinned CA, trusted
 * certificate (pin), "inspect anyway, and still log in" or user means
 * entering it again, so re-pointing a profile can never carry a saved password to another server.
 * Declared once: the engine stores and checks bindings, the profile form warns before a save.
 */
import * as z from 'zod';
import { DEFAULT_PORTS } from './check-request.ts';
import type { ProfileFields } from './profile.ts';
import { AUTH_MECHANISMS, SECURITY_MODES } from './steps.ts';
import { normalizeTlsPin } from './tls-pin.ts';

export const secretBindingSchema = z.object({
  targetKind: z.enum(['domain', 'host']),
  /** Lower case: host and domain names are case-insensitive. */
  target: z.string().max(253),
  /** The effective port: a profile without one uses its security mode's default. */
  port: z.number().int().min(1).max(65535),
  security: z.enum(SECURITY_MODES),
  /** null: automatic (the best offered). */
  mechanism: z.enum(AUTH_MECHANISMS).nullable(),
  allowPlaintextAuth: z.boolean(),
  tlsVerify: z.boolean(),
  /** Digest of the pinned CA's PEM; null: none pinned. */
  ca: z.string().max(256).nullable(),
  /** The pinned certificate ("sha256:<hex>"); null: none. Absent in bindings saved before pins existed. */
  tlsPin: z.string().max(256).nullable().default(null),
  /** "Inspect anyway, and still log in". Absent in bindings saved before the choice existed. */
  allowUnverifiedTlsAuth: z.boolean().default(false),
  user: z.string().max(512),
});
export type SecretBinding = z.infer<typeof secretBindingSchema>;
export type BindingField = keyof SecretBinding;

/** The profile fields a binding is made of. */
export type BindingSource = Pick<ProfileFields, 'targetKind' | 'target' | 'port' | 'security' | 'authMechanism' | 'allowPlaintextAuth' | 'tlsVerify' | 'caPem' | 'tlsPin' | 'allowUnverifiedTlsAuth' | 'authUser'>;

/**
 * The binding of a profile. `caDigest` hashes the pinned CA (the engine: SHA-256; the form compares
 * PEM text, so it passes the text itself).
 */
export function secretBinding(p: BindingSource, caDigest: (pem: string) => string): SecretBinding {
  const ca = p.caPem?.trim();
  return {
    targetKind: p.targetKind,
    target: p.target.trim().toLowerCase(),
    port: p.port ?? DEFAULT_PORTS[p.security],
    security: p.security,
    mechanism: p.authMechanism ?? null,
    allowPlaintextAuth: p.allowPlaintextAuth,
    tlsVerify: p.tlsVerify,
    ca: ca === undefined || ca === '' ? null : caDigest(ca),
    tlsPin: p.tlsPin === undefined || p.tlsPin.trim() === '' ? null : (normalizeTlsPin(p.tlsPin) ?? p.tlsPin.trim()),
    allowUnverifiedTlsAuth: p.allowUnverifiedTlsAuth === true,
    user: p.authUser?.trim() ?? '',
  };
}

const FIELDS = Object.keys(secretBindingSchema.shape) as BindingField[];

/** The fields that differ: empty when the stored password may be used. */
export function bindingChanges(saved: SecretBinding, now: SecretBinding): BindingField[] {
  return FIELDS.filter((f) => saved[f] !== now[f]);
}

const SECURITY_WORDS: Record<SecretBinding['security'], string> = {
  none: 'no TLS',
  starttls: 'STARTTLS required',
  'starttls-optional': 'STARTTLS if offered',
  implicit: 'implicit TLS',
};

/** Words for a changed field other than target, port and user. */
function detail(b: SecretBinding, field: BindingField): string | undefined {
  switch (field) {
    case 'security':
      return SECURITY_WORDS[b.security];
    case 'mechanism':
      return b.mechanism === null ? 'automatic AUTH method' : `AUTH ${b.mechanism}`;
    case 'allowPlaintextAuth':
      return b.allowPlaintextAuth ? 'password allowed without TLS' : 'password only over TLS';
    case 'tlsVerify':
      return b.tlsVerify ? 'certificate verified' : 'certificate not verified';
    case 'ca':
      return b.ca === null ? 'no pinned CA' : 'a pinned CA';
    case 'tlsPin':
      return b.tlsPin === null ? 'no trusted certificate' : 'a trusted certificate';
    case 'allowUnverifiedTlsAuth':
      return b.allowUnverifiedTlsAuth ? 'login allowed to an unverified certificate' : 'login only to a verified server';
    default:
      return undefined;
  }
}

/** The user name itself is not repeated: only that it changed. */
function describe(b: SecretBinding, changes: readonly BindingField[], when: 'before' | 'now'): string {
  const where = `${b.targetKind === 'domain' ? 'the mail servers of ' : ''}${b.target} port ${b.port}`;
  const words = changes
    .map((f) => (f === 'user' ? (when === 'before' ? 'the previous user name' : 'the new user name') : detail(b, f)))
    .filter((w): w is string => w !== undefined);
  return words.length > 0 ? `${where} (${words.join(', ')})` : where;
}

/** "<old target>" and "<new target>" in words, with the settings that changed. */
export function describeRebinding(saved: SecretBinding, now: SecretBinding): { savedFor: string; nowFor: string } {
  const changes = bindingChanges(saved, now);
  return { savedFor: describe(saved, changes, 'before'), nowFor: describe(now, changes, 'now') };
}

/** Why AUTH was refused, in the words of the finding (console and transcript). */
export function reboundMessage(w: { savedFor: string; nowFor: string }): string {
  return `the saved password was entered for ${w.savedFor}; enter it again for ${w.nowFor}`;
}
