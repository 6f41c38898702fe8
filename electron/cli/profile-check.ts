/**
 * `smtp-probe check --profile NAME`: a profile saved in the app, run from a script. The target,
 * TLS, login and message come from the profile (through the same mapping the app uses); the
 * password from --auth-password-env or standard input, since the OS-encrypted store is the
 * desktop app's. Flags that would change what the profile says about the server are refused, not
 * merged; the ones about this run and this machine (-4/-6, --source-ip, --dns-server, --fast,
 * --deadline, public-IP discovery) override the profile's values (runFlags in check-command.ts).
 * The data folder is only read (readProfiles): nothing there is created, migrated or repaired.
 */
import path from 'node:path';
import type { CheckRequestInput } from '../../shared/check-request.ts';
import type { Profile } from '../../shared/profile.ts';
import { quoted } from '../../shared/visible-text.ts';
import { profileToRequest } from '../engine/service/profile-request.ts';
import { defaultDataDir } from '../engine/store/data-dir.ts';
import { readProfiles } from '../engine/store/profiles-store.ts';
import { StoreError } from '../engine/store/store-error.ts';
import type { CheckFlags, CliIo } from './check-command.ts';
import { UsageError } from './parse-target.ts';
import { readPassword } from './password.ts';

/** Each flag that says something a profile already says, with how to tell it was given. */
const PROFILE_OWNS: [flag: string, given: (f: CheckFlags) => boolean][] = [
  ['--server', (f) => f.server !== undefined],
  ['--port', (f) => f.port !== undefined],
  ['--tls', (f) => f.tls !== undefined],
  ['--no-tls-verify', (f) => !f.tlsVerify],
  ['--ca', (f) => f.ca.length > 0],
  ['--tls-pin', (f) => f.tlsPin !== undefined],
  ['--ehlo', (f) => f.ehlo !== undefined],
  ['--auth-user', (f) => f.authUser !== undefined],
  ['--auth-mech', (f) => f.authMech !== undefined],
  ['--auth-allow-plaintext', (f) => f.authAllowPlaintext === true],
  ['--auth-allow-unverified', (f) => f.authAllowUnverified === true],
  ['--from', (f) => f.from !== undefined],
  ['--to', (f) => f.to.length > 0],
  ['--subject', (f) => f.subject !== undefined],
  ['--body', (f) => f.body !== undefined],
  ['--body-file', (f) => f.bodyFile !== undefined],
  ['--header', (f) => f.header.length > 0],
  ['--dsn-notify', (f) => f.dsnNotify !== undefined],
  ['--stop-after', (f) => f.stopAfter !== undefined],
  ['--timeout', (f) => f.timeout !== undefined],
  ['--data-timeout', (f) => f.dataTimeout !== undefined],
];

/** The profile of that name: exact first, then the one that matches ignoring case. */
export function findProfile(profiles: readonly Profile[], name: string): Profile {
  const exact = profiles.filter((p) => p.name === name);
  const loose = exact.length > 0 ? exact : profiles.filter((p) => p.name.toLowerCase() === name.toLowerCase());
  if (loose.length === 1) return loose[0] as Profile;
  const names = profiles.map((p) => quoted(p.name)).join(', ') || 'none saved yet';
  if (loose.length > 1) throw new UsageError('--profile', `${quoted(name)} names ${loose.length} profiles; rename one in the app. Profiles: ${names}`);
  throw new UsageError('--profile', `no profile named ${quoted(name)}. Profiles: ${names}`);
}

/** The request a saved profile makes, before the run-only flags (--fast, --deadline, DNS) are added. Throws UsageError. */
export async function requestFromProfile(domain: string | undefined, flags: CheckFlags & { profile: string }, io: CliIo): Promise<CheckRequestInput> {
  if (domain !== undefined) throw new UsageError('--profile', `the target comes from the profile; drop ${quoted(domain)}`);
  const owned = PROFILE_OWNS.find(([, given]) => given(flags));
  if (owned) throw new UsageError(owned[0], 'comes from the profile with --profile: change the profile in the app, or run without --profile');
  const dataDir = path.resolve(flags.dataDir ?? defaultDataDir());
  // Read only: the app may be writing this folder, and repairs are the app's to make.
  const profiles = await readProfiles(dataDir).catch((err: unknown) => {
    throw err instanceof StoreError ? new UsageError('--profile', err.message) : err;
  });
  const profile = findProfile(profiles, flags.profile);
  if (profile.builtIn === 'sandbox') throw new UsageError('--profile', `${quoted(profile.name)} runs against the app's built-in test server: start \`smtp-probe sandbox\` and use --server instead`);
  const needsPassword = profile.authUser !== undefined && profile.authUser !== '';
  if (!needsPassword && flags.authPasswordEnv !== undefined) throw new UsageError('--auth-password-env', `the profile ${quoted(profile.name)} has no user name to log in with`);
  const password = needsPassword ? await readPassword({ envVar: flags.authPasswordEnv, stdin: io.stdin, prompt: (t) => io.stderr.write(t) }) : undefined;
  const request = profileToRequest(profile, password !== undefined ? { password } : {});
  if (!request.ok) throw new UsageError('--profile', `the profile ${quoted(profile.name)} cannot be run: ${request.error.message}`);
  return request.value as CheckRequestInput;
}
