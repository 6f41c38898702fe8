/** A new profile's fields, without the schema (shared/profile.ts re-exports it): the renderer's first screen makes drafts with it. */
import type { ProfileFields } from './profile.ts';

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
