/**
 * `smtp-probe check --auth-mech NTLM` end to end against a real server that offers NTLM and checks
 * the NTLMv2 response (test/helpers/ntlm-server.ts): success, a wrong password, a server without
 * NTLM. The terminal, --json and every --transcript format hold neither the password nor the
 * AUTHENTICATE message the server received.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema } from '../../../shared/report.ts';
import { secretForms } from '../../../electron/engine/smtp/redact.ts';
import { runCli } from '../../helpers/cli.ts';
import { startNtlmServer, type NtlmServer } from '../../helpers/ntlm-server.ts';
import { testCerts } from '../../helpers/test-certs.ts';

const DNS = ['--dns-server', '127.0.0.1:5300', '--no-public-ip'];
const USER = 'EXAMPLE\\alice';
const PASSWORD = 'Winter-2026-Ntlm!';
let dir: string;
let caFile: string;
const servers: NtlmServer[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-ntlm-'));
  caFile = path.join(dir, 'ca.pem');
  await writeFile(caFile, (await testCerts()).ca.cert);
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function serve(authMethods = ['NTLM']): Promise<NtlmServer> {
  const server = await startNtlmServer({ accounts: { [USER]: PASSWORD }, certs: (await testCerts()).good, authMethods });
  servers.push(server);
  return server;
}

async function check(server: NtlmServer, password: string, extra: string[]) {
  const args = ['check', '--server', `127.0.0.1:${server.port}`, '--tls', 'starttls', '--ca', caFile, '--ehlo', 'client.test', ...DNS];
  return runCli([...args, '--auth-user', USER, '--auth-password-env', 'PROBE_NTLM_PASSWORD', '--auth-mech', 'NTLM', ...extra], { env: { PROBE_NTLM_PASSWORD: password } });
}

function expectNoSecret(text: string, server: NtlmServer, password: string) {
  for (const form of secretForms(USER, password)) expect(text).not.toContain(form);
  for (const attempt of server.attempts) {
    expect(text).not.toContain(attempt.base64.slice(0, 40));
    expect(text).not.toContain(attempt.ntResponse.toString('base64').slice(0, 24));
  }
}

describe('smtp-probe check --auth-mech NTLM against a server that offers it', () => {
  it('logs in with DOMAIN\\user and sends the message; terminal, --json and transcripts hold no secret', async () => {
    const server = await serve();
    const envelope = ['--from', 'alice@example.test', '--to', 'bob@example.test', '--subject', 'ntlm'];
    for (const [format, json] of [['txt', false], ['html', false], ['json', true]] as const) {
      const file = path.join(dir, `ok.${format}`);
      const result = await check(server, PASSWORD, [...envelope, ...(json ? ['--json'] : []), '--transcript', file]);
      expect(result.code).toBe(EXIT_CODES.ok);
      if (json) expect(runReportSchema.parse(JSON.parse(result.stdout)).request).toMatchObject({ authUser: USER, authMechanism: 'NTLM' });
      else expect(result.stdout).toContain('-> AUTH NTLM [redacted]');
      expectNoSecret(result.stdout + result.stderr, server, PASSWORD);
      expectNoSecret(await readFile(file, 'utf8'), server, PASSWORD);
    }
    expect(server.attempts.map((a) => [a.domain, a.user])).toEqual(Array(3).fill(['EXAMPLE', 'alice']));
    expect(server.messages).toHaveLength(3);
  });

  it('a wrong password: exit code "auth", the 535 and the NTLM advice, no secret', async () => {
    const server = await serve();
    const result = await check(server, 'not-the-password', []);
    expect(result.code).toBe(EXIT_CODES.auth);
    expect(result.stdout).toContain('535 5.7.3 Authentication unsuccessful');
    expect(result.stdout).toContain(`NTLM login of ${USER}`);
    expect(result.stdout).toMatch(/NetBIOS domain name/);
    // Exchange Server answers with Exchange Online's words: the reply must not be pinned on Exchange Online alone.
    expect(result.stdout).toContain('a known Exchange Online or Exchange Server reply');
    expectNoSecret(result.stdout + result.stderr, server, 'not-the-password');
  });

  it('a server that does not offer NTLM: not tried, and the finding lists what it offers', async () => {
    const server = await serve(['LOGIN']);
    const result = await check(server, PASSWORD, ['--json']);
    expect(result.code).toBe(EXIT_CODES.auth);
    const report = runReportSchema.parse(JSON.parse(result.stdout));
    expect(report.findings.map((f) => f.code)).toContain('auth.mechanism-unsupported');
    expect(server.attempts).toHaveLength(0);
  });
});
