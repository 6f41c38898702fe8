/**
 * The last scrub of one run's (or one console's) secret forms, which everything leaving the engine
 * passes: the transcript scrubs each line before it keeps or emits it (transcript.ts), runCheck
 * returns its report through `scrubDeep` (every string, keys too), and the console scrubs its
 * results. Forms and the user-name decision: redact.ts. Without credentials it changes nothing.
 */
import { createHmac } from 'node:crypto';
import type { TranscriptDir } from '../../../shared/transcript.ts';
import { cramMd5Forms, ntlmAuthenticateForms, secretMatcher, secretForms } from './redact.ts';

export interface SecretScrubber {
  /** `text` with every secret form replaced by "[redacted]". */
  scrub(text: string): string;
  /** A copy of `value` with every string in it scrubbed (object keys included). */
  scrubDeep<T>(value: T): T;
  /** The same error with its message and stack scrubbed (a thrown error may quote a reply). */
  scrubError(error: unknown): unknown;
  /**
   * Sees each transcript line before it is scrubbed: the challenge that answers "AUTH CRAM-MD5"
   * makes the response's digest a secret form from then on (the response itself is redacted at
   * the source, but a server can echo it back).
   */
  observeLine(dir: TranscriptDir, text: string): void;
}

export interface ScrubbedCredentials {
  user: string;
  password: string;
}

/** Keys and short values repeat across a report's thousands of events: each is scrubbed once per pass. */
function cached(scrub: (text: string) => string): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    if (text.length > 64) return scrub(text);
    let out = seen.get(text);
    if (out === undefined) seen.set(text, (out = scrub(text)));
    return out;
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !(value instanceof Date) && !ArrayBuffer.isView(value);

function deep(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((v) => deep(v, scrub));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[scrub(key)] = deep(v, scrub);
  return out;
}

/** The scrubber of a run without credentials: nothing to hide. */
export const NO_SECRETS: SecretScrubber = {
  scrub: (text) => text,
  scrubDeep: (value) => value,
  scrubError: (error) => error,
  observeLine: () => undefined,
};

/** RFC 2195 §2: the first 334 reply after "AUTH CRAM-MD5" carries the base64 challenge. */
const CRAM_COMMAND = /^AUTH\s+CRAM-MD5\s*$/i;
const CHALLENGE = /^334[ -]?(.*)$/;

export function createSecretScrubber(credentials: ScrubbedCredentials | undefined): SecretScrubber {
  if (credentials === undefined || credentials.password === '') return NO_SECRETS;
  const { user, password } = credentials;
  const forms = [...secretForms(user, password), ...ntlmAuthenticateForms()];
  let scrub = secretMatcher(forms);
  let awaitingChallenge = false;
  const learnChallenge = (base64: string) => {
    const digest = createHmac('md5', password).update(Buffer.from(base64, 'base64')).digest('hex');
    forms.push(...cramMd5Forms(user, digest));
    scrub = secretMatcher(forms);
  };
  return {
    scrub: (text) => scrub(text),
    scrubDeep: <T>(value: T) => deep(value, cached(scrub)) as T,
    scrubError(error) {
      if (!(error instanceof Error)) return typeof error === 'string' ? scrub(error) : error;
      error.message = scrub(error.message);
      if (error.stack !== undefined) error.stack = scrub(error.stack);
      return error;
    },
    observeLine(dir, text) {
      if (dir === 'C') awaitingChallenge = CRAM_COMMAND.test(text);
      else if (dir === 'S' && awaitingChallenge) {
        awaitingChallenge = false;
        const challenge = CHALLENGE.exec(text);
        if (challenge) learnChallenge((challenge[1] ?? '').trim());
      }
    },
  };
}
