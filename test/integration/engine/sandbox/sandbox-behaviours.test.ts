/** The demo behaviours, switched at run time: deny relay, greylist, reject AUTH, slow banner. */
import { describe, expect, it } from 'vitest';
import type { SandboxEvent } from '../../../../electron/engine/sandbox/index.ts';
import { RawSmtpClient } from './raw-smtp-client.ts';
import { startTestSandbox, transport } from './sandbox-fixture.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

async function openSession(port: number): Promise<RawSmtpClient> {
  const client = await RawSmtpClient.connect(port);
  await client.read();
  await client.command('EHLO client.test');
  return client;
}

describe('sandbox behaviours', () => {
  it('starts as a sink: relay accepted, greylisting and AUTH rejection off, no banner delay', async () => {
    const { sandbox } = await startTestSandbox();
    expect(sandbox.behaviours()).toEqual({ denyRelay: false, greylist: false, rejectAuth: false, slowBannerMs: 0 });
    const client = await openSession(sandbox.smtpPort);
    await client.command('MAIL FROM:<a@example.org>');
    expect((await client.command('RCPT TO:<someone@example.net>')).code).toBe(250);
    client.close();
  });

  it('denyRelay: 554 5.7.1 for outside domains from an unauthenticated client; local domains and authenticated clients pass', async () => {
    const { sandbox, events } = await startTestSandbox();
    sandbox.setBehaviours({ denyRelay: true });
    expect(sandbox.behaviours().denyRelay).toBe(true);

    const client = await openSession(sandbox.smtpPort);
    await client.command('MAIL FROM:<a@example.org>');
    expect((await client.command('RCPT TO:<someone@example.net>')).lines).toEqual(['554 5.7.1 Relaying refused: sign in (AUTH) first to send to other domains']);
    expect((await client.command('RCPT TO:<someone@sandbox.smtp-probe.test>')).code).toBe(250);
    expect((await client.command('RCPT TO:<someone@LOCALHOST>')).code).toBe(250);
    expect((await client.command('RCPT TO:<someone@[127.0.0.1]>')).code).toBe(250);
    client.close();
    expect(events).toContainEqual(expect.objectContaining({ type: 'rejected', stage: 'rcpt', reply: '554 5.7.1 Relaying refused: sign in (AUTH) first to send to other domains' }));

    const { user, password } = sandbox.credentials;
    const authed = transport({ port: sandbox.tlsPort, secure: true, ca: sandbox.certificatePem, auth: { user, pass: password } });
    await authed.sendMail({ from: 'a@example.org', to: 'someone@example.net', text: 'x' });

    sandbox.setBehaviours({ denyRelay: false });
    const again = await openSession(sandbox.smtpPort);
    await again.command('MAIL FROM:<a@example.org>');
    expect((await again.command('RCPT TO:<someone@example.net>')).code).toBe(250);
    again.close();
  });

  it('greylist: the first attempt per (client, from, to) gets 451 4.7.1, the retry is accepted', async () => {
    const { sandbox } = await startTestSandbox({ behaviours: { greylist: true } });
    const client = await openSession(sandbox.smtpPort);
    await client.command('MAIL FROM:<a@example.org>');
    expect((await client.command('RCPT TO:<b@example.net>')).lines).toEqual(['451 4.7.1 Greylisted, try again later']);
    // Another triplet is new, so it is deferred too.
    expect((await client.command('RCPT TO:<c@example.net>')).code).toBe(451);
    expect((await client.command('RSET')).code).toBe(250);
    await client.command('MAIL FROM:<a@example.org>');
    expect((await client.command('RCPT TO:<b@example.net>')).code).toBe(250);
    client.close();

    // nodemailer sees the 451 as a failure, then succeeds on the retry.
    const t = transport({ port: sandbox.smtpPort, secure: false, ignoreTLS: true });
    await expect(t.sendMail({ from: 'x@example.org', to: 'y@example.net', text: 'x' })).rejects.toMatchObject({ responseCode: 451 });
    const info = await t.sendMail({ from: 'x@example.org', to: 'y@example.net', subject: 'retry', text: 'x' });
    expect(info.accepted).toEqual(['y@example.net']);
    expect((await sandbox.listMessages()).map((m) => m.subject)).toEqual(['retry']);
  });

  it('rejectAuth: correct credentials get 535 5.7.8 while it is on, and are accepted once it is off', async () => {
    const { sandbox } = await startTestSandbox({ behaviours: { rejectAuth: true } });
    const { user, password } = sandbox.credentials;
    const client = await RawSmtpClient.connectTls(sandbox.tlsPort, { ca: [sandbox.certificatePem], servername: sandbox.hostname });
    await client.read();
    await client.command('EHLO client.test');
    expect((await client.command(`AUTH PLAIN ${b64(`\u0000${user}\u0000${password}`)}`)).lines).toEqual(['535 5.7.8 Authentication credentials invalid']);
    client.close();

    const t = transport({ port: sandbox.tlsPort, secure: true, ca: sandbox.certificatePem, auth: { user, pass: password }, authMethod: 'LOGIN' });
    await expect(t.sendMail({ from: 'a@example.org', to: 'b@example.net', text: 'x' })).rejects.toMatchObject({ responseCode: 535 });
    sandbox.setBehaviours({ rejectAuth: false });
    await t.sendMail({ from: 'a@example.org', to: 'b@example.net', text: 'x' });
    expect(await sandbox.listMessages()).toHaveLength(1);
  });

  it('slowBannerMs: no greeting byte arrives while the banner is held; it comes right after the release', async () => {
    const timeline: string[] = [];
    let delayed!: () => void;
    const bannerDelayed = new Promise<void>((resolve) => (delayed = resolve));
    const { sandbox } = await startTestSandbox({
      behaviours: { slowBannerMs: 1500 },
      onEvent: (e: SandboxEvent) => {
        timeline.push(e.type);
        if (e.type === 'banner-delayed') delayed();
      },
    });
    const client = await RawSmtpClient.connect(sandbox.smtpPort);
    client.socket.on('data', () => timeline.push('client-received'));
    await bannerDelayed;
    // A short wait, well inside the delay: the greeting must not have come yet.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.received).toEqual([]);
    const greeting = await client.read();
    expect(greeting.code).toBe(220);
    const order = ['connection', 'banner-delayed', 'banner-released', 'client-received'].map((step) => timeline.indexOf(step));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    client.close();
  });

  it('refuses invalid behaviour values and keeps the previous ones', async () => {
    const { sandbox } = await startTestSandbox();
    expect(() => sandbox.setBehaviours({ slowBannerMs: -1 })).toThrow(/slowBannerMs/);
    expect(() => sandbox.setBehaviours({ greylist: 'yes' as unknown as boolean })).toThrow(/greylist/);
    expect(() => sandbox.setBehaviours({ teleport: true } as never)).toThrow(/Unknown behaviour/);
    expect(sandbox.behaviours()).toEqual({ denyRelay: false, greylist: false, rejectAuth: false, slowBannerMs: 0 });
    // The returned object is a copy: changing it changes nothing.
    const copy = sandbox.behaviours();
    copy.denyRelay = true;
    expect(sandbox.behaviours().denyRelay).toBe(false);
  });
});
