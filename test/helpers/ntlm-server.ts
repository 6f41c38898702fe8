/**
 * A real SMTP server that offers AUTH NTLM the way an Exchange receive connector does
 * (MS-SMTPNTLM): smtp-server with an NTLM mechanism added to its SASL table, a fresh random
 * CHALLENGE_MESSAGE per attempt, and the NTLMv2 response of the AUTHENTICATE_MESSAGE checked
 * against the account's password (MS-NLMP §3.3.2), written here from the specification so the
 * check does not lean on the client's code. Only the NT hash (MD4, which OpenSSL 3 lacks) is the
 * library's; the unit test checks it against the specification's test vector.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import ntlm from 'httpntlm/ntlm.js';
import SMTPServerModule from 'smtp-server';
import sasl from 'smtp-server/lib/sasl.js';
import type { SMTPServerOptions } from 'smtp-server';
import type { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';
import type { KeyAndCert } from './test-certs.ts';

const { SMTPServer } = SMTPServerModule;

// MS-NLMP §2.2.2.5
const UNICODE = 0x1;
const REQUEST_TARGET = 0x4;
const NTLM = 0x200;
const TARGET_TYPE_DOMAIN = 0x1_0000;
const EXTENDED_SESSION_SECURITY = 0x8_0000;
const TARGET_INFO = 0x80_0000;
const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

export const NTLM_DOMAIN = 'EXAMPLE';

/** What the AUTHENTICATE_MESSAGE carried (MS-NLMP §2.2.1.3). */
export interface NtlmAuthenticate {
  domain: string;
  user: string;
  workstation: string;
  ntResponse: Buffer;
  /** The whole message, base64, as the client sent it. */
  base64: string;
}

const utf16 = (text: string) => Buffer.from(text, 'utf16le');
const hmacMd5 = (key: Buffer, data: Buffer) => createHmac('md5', key).update(data).digest();

function avPair(id: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(id, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, value]);
}

/** A CHALLENGE_MESSAGE (§2.2.1.2) for `serverChallenge`, with target info, as a domain server sends it. */
export function challengeMessage(serverChallenge: Buffer, options: { ntlmV1?: boolean } = {}): Buffer {
  const name = utf16(NTLM_DOMAIN);
  // MsvAvNbDomainName (2), MsvAvNbComputerName (1), MsvAvEOL (0)
  const info = Buffer.concat([avPair(2, name), avPair(1, utf16('MAIL1')), avPair(0, Buffer.alloc(0))]);
  const flags = UNICODE | REQUEST_TARGET | NTLM | TARGET_TYPE_DOMAIN | (options.ntlmV1 ? 0 : EXTENDED_SESSION_SECURITY | TARGET_INFO);
  const head = Buffer.alloc(48);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(name.length, 12);
  head.writeUInt16LE(name.length, 14);
  head.writeUInt32LE(48, 16);
  head.writeUInt32LE(flags, 20);
  serverChallenge.copy(head, 24);
  head.writeUInt16LE(info.length, 40);
  head.writeUInt16LE(info.length, 42);
  head.writeUInt32LE(48 + name.length, 44);
  return Buffer.concat([head, name, info]);
}

/** Reads an AUTHENTICATE_MESSAGE; undefined when it is not one. */
export function readAuthenticate(base64: string): NtlmAuthenticate | undefined {
  const msg = Buffer.from(base64, 'base64');
  if (msg.length < 64 || !msg.subarray(0, 8).equals(SIGNATURE) || msg.readUInt32LE(8) !== 3) return undefined;
  const unicode = (msg.readUInt32LE(60) & UNICODE) !== 0;
  const field = (at: number) => msg.subarray(msg.readUInt32LE(at + 4), msg.readUInt32LE(at + 4) + msg.readUInt16LE(at));
  const text = (at: number) => field(at).toString(unicode ? 'utf16le' : 'latin1');
  return { domain: text(28), user: text(36), workstation: text(44), ntResponse: Buffer.from(field(20)), base64 };
}

/** MS-NLMP §3.3.2: NTProofStr = HMAC-MD5(NTOWFv2, server challenge + the response's blob). */
export function ntlmV2Valid(message: NtlmAuthenticate, serverChallenge: Buffer, password: string): boolean {
  if (message.ntResponse.length <= 24) return false;
  const key = hmacMd5(ntlm.create_NT_hashed_password(password), utf16(message.user.toUpperCase() + message.domain));
  const proof = hmacMd5(key, Buffer.concat([serverChallenge, message.ntResponse.subarray(16)]));
  return timingSafeEqual(proof, message.ntResponse.subarray(0, 16));
}

/** The NTLM attempt as onAuth sees it: who, and a check of a password against the response. */
export interface NtlmAuthAttempt {
  method: 'NTLM';
  username: string;
  message: NtlmAuthenticate;
  validatePassword(password: string): boolean;
}

type Done = () => void;
type OnNtlmAuth = (auth: NtlmAuthAttempt, callback: (ok: boolean) => void) => void;
/** Per server: how it checks an attempt, and whether it asks for NTLMv1. */
const NTLM_SERVERS = new WeakMap<object, { onAuth: OnNtlmAuth; ntlmV1: boolean }>();

function answerAuthenticate(this: SMTPConnection, serverChallenge: Buffer, line: Buffer | string, callback: Done): void {
  const text = line.toString().trim();
  if (text === '*') return (this.send(501, 'Authentication aborted'), callback());
  const message = readAuthenticate(text);
  const server = NTLM_SERVERS.get(this._server);
  if (!message || !server) return (this.send(501, '5.5.2 Error: not an NTLM AUTHENTICATE message'), callback());
  const username = message.domain === '' ? message.user : `${message.domain}\\${message.user}`;
  const attempt: NtlmAuthAttempt = { method: 'NTLM', username, message, validatePassword: (p) => ntlmV2Valid(message, serverChallenge, p) };
  server.onAuth(attempt, (ok) => {
    if (!ok) return (this.send(535, '5.7.3 Authentication unsuccessful'), callback());
    this.session.user = username;
    this.send(235, '2.7.0 Authentication successful');
    callback();
  });
}

function answerNegotiate(this: SMTPConnection, line: Buffer | string, callback: Done): void {
  const negotiate = Buffer.from(line.toString().trim(), 'base64');
  if (negotiate.length < 16 || !negotiate.subarray(0, 8).equals(SIGNATURE) || negotiate.readUInt32LE(8) !== 1) {
    return (this.send(501, '5.5.2 Error: not an NTLM NEGOTIATE message'), callback());
  }
  const serverChallenge = randomBytes(8);
  const ntlmV1 = NTLM_SERVERS.get(this._server)?.ntlmV1 === true;
  this._nextHandler = answerAuthenticate.bind(this, serverChallenge);
  this.send(334, challengeMessage(serverChallenge, { ntlmV1 }).toString('base64'));
  callback();
}

/** "AUTH NTLM [negotiate]": with the NEGOTIATE as initial response, or asked for with an empty 334. */
function saslNtlm(this: SMTPConnection, args: string[], callback: Done): void {
  if (args.length === 0) {
    this._nextHandler = answerNegotiate.bind(this);
    this.send(334, '');
    return callback();
  }
  answerNegotiate.call(this, args[0] ?? '', callback);
}

// smtp-server looks mechanisms up as SASL_<NAME> in this table; a server dispatches one only if
// its authMethods list it, so adding it changes no other server.
(sasl as unknown as Record<string, unknown>).SASL_NTLM = saslNtlm;

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
      if (password !== undefined && auth.password === password) return callback(null, { user: auth.username });
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
  NTLM_SERVERS.set(server, {
    ntlmV1: options.ntlmV1 === true,
    onAuth(attempt, done) {
      attempts.push(attempt.message);
      const password = lookUp(options.accounts, attempt.username);
      done(password !== undefined && attempt.validatePassword(password));
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, attempts, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
