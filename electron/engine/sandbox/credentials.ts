/**
 * The sandbox's AUTH credentials: random at first start, stored in dataDir/sandbox.json
 * (mode 0600) and reused, so a saved "Local test server" profile keeps working.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from '../store/atomic-file.ts';
import { osErrorCode, toSandboxError } from './sandbox-error.ts';

export const CREDENTIALS_FILE = 'sandbox.json';
const MAX_STATE_BYTES = 16 * 1024;

const stateSchema = z.object({
  version: z.literal(1),
  user: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  password: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/),
  createdAt: z.string(),
});
export type SandboxState = z.infer<typeof stateSchema>;

export interface SandboxCredentials {
  user: string;
  password: string;
  /** Why new ones were made, or undefined when the stored ones were reused. */
  createdBecause?: string;
}

export function generateCredentials(now = new Date()): SandboxState {
  return {
    version: 1,
    // Short and typeable for a user who copies it by hand; the password carries the entropy (144 bits).
    user: `probe-${randomBytes(3).toString('hex')}`,
    password: randomBytes(18).toString('base64url'),
    createdAt: now.toISOString(),
  };
}

/** Reads and validates the stored state; undefined with a reason when it must be made anew. */
export function parseState(text: string): { state?: SandboxState; problem?: string } {
  if (text.length > MAX_STATE_BYTES) return { problem: `${CREDENTIALS_FILE} is larger than ${MAX_STATE_BYTES} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the text around the error, which may be the password.
    return { problem: `${CREDENTIALS_FILE} is not valid JSON` };
  }
  const parsed = stateSchema.safeParse(json);
  return parsed.success ? { state: parsed.data } : { problem: `${CREDENTIALS_FILE} does not hold valid credentials` };
}

export async function loadOrCreateCredentials(dataDir: string): Promise<SandboxCredentials> {
  const path = join(dataDir, CREDENTIALS_FILE);
  let createdBecause = 'no credentials were stored yet';
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (osErrorCode(err) !== 'ENOENT') throw toSandboxError(err, 'ECREDENTIALS', 'credentials', `Cannot read ${path}`);
  }
  if (text !== undefined) {
    const { state, problem } = parseState(text);
    if (state) return { user: state.user, password: state.password };
    createdBecause = problem ?? createdBecause;
  }
  const state = generateCredentials();
  try {
    await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`);
  } catch (err) {
    throw toSandboxError(err, 'ECREDENTIALS', 'credentials', `Cannot store the credentials in ${path}`);
  }
  return { user: state.user, password: state.password, createdBecause };
}

/** Constant-time comparison of secrets of any length (hashing first evens out the lengths). */
export function secretEquals(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}
