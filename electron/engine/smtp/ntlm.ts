/**
 * AUTH NTLM (MS-SMTPNTLM): "AUTH NTLM <NEGOTIATE>" -> "334 <CHALLENGE>" -> "<AUTHENTICATE>" ->
 * 235 or 535, as Exchange's receive connectors offer it (Integrated Windows Authentication).
 *
 * The messages and their cryptography come from the httpntlm package (MD4 by js-md4 in plain
 * JavaScript, since OpenSSL 3's default provider has no MD4; HMAC-MD5 from node:crypto). This file
 * only splits the account name, checks the server's CHALLENGE and drives the three steps.
 */
import type { SmtpReply } from '../../../shared/evidence.ts';
import { NTLM_FLAGS, NTLM_SIGNATURE, ntlmLibrary } from '../ntlm-protocol.ts';

/** The name as NTLM carries it: a domain and a user name within it. */
export interface NtlmAccount {
  domain: string;
  user: string;
}

/**
 * "DOMAIN\user" -> domain DOMAIN, user "user" (the down-level logon name). A user principal name
 * ("user@example.com") and a bare name go whole as the user with no domain, as Windows sends
 * them: the domain controller resolves a UPN itself, and its DNS suffix need not be the domain.
 */
export function ntlmAccount(name: string): NtlmAccount {
  const slash = name.indexOf('\\');
  if (slash <= 0) return { domain: '', user: slash === 0 ? name.slice(1) : name };
  return { domain: name.slice(0, slash), user: name.slice(slash + 1) };
}

/** No workstation name: it would tell the server this machine's name for nothing. */
const WORKSTATION = '';

const stripPrefix = (message: string) => message.replace(/^NTLM /, '');

/** The NEGOTIATE_MESSAGE, base64: flags and the domain, nothing derived from the password. */
export async function ntlmNegotiate(account: NtlmAccount): Promise<string> {
  const ntlm = await ntlmLibrary();
  return stripPrefix(ntlm.createType1Message({ domain: account.domain, workstation: WORKSTATION }));
}

const { EXTENDED_SESSION_SECURITY, TARGET_INFO } = NTLM_FLAGS;

/**
 * Why the server's CHALLENGE_MESSAGE cannot be answered, or undefined. Without extended session
 * security and target info the library would answer with NTLMv1 and an LM response, both cracked
 * in hours from a captured exchange: the password is not put at that risk.
 */
export function ntlmChallengeProblem(challenge: Buffer): string | undefined {
  if (challenge.length < 48 || challenge.toString('latin1', 0, 8) !== NTLM_SIGNATURE || challenge.readUInt32LE(8) !== 2) {
    return 'the server\'s 334 reply is not an NTLM challenge';
  }
  const flags = challenge.readUInt32LE(20);
  const infoLength = challenge.readUInt16LE(40);
  const infoOffset = challenge.readUInt32LE(44);
  const hasInfo = (flags & TARGET_INFO) !== 0 && infoLength > 0 && infoOffset + infoLength <= challenge.length;
  if ((flags & EXTENDED_SESSION_SECURITY) === 0 || !hasInfo) {
    return 'the server asks for NTLMv1 (no extended session security or target info), whose answer can be cracked; not answered';
  }
  return undefined;
}

/** MS-NLMP §2.2.2.1 AV_PAIR ids the transcript names: what the server says its domain and name are. */
const AV_NAMES: Record<number, string> = { 2: 'domain', 1: 'server', 4: 'DNS domain', 3: 'DNS name' };

/**
 * "domain EXAMPLE, server MAIL1, ..." from a usable CHALLENGE's target info, for the transcript: the
 * NetBIOS domain is what goes before the backslash of DOMAIN\user.
 */
export function ntlmChallengeNames(challenge: Buffer): string {
  const start = challenge.readUInt32LE(44);
  const end = start + challenge.readUInt16LE(40);
  const names: string[] = [];
  for (let at = start; at + 4 <= end; ) {
    const id = challenge.readUInt16LE(at);
    const length = challenge.readUInt16LE(at + 2);
    if (id === 0 || at + 4 + length > end) break;
    const name = AV_NAMES[id];
    if (name !== undefined) names.push(`${name} ${challenge.toString('utf16le', at + 4, at + 4 + length)}`);
    at += 4 + length;
  }
  return names.join(', ');
}

export type NtlmAnswer = { ok: true; message: string } | { ok: false; problem: string };

/** The AUTHENTICATE_MESSAGE (NTLMv2 response), base64, for the server's base64 CHALLENGE_MESSAGE. */
export async function ntlmAuthenticate(challengeBase64: string, account: NtlmAccount, password: string): Promise<NtlmAnswer> {
  const problem = ntlmChallengeProblem(Buffer.from(challengeBase64, 'base64'));
  if (problem !== undefined) return { ok: false, problem };
  const ntlm = await ntlmLibrary();
  let parseError: Error | undefined;
  const type2 = ntlm.parseType2Message(`NTLM ${challengeBase64}`, (error) => (parseError = error));
  if (type2 === null) return { ok: false, problem: parseError?.message ?? 'the NTLM challenge could not be read' };
  const message = ntlm.createType3Message(type2, { username: account.user, password, domain: account.domain, workstation: WORKSTATION });
  return { ok: true, message: stripPrefix(message) };
}

/** How the NTLM exchange talks: AUTH lines and answers (redacted by the caller), and a note for the transcript. */
export interface NtlmSay {
  command(line: string): Promise<SmtpReply>;
  respond(line: string): Promise<SmtpReply>;
  note(text: string): void;
}

const challengeText = (reply: SmtpReply) => (reply.lines[0] ?? '').trim();

/**
 * Runs the exchange up to the server's answer to the AUTHENTICATE message. A 334 it returns is one
 * it could not answer (the caller cancels it with "*", RFC 4954 §4).
 */
export async function ntlmExchange(say: NtlmSay, name: string, password: string): Promise<SmtpReply> {
  const account = ntlmAccount(name);
  const negotiate = await ntlmNegotiate(account);
  let reply = await say.command(`AUTH NTLM ${negotiate}`);
  // A server that ignores the initial response asks with an empty 334: give it the NEGOTIATE message.
  if (reply.code === 334 && challengeText(reply) === '') reply = await say.respond(negotiate);
  if (reply.code !== 334) return reply;
  const answer = await ntlmAuthenticate(challengeText(reply), account, password);
  if (!answer.ok) {
    say.note(`AUTH NTLM cancelled: ${answer.problem}`);
    return reply;
  }
  const names = ntlmChallengeNames(Buffer.from(challengeText(reply), 'base64'));
  if (names !== '') say.note(`NTLM challenge: ${names}`);
  return say.respond(answer.message);
}
