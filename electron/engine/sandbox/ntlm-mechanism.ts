/**
 * AUTH NTLM for smtp-server, the way an Exchange receive connector offers it (MS-SMTPNTLM): a
 * fresh random CHALLENGE_MESSAGE per attempt, and the NTLMv2 response of the AUTHENTICATE_MESSAGE
 * checked against a password (MS-NLMP §3.3.2). The check is written here from the specification,
 * apart from the engine's client (smtp/ntlm.ts), so a test of one against the other proves both.
 * Only the NT hash (MD4, which OpenSSL 3's default provider lacks) is the httpntlm package's,
 * loaded on the first NTLM attempt. The attempt reaches the server's own onAuth as
 * { method: 'NTLM', username, validatePassword }, like smtp-server's CRAM-MD5.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SMTPServer, SMTPServerAuthentication, SMTPServerAuthenticationResponse } from 'smtp-server';
import sasl from 'smtp-server/lib/sasl.js';
import { NTLM_FLAGS, NTLM_SIGNATURE, ntlmLibrary } from '../ntlm-protocol.ts';
import type { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';

const { UNICODE, REQUEST_TARGET, NTLM, TARGET_TYPE_DOMAIN, EXTENDED_SESSION_SECURITY, TARGET_INFO } = NTLM_FLAGS;
const SIGNATURE = Buffer.from(NTLM_SIGNATURE, 'latin1');

/** What the server calls itself in its CHALLENGE (the client's transcript shows both). */
export interface NtlmServerNames {
  /** The NetBIOS domain: what goes before the backslash of DOMAIN\user. */
  domain: string;
  /** The server's NetBIOS name. */
  computer: string;
}

/** What the AUTHENTICATE_MESSAGE carried (MS-NLMP §2.2.1.3). */
export interface NtlmAuthenticate {
  domain: string;
  user: string;
  workstation: string;
  ntResponse: Buffer;
  /** The whole message, base64, as the client sent it. */
  base64: string;
}

/** An NTLM attempt as onAuth receives it: who, and a check of a password against the response. */
export interface NtlmAuthentication {
  method: 'NTLM';
  /** "DOMAIN\user", or the user alone (a UPN or bare name) when no domain was sent. */
  username: string;
  message: NtlmAuthenticate;
  validatePassword(password: string): boolean;
}

/** An onAuth attempt that is NTLM, typed as such (smtp-server's own types list only its mechanisms). */
export function ntlmAttempt(auth: SMTPServerAuthentication): NtlmAuthentication | undefined {
  return (auth as { method: string }).method === 'NTLM' ? (auth as unknown as NtlmAuthentication) : undefined;
}

const utf16 = (text: string) => Buffer.from(text, 'utf16le');
const hmacMd5 = (key: Buffer, data: Buffer) => createHmac('md5', key).update(data).digest();

function avPair(id: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(id, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, value]);
}

/**
 * A CHALLENGE_MESSAGE (§2.2.1.2) for `serverChallenge`, with target info, as a domain server sends
 * it. ntlmV1: one that asks for NTLMv1 (no extended session security, no target info), which a
 * careful client refuses to answer; tests use it.
 */
export function challengeMessage(serverChallenge: Buffer, names: NtlmServerNames, options: { ntlmV1?: boolean } = {}): Buffer {
  const domain = utf16(names.domain);
  // MsvAvNbDomainName (2), MsvAvNbComputerName (1), MsvAvEOL (0)
  const info = Buffer.concat([avPair(2, domain), avPair(1, utf16(names.computer)), avPair(0, Buffer.alloc(0))]);
  const flags = UNICODE | REQUEST_TARGET | NTLM | TARGET_TYPE_DOMAIN | (options.ntlmV1 ? 0 : EXTENDED_SESSION_SECURITY | TARGET_INFO);
  const head = Buffer.alloc(48);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(domain.length, 12);
  head.writeUInt16LE(domain.length, 14);
  head.writeUInt32LE(48, 16);
  head.writeUInt32LE(flags, 20);
  serverChallenge.copy(head, 24);
  head.writeUInt16LE(info.length, 40);
  head.writeUInt16LE(info.length, 42);
  head.writeUInt32LE(48 + domain.length, 44);
  return Buffer.concat([head, domain, info]);
}

/** Reads an AUTHENTICATE_MESSAGE; undefined when it is not one (or a field points past its end). */
export function readAuthenticate(base64: string): NtlmAuthenticate | undefined {
  const msg = Buffer.from(base64, 'base64');
  if (msg.length < 64 || !msg.subarray(0, 8).equals(SIGNATURE) || msg.readUInt32LE(8) !== 3) return undefined;
  const unicode = (msg.readUInt32LE(60) & UNICODE) !== 0;
  const inside = (at: number) => msg.readUInt32LE(at + 4) + msg.readUInt16LE(at) <= msg.length;
  if (![20, 28, 36, 44].every(inside)) return undefined;
  const field = (at: number) => msg.subarray(msg.readUInt32LE(at + 4), msg.readUInt32LE(at + 4) + msg.readUInt16LE(at));
  const text = (at: number) => field(at).toString(unicode ? 'utf16le' : 'latin1');
  return { domain: text(28), user: text(36), workstation: text(44), ntResponse: Buffer.from(field(20)), base64 };
}

/**
 * MS-NLMP §3.3.2: NTProofStr = HMAC-MD5(NTOWFv2, server challenge + the response's blob), where
 * NTOWFv2 = HMAC-MD5(NT hash of the password, UPPER(user) + domain). ntHash: MD4 of the password.
 */
export function ntlmV2Valid(message: NtlmAuthenticate, serverChallenge: Buffer, ntHash: Buffer): boolean {
  if (message.ntResponse.length <= 24) return false;
  const key = hmacMd5(ntHash, utf16(message.user.toUpperCase() + message.domain));
  const proof = hmacMd5(key, Buffer.concat([serverChallenge, message.ntResponse.subarray(16)]));
  return timingSafeEqual(proof, message.ntResponse.subarray(0, 16));
}

/** The NT hash function (MD4 in JavaScript): loaded on the first NTLM attempt, not at start. */
const ntHashOf = async (): Promise<(password: string) => Buffer> => {
  const ntlm = await ntlmLibrary();
  return (password) => ntlm.create_NT_hashed_password(password);
};

type Done = () => void;
/** Per server: the names its CHALLENGE carries, and whether it asks for NTLMv1. */
const NTLM_SERVERS = new WeakMap<object, NtlmServerNames & { ntlmV1: boolean }>();

/** Sends onAuth's answer the way smtp-server's own mechanisms do. */
function answerAuth(this: SMTPConnection, err: Error | null | undefined, response: SMTPServerAuthenticationResponse | undefined, callback: Done): void {
  if (err) return (this.send((err as { responseCode?: number }).responseCode ?? 535, err.message), callback());
  if (!response?.user) return (this.send(response?.responseCode ?? 535, response?.message ?? 'Error: Authentication credentials invalid'), callback());
  this.session.user = response.user;
  // ESMTPSA/ESMTPA in the stored copy's Received line, as smtp-server's own mechanisms set it.
  this.session.transmissionType = this._transmissionType();
  this.send(235, 'Authentication successful');
  callback();
}

function answerAuthenticate(this: SMTPConnection, serverChallenge: Buffer, line: Buffer | string, callback: Done): void {
  const text = line.toString().trim();
  if (text === '*') return (this.send(501, 'Authentication aborted'), callback());
  const message = readAuthenticate(text);
  if (!message) return (this.send(501, '5.5.2 Error: not an NTLM AUTHENTICATE message'), callback());
  const username = message.domain === '' ? message.user : `${message.domain}\\${message.user}`;
  void ntHashOf().then((ntHash) => {
    const attempt: NtlmAuthentication = { method: 'NTLM', username, message, validatePassword: (p) => ntlmV2Valid(message, serverChallenge, ntHash(p)) };
    // smtp-server's onAuth types know its own mechanisms only; the sandbox's onAuth takes this one too.
    this._server.onAuth(attempt as unknown as SMTPServerAuthentication, this.session, (err, response) => answerAuth.call(this, err, response, callback));
  });
}

function answerNegotiate(this: SMTPConnection, line: Buffer | string, callback: Done): void {
  const negotiate = Buffer.from(line.toString().trim(), 'base64');
  const server = NTLM_SERVERS.get(this._server);
  if (!server || negotiate.length < 16 || !negotiate.subarray(0, 8).equals(SIGNATURE) || negotiate.readUInt32LE(8) !== 1) {
    return (this.send(501, '5.5.2 Error: not an NTLM NEGOTIATE message'), callback());
  }
  const serverChallenge = randomBytes(8);
  this._nextHandler = answerAuthenticate.bind(this, serverChallenge);
  this.send(334, challengeMessage(serverChallenge, server, { ntlmV1: server.ntlmV1 }).toString('base64'));
  callback();
}

/** "AUTH NTLM [negotiate]": with the NEGOTIATE as initial response, or asked for with an empty 334. */
function saslNtlm(this: SMTPConnection, args: string[], callback: Done): void {
  if (args.length > 1) return (this.send(501, 'Error: syntax: AUTH NTLM [negotiate]'), callback());
  if (args.length === 0) {
    this._nextHandler = answerNegotiate.bind(this);
    this.send(334, '');
    return callback();
  }
  answerNegotiate.call(this, args[0] ?? '', callback);
}

/**
 * Lets `server` take AUTH NTLM when its authMethods list 'NTLM'. smtp-server looks mechanisms up as
 * SASL_<NAME> in one table shared by every server, and dispatches one only to servers that list it,
 * so adding it changes no other server.
 */
export function offerNtlm(server: SMTPServer, names: NtlmServerNames, options: { ntlmV1?: boolean } = {}): void {
  (sasl as unknown as Record<string, unknown>).SASL_NTLM = saslNtlm;
  NTLM_SERVERS.set(server, { ...names, ntlmV1: options.ntlmV1 === true });
}
