/** The sandbox's TLS (STARTTLS and implicit) and AUTH, with nodemailer and raw sockets as clients. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ntlmAuthenticate, ntlmNegotiate } from '../../../../electron/engine/smtp/ntlm.ts';
import { RawSmtpClient } from './raw-smtp-client.ts';
import { startTestSandbox, transport } from './sandbox-fixture.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('sandbox TLS', () => {
  it('advertises STARTTLS, SIZE, ENHANCEDSTATUSCODES, DSN, 8BITMIME, SMTPUTF8 and AUTH on the plain port', async () => {
    const { sandbox } = await startTestSandbox({ maxMessageBytes: 4096 });
    const client = await RawSmtpClient.connect(sandbox.smtpPort);
    const greeting = await client.read();
    expect(greeting.code).toBe(220);
    expect(greeting.text).toMatch(/^sandbox\.smtp-probe\.test ESMTP/);
    const ehlo = await client.command('EHLO client.test');
    expect(ehlo.code).toBe(250);
    const caps = ehlo.lines.slice(1).map((l) => l.slice(4));
    expect(caps).toEqual(expect.arrayContaining(['STARTTLS', 'SIZE 4096', 'ENHANCEDSTATUSCODES', 'DSN', '8BITMIME', 'SMTPUTF8', 'AUTH PLAIN LOGIN CRAM-MD5 NTLM']));
    client.close();
  });

  it('upgrades with STARTTLS, verified against the sandbox certificate by hostname, and drops STARTTLS afterwards', async () => {
    const { sandbox } = await startTestSandbox();
    const client = await RawSmtpClient.connect(sandbox.smtpPort);
    await client.read();
    await client.command('EHLO client.test');
    const secure = await client.startTls({ ca: [sandbox.certificatePem], servername: sandbox.hostname, rejectUnauthorized: true });
    expect(secure.authorized).toBe(true);
    expect(secure.getPeerCertificate().subjectaltname).toContain(`DNS:${sandbox.hostname}`);
    const ehlo = await client.command('EHLO client.test');
    const caps = ehlo.lines.slice(1).map((l) => l.slice(4));
    expect(caps).not.toContain('STARTTLS');
    expect(caps).toContain('AUTH PLAIN LOGIN CRAM-MD5 NTLM');
    client.close();
  });

  it('refuses a STARTTLS client that does not trust the certificate (no ca given)', async () => {
    const { sandbox } = await startTestSandbox();
    const t = transport({ port: sandbox.smtpPort, secure: false, requireTLS: true, servername: sandbox.hostname });
    await expect(t.sendMail({ from: 'a@example.org', to: 'b@example.net', text: 'x' })).rejects.toThrow(/self-signed|self signed/i);
  });

  it('rejects a hostname the certificate does not name', async () => {
    const { sandbox } = await startTestSandbox();
    const t = transport({ port: sandbox.smtpPort, secure: false, requireTLS: true, ca: sandbox.certificatePem, servername: 'mail.example.com' });
    await expect(t.sendMail({ from: 'a@example.org', to: 'b@example.net', text: 'x' })).rejects.toThrow(/altnames|hostname/i);
  });

  it('sends with STARTTLS + AUTH PLAIN through nodemailer and records TLS and the user', async () => {
    const { sandbox } = await startTestSandbox();
    const { user, password } = sandbox.credentials;
    const t = transport({ port: sandbox.smtpPort, secure: false, requireTLS: true, ca: sandbox.certificatePem, servername: sandbox.hostname, auth: { user, pass: password }, authMethod: 'PLAIN' });
    const info = await t.sendMail({ from: 'a@example.org', to: 'b@example.net', subject: 'plain', text: 'x' });
    expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as \S+$/);
    const [message] = await sandbox.listMessages();
    expect(message).toMatchObject({ tls: true, authenticatedUser: user, subject: 'plain' });
  });

  it('sends over implicit TLS + AUTH LOGIN, verified through 127.0.0.1 in the certificate', async () => {
    const { sandbox } = await startTestSandbox();
    const { user, password } = sandbox.credentials;
    const t = transport({ port: sandbox.tlsPort, secure: true, ca: sandbox.certificatePem, auth: { user, pass: password }, authMethod: 'LOGIN' });
    await t.sendMail({ from: 'a@example.org', to: 'b@example.net', subject: 'login', text: 'x' });
    const [message] = await sandbox.listMessages();
    expect(message).toMatchObject({ tls: true, authenticatedUser: user, subject: 'login' });
  });

  it('answers a plaintext client on the implicit TLS port with a failed handshake, not SMTP', async () => {
    const { sandbox, events } = await startTestSandbox();
    const client = await RawSmtpClient.connect(sandbox.tlsPort);
    client.write('EHLO client.test');
    await expect(client.read()).rejects.toThrow();
    expect(client.received.join('')).not.toMatch(/^220 /);
    expect(events.some((e) => e.type === 'message')).toBe(false);
  });
});

describe('sandbox AUTH', () => {
  it('accepts CRAM-MD5 computed from the challenge (RFC 2195) over implicit TLS', async () => {
    const { sandbox, events } = await startTestSandbox();
    const { user, password } = sandbox.credentials;
    const client = await RawSmtpClient.connectTls(sandbox.tlsPort, { ca: [sandbox.certificatePem], servername: sandbox.hostname });
    await client.read();
    await client.command('EHLO client.test');
    const challenge = await client.command('AUTH CRAM-MD5');
    expect(challenge.code).toBe(334);
    const digest = createHmac('md5', password).update(Buffer.from(challenge.text, 'base64')).digest('hex');
    const done = await client.command(b64(`${user} ${digest}`));
    expect(done.code).toBe(235);
    expect(events).toContainEqual(expect.objectContaining({ type: 'auth', method: 'CRAM-MD5', user, accepted: true }));
    client.close();
  });

  /** One NTLM logon over implicit TLS with the engine's client messages: the server's last reply. */
  async function ntlmLogon(sandbox: Awaited<ReturnType<typeof startTestSandbox>>['sandbox'], account: { domain: string; user: string }, password: string) {
    const client = await RawSmtpClient.connectTls(sandbox.tlsPort, { ca: [sandbox.certificatePem], servername: sandbox.hostname });
    await client.read();
    await client.command('EHLO client.test');
    const challenge = await client.command(`AUTH NTLM ${await ntlmNegotiate(account)}`);
    expect(challenge.code).toBe(334);
    const answer = await ntlmAuthenticate(challenge.text, account, password);
    if (!answer.ok) throw new Error(answer.problem);
    const done = await client.command(answer.message);
    client.close();
    return done;
  }

  it('accepts NTLM (an NTLMv2 response to a fresh challenge) from its user with any domain, and refuses another user or password', async () => {
    const { sandbox, events } = await startTestSandbox();
    const { user, password } = sandbox.credentials;
    expect((await ntlmLogon(sandbox, { domain: 'SANDBOX', user }, password)).lines).toEqual(['235 2.7.0 Authentication successful']);
    expect(events).toContainEqual(expect.objectContaining({ type: 'auth', method: 'NTLM', user: `SANDBOX\\${user}`, accepted: true }));
    expect((await ntlmLogon(sandbox, { domain: '', user }, password)).code).toBe(235);
    expect((await ntlmLogon(sandbox, { domain: 'SANDBOX', user }, `${password}x`)).lines).toEqual(['535 5.7.8 Authentication credentials invalid']);
    expect((await ntlmLogon(sandbox, { domain: 'SANDBOX', user: 'someone-else' }, password)).lines).toEqual(['535 5.7.8 Authentication credentials invalid']);
    sandbox.setBehaviours({ rejectAuth: true });
    expect((await ntlmLogon(sandbox, { domain: 'SANDBOX', user }, password)).code).toBe(535);
  });

  it('answers NTLM messages that are not NTLM with 501, and "*" cancels', async () => {
    const { sandbox, events } = await startTestSandbox();
    const client = await RawSmtpClient.connectTls(sandbox.tlsPort, { ca: [sandbox.certificatePem], servername: sandbox.hostname });
    await client.read();
    await client.command('EHLO client.test');
    expect((await client.command(`AUTH NTLM ${b64('not ntlm at all')}`)).code).toBe(501);
    expect((await client.command('AUTH NTLM')).lines).toEqual(['334 ']);
    expect((await client.command(await ntlmNegotiate({ domain: '', user: 'a' }))).code).toBe(334);
    expect((await client.command('*')).code).toBe(501);
    expect((await client.command(`AUTH NTLM ${await ntlmNegotiate({ domain: '', user: 'a' })}`)).code).toBe(334);
    expect((await client.command(b64('NTLMSSP\0 but not an AUTHENTICATE message, long enough to be read as one'))).code).toBe(501);
    expect(events.some((e) => e.type === 'auth')).toBe(false);
    client.close();
  });

  it('refuses CRAM-MD5 with a digest made from the wrong password with 535 5.7.8', async () => {
    const { sandbox } = await startTestSandbox();
    const client = await RawSmtpClient.connectTls(sandbox.tlsPort, { ca: [sandbox.certificatePem], servername: sandbox.hostname });
    await client.read();
    await client.command('EHLO client.test');
    const challenge = await client.command('AUTH CRAM-MD5');
    const digest = createHmac('md5', 'not-the-password').update(Buffer.from(challenge.text, 'base64')).digest('hex');
    const done = await client.command(b64(`${sandbox.credentials.user} ${digest}`));
    expect(done.lines).toEqual(['535 5.7.8 Authentication credentials invalid']);
    client.close();
  });

  it('refuses AUTH PLAIN with a wrong password with 535 5.7.8 and records it', async () => {
    const { sandbox, events } = await startTestSandbox();
    const client = await RawSmtpClient.connectTls(sandbox.tlsPort, { ca: [sandbox.certificatePem], servername: sandbox.hostname });
    await client.read();
    await client.command('EHLO client.test');
    const reply = await client.command(`AUTH PLAIN ${b64(`\u0000${sandbox.credentials.user}\u0000wrong`)}`);
    expect(reply.lines).toEqual(['535 5.7.8 Authentication credentials invalid']);
    expect(events).toContainEqual(expect.objectContaining({ type: 'auth', method: 'PLAIN', accepted: false }));
    // The event never carries the password.
    expect(JSON.stringify(events)).not.toContain('wrong');
    client.close();
  });

  it('refuses AUTH PLAIN that asks to act as another identity (RFC 4616 authzid)', async () => {
    const { sandbox } = await startTestSandbox();
    const { user, password } = sandbox.credentials;
    const client = await RawSmtpClient.connectTls(sandbox.tlsPort, { ca: [sandbox.certificatePem], servername: sandbox.hostname });
    await client.read();
    await client.command('EHLO client.test');
    expect((await client.command(`AUTH PLAIN ${b64(`someone-else\u0000${user}\u0000${password}`)}`)).code).toBe(535);
    // Naming oneself as the authorization identity is fine.
    expect((await client.command(`AUTH PLAIN ${b64(`${user}\u0000${user}\u0000${password}`)}`)).code).toBe(235);
    client.close();
  });

  it('refuses every AUTH mechanism before TLS on the plain port (538 5.7.11), before any secret is asked for', async () => {
    const { sandbox, events } = await startTestSandbox();
    const client = await RawSmtpClient.connect(sandbox.smtpPort);
    await client.read();
    await client.command('EHLO client.test');
    for (const command of [`AUTH PLAIN ${b64(`\u0000${sandbox.credentials.user}\u0000${sandbox.credentials.password}`)}`, 'AUTH LOGIN', 'AUTH CRAM-MD5', 'AUTH NTLM']) {
      const reply = await client.command(command);
      expect(reply.code).toBe(538);
      expect(reply.text).toMatch(/^5\.7\.11 /);
    }
    expect(events.some((e) => e.type === 'auth')).toBe(false);
    client.close();
  });

  it('makes nodemailer fail AUTH without TLS (ignoreTLS), the message is not stored', async () => {
    const { sandbox } = await startTestSandbox();
    const { user, password } = sandbox.credentials;
    const t = transport({ port: sandbox.smtpPort, secure: false, ignoreTLS: true, auth: { user, pass: password } });
    await expect(t.sendMail({ from: 'a@example.org', to: 'b@example.net', text: 'x' })).rejects.toMatchObject({ responseCode: 538 });
    expect(await sandbox.listMessages()).toEqual([]);
  });
});
