/**
 * Tests that drive runSmtp or SmtpClient directly name the server the way a run's flags do (host,
 * port, security, CA, ...). These helpers turn that into the options the engine takes, with the
 * connection built by the engine's own connectionSpec, so the tests exercise the same derivation.
 */
import type { AuthPolicy, ConnectionSpec } from '../../electron/engine/smtp/connection-spec.ts';
import { connectionSpec } from '../../electron/engine/smtp/connection-spec.ts';
import type { SmtpClientOptions } from '../../electron/engine/smtp/client-outcomes.ts';
import type { SmtpRunOptions } from '../../electron/engine/smtp/run-options.ts';
import type { SmtpTimeouts } from '../../electron/engine/smtp/timeouts.ts';
import type { SecurityMode } from '../../shared/steps.ts';

export interface DirectConnection {
  /** What is dialled: an address, or a name the socket resolves. */
  host: string;
  port: number;
  security: SecurityMode;
  ehloName?: string;
  family?: 0 | 4 | 6;
  tlsVerify?: boolean;
  ca?: string[];
  /** The server's name when `host` is its address (SNI and the certificate check). */
  servername?: string;
  timeouts?: Partial<SmtpTimeouts>;
  auth?: Partial<AuthPolicy>;
}

export function directConnection(d: DirectConnection): ConnectionSpec {
  const request = {
    server: d.servername ?? d.host,
    port: d.port,
    security: d.security,
    tlsVerify: d.tlsVerify ?? true,
    ca: d.ca ?? [],
    family: d.family ?? 0,
    ehloName: d.ehloName ?? 'client.test',
    timeouts: d.timeouts ?? {},
    auth: { allowPlaintext: d.auth?.allowPlaintext ?? false, allowUnverifiedTls: d.auth?.allowUnverifiedTls ?? false },
  };
  const spec = connectionSpec(request, d.servername !== undefined ? { address: d.host } : {});
  if (spec === undefined) throw new Error('a server was given, so there is a spec');
  return spec;
}

type Credentials = NonNullable<SmtpRunOptions['auth']>;

/** runSmtp's options with the connection given flat, and AUTH's policy flags beside the credentials. */
export type FlatRunOptions = Omit<SmtpRunOptions, 'connection' | 'auth'> & Omit<DirectConnection, 'auth' | 'ehloName'> & { ehloName: string; auth?: Credentials & Partial<AuthPolicy> };

export function runOptions(flat: FlatRunOptions): SmtpRunOptions {
  const { host, port, security, ehloName, family, tlsVerify, ca, servername, timeouts, auth, ...rest } = flat;
  const direct: DirectConnection = { host, port, security, ehloName, family, tlsVerify, ca, servername, timeouts };
  if (auth === undefined) return { ...rest, connection: directConnection(direct) };
  const { allowPlaintext, allowUnverifiedTls, ...credentials } = auth;
  return { ...rest, auth: credentials, connection: directConnection({ ...direct, auth: { allowPlaintext, allowUnverifiedTls } }) };
}

export function clientOptions(flat: DirectConnection & Omit<SmtpClientOptions, 'connection'>): SmtpClientOptions {
  const { signal, transcript, ...direct } = flat;
  return { connection: directConnection(direct), transcript, ...(signal ? { signal } : {}) };
}
