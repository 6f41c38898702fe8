/** Which flag or argument of `smtp-probe check` a field of the CheckRequest comes from, to name it in a refusal. */
import type { CheckRequestInput } from '../../shared/check-request.ts';
import { quoted } from '../../shared/visible-text.ts';

const FLAGS: Record<string, string> = {
  domain: 'DOMAIN',
  server: '--server',
  port: '--port',
  security: '--tls',
  tlsVerify: '--no-tls-verify',
  ca: '--ca',
  tlsPin: '--tls-pin',
  ehloName: '--ehlo',
  family: '-4/-6',
  sourceAddress: '--source-ip',
  'auth.user': '--auth-user',
  'auth.password': 'password',
  'auth.mechanism': '--auth-mech',
  from: '--from',
  to: '--to',
  subject: '--subject',
  body: '--body',
  headers: '--header',
  dsnNotify: '--dsn-notify',
  stopAfter: '--stop-after',
  fast: '--fast',
  dnsServer: '--dns-server',
  publicIpResolvers: '--public-ip-resolver',
  'timeouts.dataEnd': '--data-timeout',
  timeouts: '--timeout',
};

/** "--to \"x@\"" for the second --to: repeated flags name the value too. */
export function flagOf(path: readonly PropertyKey[], input: CheckRequestInput): string {
  const [head, second] = path.map(String);
  const flag = FLAGS[`${head}.${second}`] ?? FLAGS[head ?? ''] ?? (path.join('.') || 'input');
  const index = typeof path[1] === 'number' ? path[1] : undefined;
  if (index !== undefined && (head === 'to' || head === 'headers')) {
    const value = head === 'to' ? input.to?.[index] : input.headers?.[index]?.join(': ');
    if (typeof value === 'string') return `${flag} ${quoted(value)}`;
  }
  return flag;
}
