/**
 * A saved profile + its stored password -> the engine's CheckRequest, validated with the shared
 * schema (a bad profile is EINVALID naming the field). A password stored for another binding is
 * not given to the run: AUTH is refused with why (auth.withheld, shared/secret-binding.ts). The "Local test server" profile takes the
 * running sandbox's port, certificate (trusted via `ca` for this profile only) and credentials.
 */
import { checkRequestSchema } from '../../../shared/check-request.ts';
import type { AuthWithheld, CheckRequest, CheckRequestInput } from '../../../shared/check-request.ts';
import { fail, ok } from '../../../shared/ipc/result.ts';
import type { Result } from '../../../shared/ipc/result.ts';
import type { Profile } from '../../../shared/profile.ts';
import { describeRebinding } from '../../../shared/secret-binding.ts';
import { defaultEhloName } from '../check/run-check.ts';
import type { SandboxInfo } from '../sandbox/index.ts';
import { profileBinding, type SecretVault } from '../store/secrets.ts';
import type { RunDefaults } from './service-deps.ts';

export interface RequestSources {
  /** The decrypted password, when one is stored for this profile's binding. */
  password?: string;
  /** A password is stored for another binding: the run goes without it and AUTH is refused. */
  withheld?: Omit<AuthWithheld, 'reason'>;
  /** The running built-in server, for a builtIn 'sandbox' profile. */
  sandbox?: SandboxInfo;
  defaults?: RunDefaults;
}

/** The stored password, only for the binding it was entered for; otherwise why it is withheld. */
export async function storedPassword(secrets: SecretVault, profile: Profile): Promise<Pick<RequestSources, 'password' | 'withheld'>> {
  const binding = profileBinding(profile);
  const unlocked = await secrets.unlock(profile.id, binding);
  if (unlocked.status === 'ok') return { password: unlocked.password };
  return unlocked.status === 'rebound' ? { withheld: describeRebinding(unlocked.saved, binding) } : {};
}

/** Where a profile connects: the sandbox's live address and port, or the profile's own target. */
export function connectTarget(profile: Profile, sandbox?: SandboxInfo): { kind: 'domain' | 'host'; target: string; port?: number } {
  if (profile.builtIn === 'sandbox' && sandbox) {
    return { kind: 'host', target: sandbox.host, port: profile.security === 'implicit' ? sandbox.tlsPort : sandbox.smtpPort };
  }
  return { kind: profile.targetKind, target: profile.target, ...(profile.port !== undefined ? { port: profile.port } : {}) };
}

export function profileToRequest(profile: Profile, sources: RequestSources): Result<CheckRequest> {
  const sandbox = profile.builtIn === 'sandbox' ? sources.sandbox : undefined;
  const where = connectTarget(profile, sandbox);
  const input: CheckRequestInput = {
    ...(where.kind === 'domain' ? { domain: where.target } : { server: where.target }),
    ...(where.port !== undefined ? { port: where.port } : {}),
    security: profile.security,
    tlsVerify: profile.tlsVerify,
    ca: sandbox ? [sandbox.certificatePem] : profile.caPem !== undefined ? [profile.caPem] : [],
    ...(profile.tlsPin !== undefined && !sandbox ? { tlsPin: profile.tlsPin } : {}),
    ehloName: profile.ehloName ?? defaultEhloName(),
    family: profile.family,
    to: profile.to,
    headers: profile.headers,
    timeouts: { ...sources.defaults?.timeouts, ...profile.timeouts },
  };
  if (profile.from !== undefined) input.from = profile.from;
  if (profile.subject !== undefined) input.subject = profile.subject;
  if (profile.body !== undefined) input.body = profile.body;
  if (profile.stopAfter !== undefined) input.stopAfter = profile.stopAfter;
  if (profile.sourceAddress !== undefined) input.sourceAddress = profile.sourceAddress;
  const dnsServer = profile.dnsServer ?? sources.defaults?.dnsServer;
  if (dnsServer !== undefined) input.dnsServer = dnsServer;
  // The local test server needs no public IP lookup (servers on loopback do not judge our reverse DNS).
  const resolvers = sources.defaults?.publicIpResolvers ?? (sandbox ? [] : undefined);
  if (resolvers !== undefined) input.publicIpResolvers = resolvers;

  if (sandbox) {
    input.auth = { user: sandbox.credentials.user, password: sandbox.credentials.password, ...(profile.authMechanism ? { mechanism: profile.authMechanism } : {}) };
  } else if (profile.authUser !== undefined && profile.authUser !== '' && sources.withheld) {
    input.auth = {
      user: profile.authUser,
      password: '',
      allowPlaintext: profile.allowPlaintextAuth,
      ...(profile.authMechanism ? { mechanism: profile.authMechanism } : {}),
      withheld: { reason: 'secret-rebound', ...sources.withheld },
    };
  } else if (profile.authUser !== undefined && profile.authUser !== '') {
    if (sources.password === undefined) {
      return fail('ESECRETS', 'This profile has a user name but no readable password: enter the password in the profile and save it', 'password');
    }
    input.auth = {
      user: profile.authUser,
      password: sources.password,
      allowPlaintext: profile.allowPlaintextAuth,
      allowUnverifiedTls: profile.allowUnverifiedTlsAuth === true,
      ...(profile.authMechanism ? { mechanism: profile.authMechanism } : {}),
    };
  }

  const checked = checkRequestSchema.safeParse(input);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = issue ? profileField(issue.path.map(String)) : undefined;
    return fail('EINVALID', issue ? issue.message : 'The profile cannot be run', field);
  }
  return ok(checked.data);
}

/** The profile field a request path comes from ("server" -> "target", "auth.user" -> "authUser"). */
function profileField(p: string[]): string {
  const head = p[0] ?? '';
  const map: Record<string, string> = { server: 'target', domain: 'target', auth: p[1] === 'password' ? 'password' : 'authUser' };
  return map[head] ?? p.join('.');
}
