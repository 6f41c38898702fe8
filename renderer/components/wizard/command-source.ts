/**
 * What the wizard's command previews are built from: the profile shown, or for a report opened
 * from a file the request it was run with (no profile to read).
 */
import type { ProfileView } from '../../../shared/profile.ts';
import type { RunReport } from '../../../shared/report.ts';
import type { CommandSource } from './wizard-steps.ts';

export function commandSourceOf(profile: ProfileView | undefined, request: RunReport['request'] | undefined, defaultEhloName: string | undefined): CommandSource | null {
  if (profile) return { ...profile, defaultEhloName };
  if (!request) return null;
  return {
    targetKind: request.domain !== undefined ? 'domain' : 'host',
    target: request.domain ?? request.server ?? '',
    port: request.port,
    security: request.security,
    ehloName: request.ehloName,
    authUser: request.authUser,
    authMechanism: request.authMechanism,
    from: request.from,
    to: request.to,
    subject: undefined,
  };
}
