/**
 * `smtp-probe check` end to end against the built-in test server on loopback: the new user's run
 * from the README, exit codes per failed stage, exports without credentials, bad input refused
 * before anything is sent.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../electron/engine/sandbox/index.ts';
import type { Sandbox, SandboxEvent } from '../../../electron/engine/sandbox/index.ts';
import { secretForms } from '../../../electron/engine/smtp/redact.ts';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema } from '../../../shared/report.ts';

import { createBlackholePort } from '../../helpers/blackhole.ts';
import { runCli } from '../../helpers/cli.ts';

// DNS questions (PTR of 127.0.0.1) go to a loopback port, never to the system's resolvers.
const DNS = ['--dns-server', '127.0.0.1:5300', '--no-public-ip'];

let sandbox: Sandbox;
let dir: string;
const events: SandboxEvent[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-cli-'));
  sandbox = await startSandbox({ dataDir: path.join(dir, 'sandbox'), smtpPort: 0, tlsPort: 0, onEvent: (e) => events.push(e) });
});

afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  sandbox.setBehaviours({ denyRelay: false, greylist: false, rejectAuth: false, slowBannerMs: 0 });
});

function server(tls = false): string[] {
  return ['--server', `127.0.0.1:${tls ? sandbox.tlsPort : sandbox.smtpPort}`, '--ca', sandbox.certificatePath, '--ehlo', 'client.smtp-probe.test', ...DNS];
}

function auth(): { args: string[]; env: Record<string, string> } {
  return { args: ['--auth-user', sandbox.credentials.user, '--auth-password-env', 'PROBE_TEST_PASSWORD'], env: { PROBE_TEST_PASSWORD: sandbox.credentials.password } };
}

function expectNoSecrets(text: string): void {
  for (const form of secretForms(sandbox.credentials.user, sandbox.credentials.password)) {
    if (form === sandbox.credentials.user) continue; // the user name appears in "Authenticated as ..." by design
    expect(text).not.toContain(form);
  }
}

describe('smtp-probe check against the built-in test server', () => {
  it('runs every step over STARTTLS with AUTH and a message, exits 0, and redacts the credentials', async () => {
    const a = auth();
    const out = path.join(dir, 'ticket.txt');
    const result = await runCli(['check', ...server(), '--tls', 'starttls', ...a.args, '--from', 'me@sandbox.smtp-probe.test', '--to', 'you@sandbox.smtp-probe.test', '--subject', 'CLI test Grüße', '--transcript', out], { env: a.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toMatch(/-> STARTTLS/);
    expect(result.stdout).toMatch(/-> AUTH PLAIN \[redacted\]/);
    expect(result.stdout).toMatch(/<- 250 2\.0\.0 Ok: queued as (\S+)/);
    expect(result.stdout).toMatch(/INFO\s+message\.accepted/);
    expectNoSecrets(result.stdout);
    const ticket = await readFile(out, 'utf8');
    expect(ticket).toContain('Credentials: redacted');
    // The ticket header names our side of the connection (the source IP).
    expect(ticket).toMatch(/^Source:\s+local 127\.0\.0\.1 port \d+$/m);
    expectNoSecrets(ticket);
    const messages = await sandbox.listMessages();
    expect(messages.some((m) => m.subject === 'CLI test Grüße' && m.to.includes('you@sandbox.smtp-probe.test'))).toBe(true);
  });

  it('prints one JSON report that passes the shared schema, and writes every export format without secrets', async () => {
    const a = auth();
    const files = ['r.txt', 'r.md', 'r.html', 'r.json'].map((f) => path.join(dir, f));
    for (const file of files) {
      const result = await runCli(['check', ...server(true), '--tls', 'implicit', ...a.args, '--auth-mech', 'LOGIN', '--from', 'me@sandbox.smtp-probe.test', '--to', 'you@sandbox.smtp-probe.test', '--json', '--transcript', file], { env: a.env });
      expect(result.code).toBe(EXIT_CODES.ok);
      const report = runReportSchema.parse(JSON.parse(result.stdout));
      expect(report.steps.map((s) => s.id)).toEqual(['mx', 'ptr', 'connect', 'banner', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'quit']);
      expect(report.smtp?.tls?.authorized).toBe(true);
      expect(report.steps.find((s) => s.id === 'auth')?.status).toBe('pass');
      expectNoSecrets(result.stdout);
      expectNoSecrets(await readFile(file, 'utf8'));
    }
    expect(await readFile(files[2] ?? '', 'utf8')).toMatch(/^<!doctype html>/);
    expect(runReportSchema.safeParse(JSON.parse(await readFile(files[3] ?? '', 'utf8'))).success).toBe(true);
  });

  it('reads the password from standard input', async () => {
    const result = await runCli(['check', ...server(), '--tls', 'starttls', '--auth-user', sandbox.credentials.user, '--stop-after', 'auth'], { stdin: `${sandbox.credentials.password}\n` });
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toMatch(/<- 235 /);
    expect(result.stdout).not.toMatch(/-> MAIL FROM/);
    expectNoSecrets(result.stdout);
  });

  it('stops after RCPT with a clean QUIT (like swaks --quit-after)', async () => {
    const result = await runCli(['check', ...server(), '--from', 'me@sandbox.smtp-probe.test', '--to', 'you@sandbox.smtp-probe.test', '--stop-after', 'rcpt']);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toMatch(/-> RCPT TO:<you@sandbox\.smtp-probe\.test>/);
    expect(result.stdout).not.toMatch(/-> DATA/);
    expect(result.stdout).toMatch(/-> QUIT/);
  });

  it('exits with the RCPT code and explains a relay denial', async () => {
    sandbox.setBehaviours({ denyRelay: true });
    const result = await runCli(['check', ...server(), '--json', '--from', 'me@sandbox.smtp-probe.test', '--to', 'someone@elsewhere.example']);
    expect(result.code).toBe(EXIT_CODES.rcpt);
    const report = runReportSchema.parse(JSON.parse(result.stdout));
    expect(report.findings.map((f) => f.code)).toContain('rcpt.relay-denied');
    const denied = report.findings.find((f) => f.code === 'rcpt.relay-denied');
    expect(denied?.evidence).toBe('554 5.7.1 Relaying refused: sign in (AUTH) first to send to other domains');
    // The test server's own words: explained by the relay finding, never as a known Postfix reply.
    expect(denied?.message).toBe('The server refused to relay to <someone@elsewhere.example>: 554 5.7.1 Relaying refused: sign in (AUTH) first to send to other domains');
    expect(denied?.link).toBeUndefined();
    expect(result.stdout).not.toMatch(/Postfix|postfix\.org/);
  });

  it('exits with the AUTH code when the server refuses the credentials', async () => {
    sandbox.setBehaviours({ rejectAuth: true });
    const a = auth();
    const result = await runCli(['check', ...server(), '--tls', 'starttls', ...a.args, '--json'], { env: a.env });
    expect(result.code).toBe(EXIT_CODES.auth);
    expect(runReportSchema.parse(JSON.parse(result.stdout)).findings.map((f) => f.code)).toContain('auth.failed');
  });

  it('exits with the connect code when nothing listens', async () => {
    const result = await runCli(['check', '--server', '127.0.0.1:1', ...DNS, '--json']);
    expect(result.code).toBe(EXIT_CODES.connect);
    expect(runReportSchema.parse(JSON.parse(result.stdout)).findings.map((f) => f.code)).toContain('connect.refused');
  });

  it('reports connect.timeout, with the port-25 hint, when connection attempts are silently dropped', async () => {
    const hole = await createBlackholePort();
    try {
      const result = await runCli(['check', '--server', `127.0.0.1:${hole.port}`, ...DNS, '--timeout', '1', '--json']);
      expect(result.code).toBe(EXIT_CODES.connect);
      const finding = runReportSchema.parse(JSON.parse(result.stdout)).findings.find((f) => f.code === 'connect.timeout');
      expect(finding?.hint).toMatch(/port 25/);
    } finally {
      await hole.close();
    }
  });

  it('reports the certificate problem and exits with the TLS code when the CA is not trusted', async () => {
    const result = await runCli(['check', '--server', `127.0.0.1:${sandbox.smtpPort}`, '--tls', 'starttls', '--ehlo', 'client.smtp-probe.test', ...DNS, '--json']);
    expect(result.code).toBe(EXIT_CODES.starttls);
    expect(runReportSchema.parse(JSON.parse(result.stdout)).findings.map((f) => f.code)).toContain('tls.cert-untrusted');
  });
});

describe('smtp-probe check refuses bad input before sending anything', () => {
  const connections = () => events.filter((e) => e.type === 'connection').length;

  it.each([
    ['a port in hex', ['--port', '0x19']],
    ['a port out of range', ['--port', '65536']],
    ['a subject with a line break', ['--subject', 'hi\r\nBcc: victim@example.com', '--from', 'a@b.example', '--to', 'c@d.example']],
    ['recipients without a sender', ['--to', 'c@d.example']],
    ['an unknown TLS mode', ['--tls', 'sometimes']],
    ['--format without --transcript', ['--format', 'md']],
    ['a header without a colon', ['--header', 'X-Test']],
    ['-4 with -6', ['-4', '-6']],
    ['a DNS server that is not an address', ['--dns-server', 'dns.example.com']],
    ['a password variable that is not set', ['--auth-user', 'u', '--auth-password-env', 'PROBE_TEST_UNSET_VARIABLE']],
  ])('refuses %s with exit 2', async (_name, extra) => {
    const before = connections();
    const result = await runCli(['check', '--server', `127.0.0.1:${sandbox.smtpPort}`, '--no-public-ip', '--dns-server', '127.0.0.1:5300', ...extra]);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/smtp-probe|error/i);
    expect(connections()).toBe(before);
  });
});

describe('smtp-probe explain', () => {
  it('explains a reply line offline', async () => {
    const result = await runCli(['explain', '550 5.7.1 Relaying denied']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/5\.7\.1/);
    expect(result.stdout).toMatch(/Delivery not authorized/i);
  });

  it('says so when there is no code in the text', async () => {
    const result = await runCli(['explain', 'hello']);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/no reply code/);
  });
});
