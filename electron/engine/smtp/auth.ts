/**
 * SMTP AUTH (RFC 4954): which mechanism may run, and the exchanges of PLAIN (RFC 4616),
 * LOGIN, CRAM-MD5 (RFC 2195), NTLM (MS-SMTPNTLM, ntlm.ts) and XOAUTH2 (Google's SASL profile).
 *
 * Redaction happens HERE, where the lines are made: the `display` text handed to the
 * transport (and so to the transcript and the evidence) comes from redactAuthCommand /
 * redactAuthResponse; the real line only ever goes to the socket.
 */
import { createHmac } from 'node:crypto';
import type { SmtpReply } from '../../../shared/evidence.ts';
import { AUTH_EXPOSURE_WITHOUT_TLS, type AuthExposure, type AuthMechanism } from '../../../shared/steps.ts';
import { ntlmExchange } from './ntlm.ts';
import { redactAuthCommand, redactAuthResponse } from './redact.ts';

/** 'secret-rebound': the saved password was entered for another target and was kept from the run. */
export type AuthSkipReason = 'no-credentials' | 'not-offered' | 'mechanism-unsupported' | 'plaintext-refused' | 'tls-unverified' | 'secret-rebound';

export interface AuthPolicy {
  /** Mechanisms the server advertised (after TLS when TLS is used). */
  offered: readonly string[];
  /** The user's choice; automatic when absent. */
  requested?: AuthMechanism;
  /** TLS is up. */
  secure: boolean;
  /** TLS is up and the certificate verified (false with "inspect anyway"). */
  tlsVerified: boolean;
  allowPlaintext?: boolean;
  allowUnverifiedTls?: boolean;
}

/** A refusal names the mechanism when one was chosen (plaintext-refused, tls-unverified), for the finding. */
export type AuthDecision = { ok: true; mechanism: AuthMechanism } | { ok: false; reason: AuthSkipReason; message: string; mechanism?: AuthMechanism };

/**
 * Automatic choice, best first; NTLM last, for Exchange connectors that offer nothing else.
 * XOAUTH2 runs only when chosen (its "password" is a token).
 */
const AUTOMATIC_ORDER: readonly AuthMechanism[] = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'NTLM'];

/**
 * Every mechanism is exposed without TLS (AUTH_EXPOSURE_WITHOUT_TLS): PLAIN and LOGIN show the
 * password, XOAUTH2 a replayable token, CRAM-MD5 and NTLM an answer cracked offline. So none runs on a
 * plain connection unless the user allowed plaintext AUTH for this profile or run.
 */
const EXPOSURE_WORDS: Record<AuthExposure, string> = {
  readable: 'would send the password readable',
  crackable: 'would send an answer from which the password can be cracked offline',
  replayable: 'would send the access token readable, and anyone who saw it could replay it',
};

export function chooseAuthMechanism(policy: AuthPolicy): AuthDecision {
  const offered = new Set(policy.offered.map((m) => m.toUpperCase()));
  if (offered.size === 0) return { ok: false, reason: 'not-offered', message: 'the server does not offer AUTH here' };
  let mechanism: AuthMechanism | undefined;
  if (policy.requested) {
    if (!offered.has(policy.requested)) {
      return { ok: false, reason: 'mechanism-unsupported', message: `the server does not offer AUTH ${policy.requested} (offered: ${[...offered].join(' ')})` };
    }
    mechanism = policy.requested;
  } else {
    mechanism = AUTOMATIC_ORDER.find((m) => offered.has(m));
    if (!mechanism) {
      return { ok: false, reason: 'mechanism-unsupported', message: `none of ${AUTOMATIC_ORDER.join(', ')} is offered (offered: ${[...offered].join(' ')})` };
    }
  }
  if (policy.secure && !policy.tlsVerified && !policy.allowUnverifiedTls) {
    return { ok: false, reason: 'tls-unverified', mechanism, message: 'credentials are not sent to a server whose certificate did not verify' };
  }
  if (!policy.secure && !policy.allowPlaintext) {
    const exposure = EXPOSURE_WORDS[AUTH_EXPOSURE_WITHOUT_TLS[mechanism]];
    return { ok: false, reason: 'plaintext-refused', mechanism, message: `AUTH ${mechanism} ${exposure} on this unencrypted connection; refused without TLS` };
  }
  return { ok: true, mechanism };
}

/** The connection as AUTH sees it: send one line (with what the transcript shows), read one reply. */
export interface AuthExchange {
  send(line: string, display: string): void;
  read(command: string): Promise<SmtpReply>;
  /** A line of our own for the transcript (why an exchange was cancelled). */
  note?(text: string): void;
}

export interface AuthStep {
  /** Redacted, as shown in the transcript. */
  command: string;
  reply: SmtpReply;
}

export interface AuthOutcome {
  mechanism: AuthMechanism;
  /** The final reply (235 on success). */
  reply: SmtpReply;
  ok: boolean;
  steps: AuthStep[];
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The base64 text of a 334 challenge, decoded (RFC 4954 §4). */
function challengeOf(reply: SmtpReply): Buffer {
  return Buffer.from((reply.lines[0] ?? '').trim(), 'base64');
}

export function plainInitialResponse(user: string, password: string): string {
  // RFC 4616 §2: [authzid] NUL authcid NUL passwd
  return b64(`\0${user}\0${password}`);
}

export function cramMd5Response(user: string, password: string, challenge: Buffer): string {
  const digest = createHmac('md5', password).update(challenge).digest('hex');
  return b64(`${user} ${digest}`);
}

export function xoauth2InitialResponse(user: string, token: string): string {
  return b64(`user=${user}\x01auth=Bearer ${token}\x01\x01`);
}

/**
 * Runs one AUTH exchange. 4xx/5xx are outcomes (ok=false); transport failures throw from
 * `exchange`. A 334 we have no answer for is cancelled with "*" (RFC 4954 §4).
 */
export async function authenticate(exchange: AuthExchange, mechanism: AuthMechanism, user: string, password: string): Promise<AuthOutcome> {
  const steps: AuthStep[] = [];
  const say = async (line: string, display: string): Promise<SmtpReply> => {
    exchange.send(line, display);
    const reply = await exchange.read(display);
    steps.push({ command: display, reply });
    return reply;
  };
  // The AUTH command line, then every client line inside the exchange: both redacted at the source.
  const command = (line: string) => say(line, redactAuthCommand(line));
  const respond = (line: string) => say(line, redactAuthResponse(line));
  const finish = async (reply: SmtpReply, answers: string[]): Promise<AuthOutcome> => {
    let current = reply;
    for (const answer of answers) {
      if (current.code !== 334) break;
      current = await respond(answer);
    }
    // Still asked for more than we have: cancel instead of leaving the server waiting.
    if (current.code === 334) current = await respond('*');
    return { mechanism, reply: current, ok: current.code === 235, steps };
  };

  switch (mechanism) {
    case 'PLAIN': {
      const blob = plainInitialResponse(user, password);
      const reply = await command(`AUTH PLAIN ${blob}`);
      // A server that ignores the initial response asks with an empty 334: give it the blob.
      return finish(reply, [blob]);
    }
    case 'LOGIN': {
      const reply = await command('AUTH LOGIN');
      return finish(reply, [b64(user), b64(password)]);
    }
    case 'CRAM-MD5': {
      const reply = await command('AUTH CRAM-MD5');
      if (reply.code !== 334) return { mechanism, reply, ok: false, steps };
      const answer = await respond(cramMd5Response(user, password, challengeOf(reply)));
      return finish(answer, []);
    }
    case 'NTLM': {
      const answer = await ntlmExchange({ command, respond, note: (text) => exchange.note?.(text) }, user, password);
      return finish(answer, []);
    }
    case 'XOAUTH2': {
      const reply = await command(`AUTH XOAUTH2 ${xoauth2InitialResponse(user, password)}`);
      // Failure: 334 <base64 JSON error>; the client answers with an empty line and gets 535.
      return finish(reply, ['']);
    }
  }
}
