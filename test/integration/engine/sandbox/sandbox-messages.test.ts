/** Messages in the sandbox inbox: .eml + envelope, listMessages, SIZE, the unknown-user demo. */
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MAX_VIEWED_BYTES } from '../../../../electron/engine/sandbox/inbox.ts';
import { RawSmtpClient } from './raw-smtp-client.ts';
import { startTestSandbox, transport } from './sandbox-fixture.ts';

describe('sandbox inbox', () => {
  it('stores an accepted message as .eml with a Received header and a JSON envelope, and lists it', async () => {
    const { sandbox, events } = await startTestSandbox();
    const t = transport({ port: sandbox.smtpPort, secure: false, ignoreTLS: true });
    const info = await t.sendMail({
      envelope: { from: 'sender@example.org', to: ['one@example.net', 'two@sandbox.smtp-probe.test'] },
      from: 'sender@example.org',
      to: 'one@example.net',
      subject: 'Prüfung ✓ of the sandbox',
      text: 'first line\n.line starting with a dot\nlast line',
    });
    const id = /queued as (\S+)$/.exec(info.response)?.[1];
    expect(id).toBeDefined();

    const messages = await sandbox.listMessages();
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message).toMatchObject({
      id,
      from: 'sender@example.org',
      to: ['one@example.net', 'two@sandbox.smtp-probe.test'],
      subject: 'Prüfung ✓ of the sandbox',
      tls: false,
      file: join(sandbox.inboxDir, `${id}.eml`),
    });
    expect(message?.authenticatedUser).toBeUndefined();
    expect(Date.parse(message?.receivedAt ?? '')).not.toBeNaN();

    const eml = await readFile(message?.file ?? '', 'utf8');
    expect(eml).toMatch(new RegExp(`^Received: from \\S+ \\(\\[127\\.0\\.0\\.1\\]\\)\\r\\n\\tby sandbox\\.smtp-probe\\.test \\(SMTP Probe sandbox\\) with ESMTP id ${id};\\r\\n\\t`));
    // Dot-stuffing undone by the server (RFC 5321 §4.5.2), and the size counts what the client sent.
    expect(eml).toContain('\r\n.line starting with a dot\r\n');
    const traceLength = eml.search(/\r\n(?!\t)/) + 2; // the Received header is ASCII: chars = bytes
    expect(message?.sizeOctets).toBe(Buffer.byteLength(eml) - traceLength);

    const envelope = JSON.parse(await readFile(join(sandbox.inboxDir, `${id}.json`), 'utf8'));
    expect(envelope).toMatchObject({ version: 1, id, from: 'sender@example.org', to: ['one@example.net', 'two@sandbox.smtp-probe.test'] });
    expect(events).toContainEqual(expect.objectContaining({ type: 'message', message: expect.objectContaining({ id }) }));
    // Nothing but the message and its envelope: no temp files left behind.
    expect((await readdir(sandbox.inboxDir)).sort()).toEqual([`${id}.eml`, `${id}.json`]);
  });

  it('reads one stored message back for the inbox viewer; unknown and path-like ids give nothing', async () => {
    const { sandbox } = await startTestSandbox();
    const t = transport({ port: sandbox.smtpPort, secure: false, ignoreTLS: true });
    await t.sendMail({ envelope: { from: 'a@example.org', to: ['b@sandbox.smtp-probe.test'] }, from: 'a@example.org', to: 'b@sandbox.smtp-probe.test', subject: 'view me', text: 'hello viewer' });
    const [message] = await sandbox.listMessages();
    const read = await sandbox.readMessage(message!.id);
    expect(read?.text).toBe(await readFile(message!.file, 'utf8'));
    expect(read?.text).toMatch(/^Received: /);
    expect(read?.text).toContain('Subject: view me');
    expect(read?.text).toContain('hello viewer');
    expect(read?.truncated).toBe(false);
    expect(read?.sizeOctets).toBe(Buffer.byteLength(read!.text));
    expect(await sandbox.readMessage('20990101T000000000Z-00000000')).toBeUndefined();
    expect(await sandbox.readMessage(`../${message!.id}`)).toBeUndefined();
    expect(await sandbox.readMessage(`${message!.id}.json`)).toBeUndefined();
  });

  it('a message larger than the viewer cap is cut there and says so', async () => {
    const { sandbox } = await startTestSandbox();
    const t = transport({ port: sandbox.smtpPort, secure: false, ignoreTLS: true });
    await t.sendMail({ envelope: { from: 'a@example.org', to: ['b@sandbox.smtp-probe.test'] }, from: 'a@example.org', to: 'b@sandbox.smtp-probe.test', subject: 'big', text: 'x'.repeat(76).concat('\n').repeat(20_000) });
    const [message] = await sandbox.listMessages();
    const read = await sandbox.readMessage(message!.id);
    expect(read?.truncated).toBe(true);
    expect(Buffer.byteLength(read!.text)).toBe(MAX_VIEWED_BYTES);
    expect(read!.sizeOctets).toBeGreaterThan(MAX_VIEWED_BYTES);
  });

  it('accepts the null sender and lists it with from ""', async () => {
    const { sandbox } = await startTestSandbox();
    const client = await RawSmtpClient.connect(sandbox.smtpPort);
    await client.read();
    await client.command('EHLO client.test');
    expect((await client.command('MAIL FROM:<>')).code).toBe(250);
    expect((await client.command('RCPT TO:<postmaster@localhost>')).code).toBe(250);
    expect((await client.command('DATA')).code).toBe(354);
    const done = await client.command('Subject: bounce\r\n\r\nbody\r\n.');
    expect(done.lines[0]).toMatch(/^250 2\.0\.0 Ok: queued as /);
    client.close();
    const [message] = await sandbox.listMessages();
    expect(message).toMatchObject({ from: '', to: ['postmaster@localhost'], subject: 'bounce' });
  });

  it('takes the 8BITMIME, SMTPUTF8 and DSN parameters it advertises, and stores a UTF-8 envelope', async () => {
    const { sandbox } = await startTestSandbox();
    const client = await RawSmtpClient.connect(sandbox.smtpPort);
    await client.read();
    await client.command('EHLO client.test');
    expect((await client.command('MAIL FROM:<jörg@example.org> BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=probe-1 SIZE=100')).code).toBe(250);
    expect((await client.command('RCPT TO:<zoë@localhost> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;zoe@localhost')).code).toBe(250);
    expect((await client.command('DATA')).code).toBe(354);
    expect((await client.command('Subject: 8bit ü\r\n\r\nGrüße\r\n.')).code).toBe(250);
    client.close();
    const [message] = await sandbox.listMessages();
    expect(message).toMatchObject({ from: 'jörg@example.org', to: ['zoë@localhost'], subject: '8bit ü' });
  });

  it('answers RCPT to a local part "unknown" with 550 5.1.1 and accepts other unknown local users', async () => {
    const { sandbox, events } = await startTestSandbox();
    const client = await RawSmtpClient.connect(sandbox.smtpPort);
    await client.read();
    await client.command('EHLO client.test');
    await client.command('MAIL FROM:<a@example.org>');
    expect((await client.command('RCPT TO:<unknown@sandbox.smtp-probe.test>')).lines).toEqual(['550 5.1.1 User unknown']);
    expect((await client.command('RCPT TO:<anybody-else@sandbox.smtp-probe.test>')).code).toBe(250);
    expect(events).toContainEqual(expect.objectContaining({ type: 'rejected', stage: 'rcpt', reply: '550 5.1.1 User unknown' }));
    client.close();
  });

  it('refuses MAIL FROM with a SIZE above the limit and a DATA above the limit with 552 5.3.4, storing nothing', async () => {
    const { sandbox, events } = await startTestSandbox({ maxMessageBytes: 2048 });
    const client = await RawSmtpClient.connect(sandbox.smtpPort);
    await client.read();
    await client.command('EHLO client.test');
    const declared = await client.command('MAIL FROM:<a@example.org> SIZE=5000');
    expect(declared.code).toBe(552);
    expect(declared.text).toMatch(/^5\.3\.4 /);

    expect((await client.command('MAIL FROM:<a@example.org>')).code).toBe(250);
    expect((await client.command('RCPT TO:<b@example.net>')).code).toBe(250);
    expect((await client.command('DATA')).code).toBe(354);
    const big = `Subject: big\r\n\r\n${'x'.repeat(70).concat('\r\n').repeat(60)}.`;
    const tooBig = await client.command(big);
    expect(tooBig.code).toBe(552);
    expect(tooBig.text).toMatch(/^5\.3\.4 /);
    expect(events).toContainEqual(expect.objectContaining({ type: 'rejected', stage: 'data' }));

    // The session goes on, and a message within the limit is stored.
    expect((await client.command('MAIL FROM:<a@example.org>')).code).toBe(250);
    expect((await client.command('RCPT TO:<b@example.net>')).code).toBe(250);
    expect((await client.command('DATA')).code).toBe(354);
    expect((await client.command('Subject: small\r\n\r\nok\r\n.')).code).toBe(250);
    client.close();
    const messages = await sandbox.listMessages();
    expect(messages.map((m) => m.subject)).toEqual(['small']);
    expect((await readdir(sandbox.inboxDir)).filter((n) => !/^[0-9T]+Z-[0-9a-f]{8}\.(eml|json)$/.test(n))).toEqual([]);
  });

  it('lists the remaining messages when an envelope is corrupt, and reports the bad file', async () => {
    const { sandbox, events } = await startTestSandbox();
    const t = transport({ port: sandbox.smtpPort, secure: false, ignoreTLS: true });
    await t.sendMail({ from: 'a@example.org', to: 'b@example.net', subject: 'one', text: 'x' });
    await t.sendMail({ from: 'a@example.org', to: 'b@example.net', subject: 'two', text: 'x' });
    const listed = await sandbox.listMessages();
    expect(listed.map((m) => m.subject)).toEqual(['one', 'two']);
    await writeFile(join(sandbox.inboxDir, `${listed[0]?.id}.json`), '{ not json');
    const after = await sandbox.listMessages();
    expect(after.map((m) => m.subject)).toEqual(['two']);
    expect(events).toContainEqual(expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'EINBOX', phase: 'inbox' }) }));
  });

  it('stores nothing when the client leaves in the middle of DATA, and says so', async () => {
    const { sandbox, events } = await startTestSandbox();
    const client = await RawSmtpClient.connect(sandbox.smtpPort);
    await client.read();
    await client.command('EHLO client.test');
    await client.command('MAIL FROM:<a@example.org>');
    await client.command('RCPT TO:<b@example.net>');
    expect((await client.command('DATA')).code).toBe(354);
    client.write('Subject: cut short\r\n\r\nfirst line');
    await vi.waitFor(() => expect(events.some((e) => e.type === 'connection')).toBe(true));
    client.close();
    await vi.waitFor(() => expect(events).toContainEqual(expect.objectContaining({ type: 'notice', text: expect.stringMatching(/nothing was stored/) })));
    expect(await readdir(sandbox.inboxDir)).toEqual([]);
  });

  it('answers 451 4.3.0 when the inbox cannot be written, and the session goes on', async () => {
    const { sandbox, events } = await startTestSandbox();
    await rm(sandbox.inboxDir, { recursive: true });
    const client = await RawSmtpClient.connect(sandbox.smtpPort);
    await client.read();
    await client.command('EHLO client.test');
    await client.command('MAIL FROM:<a@example.org>');
    await client.command('RCPT TO:<b@example.net>');
    await client.command('DATA');
    expect((await client.command('Subject: x\r\n\r\nbody\r\n.')).lines).toEqual(['451 4.3.0 The sandbox could not store the message']);
    expect(events).toContainEqual(expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'EINBOX', cause: 'ENOENT' }) }));
    expect((await client.command('NOOP')).code).toBe(250);
    expect((await client.command('QUIT')).code).toBe(221);
    client.close();
  });
});
