/**
 * The ready "Local test server" profile a new user finds on first launch: it points at the
 * built-in test server, so Run all works at once. Its port, certificate and credentials come from
 * the running sandbox at run time (electron/engine/service/profile-request.ts); the values stored
 * here are the defaults a user sees.
 */
import { DEFAULT_SUBJECT } from '../../../shared/check-request.ts';
import type { Profile } from '../../../shared/profile.ts';
import { SANDBOX_DEFAULT_HOSTNAME, SANDBOX_DEFAULT_PORTS, SANDBOX_HOST } from '../sandbox/sandbox-types.ts';

export const SANDBOX_PROFILE_NAME = 'Local test server';

/** The welcome notice: shown while the built-in profile exists, until the user dismisses it for good. */
export const WELCOME_MESSAGE = `Welcome: the "${SANDBOX_PROFILE_NAME}" profile is ready. Press Run all to try every step against the built-in test server.`;

export function sandboxProfile(id: string, now: string): Profile {
  return {
    id,
    name: SANDBOX_PROFILE_NAME,
    builtIn: 'sandbox',
    targetKind: 'host',
    target: SANDBOX_HOST,
    port: SANDBOX_DEFAULT_PORTS.smtp,
    security: 'starttls',
    tlsVerify: true,
    family: 0,
    allowPlaintextAuth: false,
    from: `me@${SANDBOX_DEFAULT_HOSTNAME}`,
    to: [`you@${SANDBOX_DEFAULT_HOSTNAME}`],
    subject: DEFAULT_SUBJECT,
    body: 'Hello from SMTP Probe.\n\nThis message went through every step: connect, EHLO, STARTTLS, AUTH, MAIL, RCPT and DATA.\n',
    headers: [],
    timeouts: {},
    createdAt: now,
    updatedAt: now,
  };
}
