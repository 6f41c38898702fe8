/**
 * The built-in test server offers AUTH NTLM, so an admin can try the NTLM path without Exchange:
 * `smtp-probe sandbox` runs as its own process (as a user starts it from a terminal), says NTLM among
 * its mechanisms, and `smtp-probe check --auth-mech NTLM` logs in to it with the user it prints
 * (with its domain, another domain, or none) and the password; a wrong password gets 535.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { startSandboxProcess, type SandboxProcess } from '../../helpers/cli-process.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DNS = ['--dns-server', '127.0.0.1:5300', '--no-public-ip'];

let dir: string;
let sandbox: SandboxProcess;
let banner = '';
/** What the sandbox printed: where it listens and the account it made. */
let info: SandboxProcess['info'];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-sandbox-ntlm-'));
  sandbox = await startSandboxProcess(path.join(root, 'bin', 'smtp-probe.js'), path.join(dir, 'sandbox'));
  ({ banner, info } = sandbox);
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function check(user: string, password: string, extra: string[] = []) {
  const args = ['check', '--server', `127.0.0.1:${info.port}`, '--tls', 'starttls', '--ca', info.ca, '--ehlo', 'client.smtp-probe.test', ...DNS];
  return runCli([...args, '--auth-mech', 'NTLM', '--auth-user', user, '--auth-password-env', 'SANDBOX_NTLM_PASSWORD', '--from', 'me@sandbox.smtp-probe.test', '--to', 'you@sandbox.smtp-probe.test', ...extra], {
    env: { SANDBOX_NTLM_PASSWORD: password },
  });
}

describe('smtp-probe sandbox offers AUTH NTLM', () => {
  it('lists NTLM among the mechanisms it prints, with the user to give it', () => {
    expect(info.user).toMatch(/^probe-[0-9a-f]{6}$/);
    expect(banner).toContain(`AUTH (after TLS):  PLAIN, LOGIN, CRAM-MD5, NTLM   (NTLM: SANDBOX\\${info.user}, any other domain or none)`);
    expect(banner).toContain(`--auth-mech NTLM --auth-user 'SANDBOX\\${info.user}'`);
  });

  it('takes an NTLM logon with the printed user and password and stores the message', async () => {
    const result = await check(`SANDBOX\\${info.user}`, info.password, ['--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_CODES.ok);
    const report = runReportSchema.parse(JSON.parse(result.stdout));
    expect(report.steps.find((s) => s.id === 'auth')).toMatchObject({ status: 'pass' });
    const lines = report.transcript.map((e) => e.text);
    expect(lines).toContain('250-AUTH PLAIN LOGIN CRAM-MD5 NTLM');
    expect(lines).toContain(`NTLM challenge: domain SANDBOX, server SANDBOX`);
    expect(lines).toContain('235 2.7.0 Authentication successful');
    expect(JSON.stringify(report)).not.toContain(info.password);
    // The sandbox logged the logon and stored the message as sent by the authenticated user.
    await expect.poll(() => sandbox.log).toMatch(new RegExp(`AUTH NTLM as SANDBOX\\\\${info.user}: accepted`));
    const stored = await readFile(path.join(dir, 'sandbox', 'inbox', `${/queued as (\S+)/.exec(lines.join('\n'))?.[1]}.json`), 'utf8');
    expect(JSON.parse(stored)).toMatchObject({ authenticatedUser: info.user, tls: true });
  });

  it('takes the user with another domain or none, as the password is what it checks', async () => {
    for (const user of [`OFFICE\\${info.user}`, info.user]) {
      const result = await check(user, info.password);
      expect(result.code, user).toBe(EXIT_CODES.ok);
      expect(result.stdout, user).toMatch(/<- 235 /);
    }
  });

  it('refuses a wrong password with 535 5.7.8, and the run stops at AUTH', async () => {
    const result = await check(`SANDBOX\\${info.user}`, `${info.password}x`);
    expect(result.code).toBe(EXIT_CODES.auth);
    expect(result.stdout).toMatch(/<- 535 5\.7\.8 Authentication credentials invalid/);
    expect(result.stdout).toMatch(/ERROR\s+auth\.failed \(auth\): The server rejected the NTLM login/);
    expect(result.stdout).not.toMatch(/-> MAIL FROM/);
  });
});
