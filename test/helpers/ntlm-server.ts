/**
 * A real SMTP server that offers AUTH NTLM the way an Exchange receive connector does
 * (MS-SMTPNTLM): smtp-server with the built-in test server's NTLM mechanism
 * (electron/engine/sandbox/ntlm-mechanism.ts: a fresh random CHALLENGE per attempt, the NTLMv2
 * response checked against the account's password), here with accounts of a domain EXAMPLE,
 * other mechanisms on request, and a CHALLENGE that asks for NTLMv1 when a test wants one.
 */
import type { AddressInfo } from 'node:net';
import SMTPServerModule from 'smtp-server';
import type { SMTPServerOptions } from 'smtp-server';
import { ntlmAttempt, offerNtlm, type NtlmAuthenticate, type NtlmServerNames } from '../../electron/engine/sandbox/ntlm-mechanism.ts';
import type { KeyAndCert } from './test-certs.ts';

const { SMTPServer } = SMTPServerModule;

export const NTLM_DOMAIN = 'EXAMPLE';
/** What this server's CHALLENGE names: the domain and server name an Exchange server would. */
export const NTLM_NAMES: NtlmServerNames = { domain: NTLM_DOMAIN, computer: 'MAIL1' };

export type { NtlmAuthenticate };

export interface NtlmServer {
  port: number;
  /** Each AUTHENTICATE_MESSAGE the server read. */
  attempts: NtlmAuthenticate[];
  /** The message bodies received. */
  messages: string[];
  close(): Promise<void>;
}

export interface NtlmServerOptions {
  /** Accounts by logon name ("EXAMPLE\\alice" or a UPN), case-insensitive, with their passwords. */
  accounts: Record<string, string>;
  /** The mechanisms offered (default: NTLM only, as an Exchange connector with Integrated Windows Authentication). */
  authMethods?: string[];
  /** STARTTLS with this certificate; without it AUTH runs in clear (allowInsecureAuth). */
  certs?: KeyAndCert;
  /** Send a CHALLENGE that asks for NTLMv1. */
  ntlmV1?: boolean;
}

const lookUp = (accounts: Record<string, string>, name: string) => Object.entries(accounts).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

export async function startNtlmServer(options: NtlmServerOptions): Promise<NtlmServer> {
  const attempts: NtlmAuthenticate[] = [];
  const messages: string[] = [];
  const settings: SMTPServerOptions = {
    logger: false,
    disableReverseLookup: true,
    name: 'mail1.example.test',
    authOptional: true,
    authMethods: options.authMethods ?? ['NTLM'],
    ...(options.certs ? { key: options.certs.key, cert: options.certs.cert } : { disabledCommands: ['STARTTLS'], allowInsecureAuth: true }),
    onAuth(auth, _session, callback) {
      // AUTH LOGIN / PLAIN: the name as typed, "EXAMPLE\\alice" or the UPN, as Exchange takes both.
      const password = lookUp(options.accounts, auth.username ?? '');
      const ntlm = ntlmAttempt(auth);
      if (ntlm) attempts.push(ntlm.message);
      const valid = password !== undefined && (ntlm ? ntlm.validatePassword(password) : auth.password === password);
      if (valid) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('5.7.3 Authentication unsuccessful'), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  };
  const server = new SMTPServer(settings);
  offerNtlm(server, NTLM_NAMES, { ntlmV1: options.ntlmV1 === true });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, attempts, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
