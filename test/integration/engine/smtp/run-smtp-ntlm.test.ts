/**
 * AUTH NTLM against a real server that offers it (test/helpers/ntlm-server.ts: smtp-server with an
 * NTLM mechanism that checks the NTLMv2 response against the password): DOMAIN\user and UPN
 * names, a wrong password, a server without NTLM, NTLMv1 refused, and no AUTHENTICATE message or
 * password form in the transcript or the evidence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runSmtp } from '../../../../electron/engine/smtp/run-smtp.ts';
import { secretForms } from '../../../../electron/engine/smtp/redact.ts';
import { createSecretScrubber } from '../../../../electron/engine/smtp/secret-scrubber.ts';
import { createTranscript } from '../../../../electron/engine/transcript.ts';
import { runOptions, type FlatRunOptions } from '../../../helpers/direct-connection.ts';
import { startNtlmServer, type NtlmServer, type NtlmServerOptions } from '../../../helpers/ntlm-server.ts';
import { testCerts } from '../../../helpers/test-certs.ts';

const PASSWORD = 'Winter-2026-Ntlm!';
const ACCOUNTS = { 'EXAMPLE\\alice': PASSWORD, 'alice@example.test': PASSWORD };
const timeouts = { connect: 3000, tlsHandshake: 3000, greeting: 3000, command: 3000, dataStart: 3000, dataEnd: 3000 };
const envelope = { from: 'alice@example.test', to: ['bob@example.test'], message: { subject: 'ntlm', text: 'hello\n' } };

const servers: NtlmServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: Partial<NtlmServerOptions> = {}): Promise<{ server: NtlmServer; ca: string }> {
  const certs = await testCerts();
  const server = await startNtlmServer({ accounts: ACCOUNTS, certs: certs.good, ...options });
  servers.push(server);
  return { server, ca: certs.ca.cert };
}

async function probe(server: NtlmServer, ca: string, auth: NonNullable<FlatRunOptions['auth']>, extra: Partial<FlatRunOptions> = {}) {
  const transcript = createTranscript({ secrets: createSecretScrubber({ user: auth.user, password: auth.password }) });
  const ev = await runSmtp(
    runOptions({ host: 'localhost', family: 4, port: server.port, security: 'starttls', ca: [ca], ehloName: 'client.test', timeouts, transcript, auth, ...envelope, ...extra }),
  );
  const dump = JSON.stringify(transcript.events) + JSON.stringify(ev);
  return { ev, transcript, dump };
}

/** Nothing that proves the password: its forms, the AUTHENTICATE message the server got, its NT response. */
function expectNoNtlmSecret(dump: string, server: NtlmServer, user: string) {
  for (const form of secretForms(user, PASSWORD)) expect(dump).not.toContain(form);
  for (const attempt of server.attempts) {
    expect(dump).not.toContain(attempt.base64.slice(0, 40));
    expect(dump).not.toContain(attempt.ntResponse.toString('base64').slice(0, 24));
    expect(dump.toLowerCase()).not.toContain(attempt.ntResponse.subarray(0, 16).toString('hex'));
  }
}

describe('AUTH NTLM against a server that offers it', () => {
  it('DOMAIN\\user: the name is split into domain and user, the NTLMv2 response verifies, the message is taken', async () => {
    const { server, ca } = await serve();
    const { ev, transcript, dump } = await probe(server, ca, { user: 'EXAMPLE\\alice', password: PASSWORD, mechanism: 'NTLM' });
    expect(ev.auth).toMatchObject({ attempted: true, ok: true, mechanism: 'NTLM', reply: { code: 235 } });
    expect(server.attempts).toHaveLength(1);
    expect(server.attempts[0]).toMatchObject({ domain: 'EXAMPLE', user: 'alice', workstation: '' });
    expect(server.messages).toHaveLength(1);
    const client = transcript.events.filter((e) => e.dir === 'C').map((e) => e.text);
    expect(client).toContain('AUTH NTLM [redacted]');
    expect(client).toContain('[redacted]');
    // The server's CHALLENGE holds no secret and stays readable for the ticket.
    expect(transcript.events.some((e) => e.dir === 'S' && /^334 TlRMTVNTUAACAAAA/.test(e.text))).toBe(true);
    expect(transcript.events.filter((e) => e.dir === 'info').map((e) => e.text)).toContain('NTLM challenge: domain EXAMPLE, server MAIL1');
    expectNoNtlmSecret(dump, server, 'EXAMPLE\\alice');
  });

  it('a UPN goes whole as the user name with no domain, as Windows sends it, and verifies', async () => {
    const { server, ca } = await serve();
    const { ev, dump } = await probe(server, ca, { user: 'alice@example.test', password: PASSWORD, mechanism: 'NTLM' });
    expect(ev.auth).toMatchObject({ ok: true, mechanism: 'NTLM' });
    expect(server.attempts[0]).toMatchObject({ domain: '', user: 'alice@example.test' });
    expectNoNtlmSecret(dump, server, 'alice@example.test');
  });

  it('a wrong password: 535 from the server, one attempt, no MAIL, and no secret in the output', async () => {
    const { server, ca } = await serve();
    const { ev, dump } = await probe(server, ca, { user: 'EXAMPLE\\alice', password: 'wrong-password', mechanism: 'NTLM' });
    expect(ev.auth).toMatchObject({ attempted: true, ok: false, mechanism: 'NTLM', reply: { code: 535 } });
    expect(server.attempts).toHaveLength(1);
    expect(ev.mail).toBeUndefined();
    expect(server.messages).toHaveLength(0);
    expect(dump).not.toContain('wrong-password');
    expect(dump).not.toContain(server.attempts[0]?.base64.slice(0, 40));
  });

  it('chosen automatically when the connector offers nothing else (Integrated Windows Authentication only)', async () => {
    const { server, ca } = await serve({ authMethods: ['NTLM'] });
    const { ev } = await probe(server, ca, { user: 'EXAMPLE\\alice', password: PASSWORD });
    expect(ev.auth).toMatchObject({ ok: true, mechanism: 'NTLM', offered: ['NTLM'] });
  });

  it('a server that does not offer NTLM: not tried (mechanism-unsupported)', async () => {
    const { server, ca } = await serve({ authMethods: ['LOGIN'] });
    const { ev } = await probe(server, ca, { user: 'EXAMPLE\\alice', password: PASSWORD, mechanism: 'NTLM' });
    expect(ev.auth).toMatchObject({ attempted: false, skippedReason: 'mechanism-unsupported', offered: ['LOGIN'] });
    expect(server.attempts).toHaveLength(0);
  });

  it('a CHALLENGE that asks for NTLMv1 is cancelled with "*": no response derived from the password is sent', async () => {
    const { server, ca } = await serve({ ntlmV1: true });
    const { ev, transcript } = await probe(server, ca, { user: 'EXAMPLE\\alice', password: PASSWORD, mechanism: 'NTLM' });
    expect(ev.auth).toMatchObject({ attempted: true, ok: false, reply: { code: 501 } });
    expect(server.attempts).toHaveLength(0);
    expect(transcript.events.some((e) => e.dir === 'info' && /AUTH NTLM cancelled: .*NTLMv1/.test(e.text))).toBe(true);
    expect(transcript.events.filter((e) => e.dir === 'C').map((e) => e.text)).toContain('*');
  });

  it('without TLS NTLM is refused (its answer can be cracked offline) unless plaintext AUTH is allowed', async () => {
    const server = await startNtlmServer({ accounts: ACCOUNTS });
    servers.push(server);
    const plain = { host: '127.0.0.1', security: 'none' as const, ca: [] };
    const refused = await probe(server, '', { user: 'EXAMPLE\\alice', password: PASSWORD, mechanism: 'NTLM' }, plain);
    expect(refused.ev.auth).toMatchObject({ attempted: false, skippedReason: 'plaintext-refused', mechanism: 'NTLM' });
    const allowed = await probe(server, '', { user: 'EXAMPLE\\alice', password: PASSWORD, mechanism: 'NTLM', allowPlaintext: true }, plain);
    expect(allowed.ev.auth).toMatchObject({ ok: true, mechanism: 'NTLM' });
  });

  it('AUTH LOGIN sends a DOMAIN\\user name as typed, which an Exchange-like server accepts', async () => {
    const { server, ca } = await serve({ authMethods: ['LOGIN'] });
    const { ev } = await probe(server, ca, { user: 'EXAMPLE\\alice', password: PASSWORD, mechanism: 'LOGIN' });
    expect(ev.auth).toMatchObject({ ok: true, mechanism: 'LOGIN' });
    expect(server.messages).toHaveLength(1);
  });
});
