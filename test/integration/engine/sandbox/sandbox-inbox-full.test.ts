/** The inbox cap: past MAX_STORED_MESSAGES new mail is deferred (452 4.3.1), also for clients sending at once. */
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_STORED_MESSAGES, countMessages, newMessageId } from '../../../../electron/engine/sandbox/inbox.ts';
import { RawSmtpClient } from './raw-smtp-client.ts';
import { startTestSandbox } from './sandbox-fixture.ts';

/** Envelope files only: the count looks at names, so the cap is reached without 1000 sessions. */
async function fillInbox(inboxDir: string, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, () => `${newMessageId(new Date('2020-01-01T00:00:00Z'))}.json`);
  await Promise.all(names.map((name) => writeFile(join(inboxDir, name), '{}')));
  return names;
}

/** A client that has had its 354 to DATA (the server counts the inbox before sending it). */
async function clientAtData(port: number): Promise<RawSmtpClient> {
  const client = await RawSmtpClient.connect(port);
  await client.read();
  await client.command('EHLO client.test');
  expect((await client.command('MAIL FROM:<a@example.org>')).code).toBe(250);
  expect((await client.command('RCPT TO:<b@localhost>')).code).toBe(250);
  expect((await client.command('DATA')).code).toBe(354);
  return client;
}

const storedEml = async (inboxDir: string) => (await readdir(inboxDir)).filter((n) => n.endsWith('.eml'));

describe('sandbox inbox cap', () => {
  it('defers a message with 452 4.3.1 when the inbox is full, stores nothing, and takes the retry once one is deleted', async () => {
    const { sandbox, events } = await startTestSandbox();
    const names = await fillInbox(sandbox.inboxDir, MAX_STORED_MESSAGES);
    const client = await clientAtData(sandbox.smtpPort);
    const full = await client.command('Subject: one too many\r\n\r\nbody\r\n.');
    expect(full.code).toBe(452);
    expect(full.text).toMatch(/^4\.3\.1 Sandbox inbox full \(1000 messages\)/);
    expect(events).toContainEqual(expect.objectContaining({ type: 'rejected', stage: 'data', reply: expect.stringMatching(/^452 4\.3\.1 /) }));
    expect(await storedEml(sandbox.inboxDir)).toEqual([]);
    expect(await countMessages(sandbox.inboxDir)).toBe(MAX_STORED_MESSAGES);

    // A 4xx: the same session retries after the user cleaned up, and the message is stored.
    await rm(join(sandbox.inboxDir, names[0]!));
    expect((await client.command('MAIL FROM:<a@example.org>')).code).toBe(250);
    expect((await client.command('RCPT TO:<b@localhost>')).code).toBe(250);
    expect((await client.command('DATA')).code).toBe(354);
    expect((await client.command('Subject: retried\r\n\r\nbody\r\n.')).lines[0]).toMatch(/^250 2\.0\.0 Ok: queued as /);
    client.close();
    expect(await storedEml(sandbox.inboxDir)).toHaveLength(1);
    expect(await countMessages(sandbox.inboxDir)).toBe(MAX_STORED_MESSAGES);
  });

  it('lets parallel clients fill only the room that is left: two of ten stored, eight deferred, never more than the cap', async () => {
    const { sandbox } = await startTestSandbox();
    await fillInbox(sandbox.inboxDir, MAX_STORED_MESSAGES - 2);
    const clients = await Promise.all(Array.from({ length: 10 }, () => clientAtData(sandbox.smtpPort)));
    // Every client had its 354, so every session has asked for its count; this read queues behind them.
    await countMessages(sandbox.inboxDir);
    const replies = await Promise.all(clients.map((client, i) => client.command(`Subject: parallel ${i}\r\n\r\nbody\r\n.`)));
    for (const client of clients) client.close();
    expect(replies.map((r) => r.code).sort()).toEqual([250, 250, 452, 452, 452, 452, 452, 452, 452, 452]);
    expect(await storedEml(sandbox.inboxDir)).toHaveLength(2);
    expect(await countMessages(sandbox.inboxDir)).toBe(MAX_STORED_MESSAGES);
  });
});
