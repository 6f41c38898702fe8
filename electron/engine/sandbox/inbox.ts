/**
 * The sandbox inbox: each accepted message is an `<id>.eml` file plus an `<id>.json` envelope
 * beside it. Both are written to a temp name and renamed (store/atomic-file.ts); the .eml goes
 * first and is removed again when its envelope cannot be written, so a listed envelope always has
 * its message. Nothing here sends mail: sandbox/ may import no network client (eslint.config.js).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fsp, { open as openFile, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as z from 'zod';
import { renameWithRetry, tempPathFor, writeFileAtomic } from '../store/atomic-file.ts';
import type { AtomicWriteOptions } from '../store/atomic-file.ts';
import { subjectOf } from './mime-header.ts';
import type { SandboxMessage, StoredMessageText } from './sandbox-types.ts';

/** Past this many stored messages new mail is deferred (452 4.3.1) rather than filling the disk. */
export const MAX_STORED_MESSAGES = 1000;
/** Bytes of the message head kept in memory to find the Subject. */
const HEAD_BYTES = 64 * 1024;
const MAX_ENVELOPE_BYTES = 256 * 1024;
const ENVELOPE_FILE = /^([0-9]{8}T[0-9]{9}Z-[0-9a-f]{8})\.json$/;
const MESSAGE_ID = /^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{8}$/;
/** How much of one stored message the inbox viewer gets (the file itself may be up to the size limit). */
export const MAX_VIEWED_BYTES = 1024 * 1024;

const envelopeSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(MESSAGE_ID),
  receivedAt: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string().optional(),
  sizeOctets: z.number().int().nonnegative(),
  authenticatedUser: z.string().optional(),
  tls: z.boolean(),
});

let lastIdMs = 0;

/**
 * Sortable by name in order of arrival: the UTC time, kept strictly increasing within this
 * process (two messages in one millisecond still list in order), then randomness against
 * collisions with another process sharing the folder.
 */
export function newMessageId(now: Date): string {
  lastIdMs = Math.max(now.getTime(), lastIdMs + 1);
  return `${new Date(lastIdMs).toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
}

export interface IncomingEnvelope {
  from: string;
  to: string[];
  authenticatedUser?: string;
  tls: boolean;
  /** Trace header prepended to the stored copy (RFC 5321 §4.4), ending in CRLF, for the message id. */
  receivedHeader: (id: string) => string;
}

/** The client closed the connection before the end of the message: nothing was stored. */
export class ClientGoneError extends Error {
  constructor() {
    super('The client closed the connection before the end of the message');
    this.name = 'ClientGoneError';
  }
}

export type SaveOutcome = { saved: SandboxMessage } | { oversized: true; sizeOctets: number };

/** Number of stored messages (envelopes) in the inbox. */
export async function countMessages(inboxDir: string): Promise<number> {
  return (await readdir(inboxDir)).filter((name) => ENVELOPE_FILE.test(name)).length;
}

/**
 * Streams a message into the inbox. Past maxBytes the rest is read and dropped (the client
 * still gets its 552 from smtp-server): at most maxBytes of an oversized message reach the temp
 * file, which is then removed. `atomic` lets tests make a rename or a write fail.
 */
export async function saveMessage(
  inboxDir: string,
  data: Readable,
  envelope: IncomingEnvelope,
  maxBytes: number,
  now = new Date(),
  atomic: AtomicWriteOptions = {},
): Promise<SaveOutcome> {
  const fs = atomic.fs ?? fsp;
  const removeQuietly = (file: string) => fs.unlink(file).catch(() => undefined); // it may not exist
  const id = newMessageId(now);
  const emlPath = join(inboxDir, `${id}.eml`);
  const temp = tempPathFor(emlPath);
  let received = 0;
  const head: Buffer[] = [];
  let headBytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (headBytes < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headBytes));
        headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
      }
      done(null, received > maxBytes ? undefined : chunk);
    },
  });
  const out = createWriteStream(temp, { flags: 'wx', mode: 0o600 });
  // smtp-server destroys the data stream without 'end' when the client leaves mid-message.
  const sourceGone = () => {
    if (!data.readableEnded) tap.destroy(new ClientGoneError());
  };
  data.once('close', sourceGone);
  // The client may have left while the caller was still counting the inbox: 'close' is then past.
  if (data.destroyed) sourceGone();
  try {
    out.write(envelope.receivedHeader(id));
    // data is piped rather than put into the pipeline, so a write error (disk full) leaves
    // it intact: the caller drains it and the session can still answer the client.
    data.pipe(tap);
    await pipeline(tap, out);
    if (received > maxBytes) {
      await removeQuietly(temp);
      return { oversized: true, sizeOctets: received };
    }
    await renameWithRetry(temp, emlPath, atomic);
  } catch (err) {
    await removeQuietly(temp);
    throw err;
  } finally {
    data.off('close', sourceGone);
  }
  const subject = subjectOf(Buffer.concat(head).toString('utf8'));
  const message: SandboxMessage = {
    id,
    file: emlPath,
    receivedAt: now.toISOString(),
    from: envelope.from,
    to: envelope.to,
    ...(subject !== undefined ? { subject } : {}),
    sizeOctets: received,
    ...(envelope.authenticatedUser !== undefined ? { authenticatedUser: envelope.authenticatedUser } : {}),
    tls: envelope.tls,
  };
  const { file: _file, ...stored } = message;
  try {
    await writeFileAtomic(join(inboxDir, `${id}.json`), `${JSON.stringify({ version: 1, ...stored }, null, 2)}\n`, atomic);
  } catch (err) {
    // Without its envelope the message would be invisible: remove it so the client's retry is clean.
    await removeQuietly(emlPath);
    throw err;
  }
  return { saved: message };
}

export interface ListResult {
  messages: SandboxMessage[];
  /** Envelope files that could not be read or failed validation, with the reason. */
  problems: { file: string; reason: string }[];
}

/** The newest MAX_STORED_MESSAGES messages, oldest first. */
export async function listInbox(inboxDir: string): Promise<ListResult> {
  const names = (await readdir(inboxDir)).filter((name) => ENVELOPE_FILE.test(name)).sort();
  const newest = names.slice(-MAX_STORED_MESSAGES);
  const problems: ListResult['problems'] = [];
  const messages: SandboxMessage[] = [];
  for (const name of newest) {
    const file = join(inboxDir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      problems.push({ file, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    const parsed = text.length > MAX_ENVELOPE_BYTES ? undefined : envelopeSchema.safeParse(safeJson(text));
    if (!parsed?.success) {
      problems.push({ file, reason: 'not a valid sandbox envelope' });
      continue;
    }
    const { version: _version, ...fields } = parsed.data;
    messages.push({ ...fields, file: join(inboxDir, `${fields.id}.eml`) });
  }
  return { messages, problems };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Reported by the caller as an invalid envelope; the parse message adds nothing for the user.
    return undefined;
  }
}

/**
 * One stored message, for the inbox viewer. The id is checked against the inbox's own naming, so
 * no path can be smuggled in; undefined when there is no such message.
 */
export async function readInboxMessage(inboxDir: string, id: string): Promise<StoredMessageText | undefined> {
  if (!MESSAGE_ID.test(id)) return undefined;
  let handle;
  try {
    handle = await openFile(join(inboxDir, `${id}.eml`), 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, MAX_VIEWED_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { text: buffer.subarray(0, bytesRead).toString('utf8'), truncated: size > bytesRead, sizeOctets: size };
  } finally {
    await handle.close();
  }
}
