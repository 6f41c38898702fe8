import fsp, { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientGoneError, countMessages, listInbox, newMessageId, saveMessage } from '../../../../electron/engine/sandbox/inbox.ts';
import type { IncomingEnvelope } from '../../../../electron/engine/sandbox/inbox.ts';
import type { AtomicFs } from '../../../../electron/engine/store/atomic-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sandbox-inbox-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const envelope = (over: Partial<IncomingEnvelope> = {}): IncomingEnvelope => ({
  from: 'a@example.org',
  to: ['b@example.net'],
  tls: false,
  receivedHeader: (id) => `Received: test id ${id}\r\n`,
  ...over,
});

describe('newMessageId', () => {
  it('sorts in order of arrival even within one millisecond', () => {
    const at = new Date('2030-01-01T00:00:00.000Z');
    const ids = Array.from({ length: 5 }, () => newMessageId(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(5);
    expect(ids[0]).toMatch(/^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{8}$/);
  });
});

describe('saveMessage / listInbox', () => {
  it('stores the message after its trace header and lists its envelope', async () => {
    const body = 'Subject: hi there\r\n\r\nbody\r\n';
    const outcome = await saveMessage(dir, Readable.from([Buffer.from(body)]), envelope({ authenticatedUser: 'u', tls: true }), 1024);
    if (!('saved' in outcome)) throw new Error('expected a stored message');
    const { saved } = outcome;
    expect(await readFile(saved.file, 'utf8')).toBe(`Received: test id ${saved.id}\r\n${body}`);
    expect(saved).toMatchObject({ subject: 'hi there', sizeOctets: Buffer.byteLength(body), authenticatedUser: 'u', tls: true });
    expect(await listInbox(dir)).toEqual({ messages: [saved], problems: [] });
    expect(await countMessages(dir)).toBe(1);
  });

  it('drops an oversized message without leaving any file', async () => {
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(200, 'x'));
    const outcome = await saveMessage(dir, Readable.from(chunks), envelope(), 1024);
    expect(outcome).toEqual({ oversized: true, sizeOctets: 2000 });
    expect(await readdir(dir)).toEqual([]);
  });

  it('omits subject and user when there are none', async () => {
    const outcome = await saveMessage(dir, Readable.from([Buffer.from('X-Other: 1\r\n\r\nbody')]), envelope(), 1024);
    if (!('saved' in outcome)) throw new Error('expected a stored message');
    expect('subject' in outcome.saved).toBe(false);
    expect('authenticatedUser' in outcome.saved).toBe(false);
  });

  it('reports envelopes that fail validation and ignores unrelated files', async () => {
    await writeFile(join(dir, '20300101T000000000Z-0000000a.json'), JSON.stringify({ version: 1, id: 'bad' }));
    await writeFile(join(dir, 'notes.json'), '{}');
    await writeFile(join(dir, '.20300101T000000000Z-0000000b.eml.1234.tmp'), 'partial');
    const result = await listInbox(dir);
    expect(result.messages).toEqual([]);
    expect(result.problems).toEqual([{ file: join(dir, '20300101T000000000Z-0000000a.json'), reason: 'not a valid sandbox envelope' }]);
  });
});

/** The real file system, with one call made to fail the way a full or locked disk would. */
function failing(over: Partial<AtomicFs>): AtomicFs {
  return { open: fsp.open, rename: fsp.rename, unlink: fsp.unlink, mkdir: fsp.mkdir, ...over };
}
const refused = (code: string) => Object.assign(new Error(`${code}: refused by the test`), { code });

describe('saveMessage when things go wrong', () => {
  it('writes no envelope when the message file cannot be put in place: nothing is listed, nothing is left', async () => {
    const fs = failing({ rename: async (from, to) => (String(to).endsWith('.eml') ? Promise.reject(refused('EXDEV')) : fsp.rename(from, to)) });
    const saving = saveMessage(dir, Readable.from([Buffer.from('Subject: x\r\n\r\nbody\r\n')]), envelope(), 1024, new Date(), { fs });
    await expect(saving).rejects.toMatchObject({ code: 'EXDEV' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the message again when its envelope cannot be written: no invisible .eml is left', async () => {
    const fs = failing({ open: async (file, ...rest) => (String(file).includes('.json.') ? Promise.reject(refused('ENOSPC')) : fsp.open(file, ...rest)) });
    const saving = saveMessage(dir, Readable.from([Buffer.from('Subject: x\r\n\r\nbody\r\n')]), envelope(), 1024, new Date(), { fs });
    await expect(saving).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readdir(dir)).toEqual([]);
    expect((await listInbox(dir)).messages).toEqual([]);
  });

  it('writes at most maxBytes of an oversized message to the temp file before removing it', async () => {
    const removedSizes: number[] = [];
    const fs = failing({
      unlink: async (file) => {
        removedSizes.push((await stat(file)).size);
        return fsp.unlink(file);
      },
    });
    const header = (id: string) => `Received: test id ${id}\r\n`;
    const chunks = Array.from({ length: 50 }, () => Buffer.alloc(256, 'x'));
    const outcome = await saveMessage(dir, Readable.from(chunks), envelope({ receivedHeader: header }), 1024, new Date(), { fs });
    expect(outcome).toEqual({ oversized: true, sizeOctets: 50 * 256 });
    expect(removedSizes).toEqual([header('20300101T000000000Z-00000000').length + 1024]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects with ClientGoneError and stores nothing when the source is destroyed mid-message', async () => {
    const source = new PassThrough();
    const saving = saveMessage(dir, source, envelope(), 1024);
    source.write('Subject: half\r\n');
    setImmediate(() => source.destroy());
    await expect(saving).rejects.toBeInstanceOf(ClientGoneError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects with ClientGoneError when the client left before the message was read (the stream is already closed)', async () => {
    const source = new PassThrough();
    source.write('Subject: cut\r\n');
    source.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    await expect(saveMessage(dir, source, envelope(), 1024)).rejects.toBeInstanceOf(ClientGoneError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves the source intact when the file cannot be written, so the session can drain it', async () => {
    const source = new PassThrough();
    source.write('Subject: x\r\n\r\n');
    await expect(saveMessage(join(dir, 'missing'), source, envelope(), 1024)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(source.destroyed).toBe(false);
    source.end('rest of the message');
    source.resume();
    await new Promise((resolve) => source.once('end', resolve));
  });
});
