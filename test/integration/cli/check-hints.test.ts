/**
 * The command line speaks of flags: a finding whose advice names a control is printed, in JSON and
 * in an exported report, with the flag and without the app's form of the hint.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runReportSchema } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { startHostileServer, type HostileServer } from '../../helpers/hostile-server.ts';
import { script } from '../../helpers/smtp-script.ts';

const DNS = ['--dns-server', '127.0.0.1:5300', '--no-public-ip'];
let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function relayDenied(extra: string[]): Promise<{ stdout: string }> {
  // A wording the known-replies table does not have (Postfix's "Relay access denied" would bring Postfix's own fix instead).
  server = await startHostileServer({ greeting: '220 hints.test ESMTP\r\n', onLine: script({ RCPT: '554 5.7.1 Relaying not allowed here\r\n' }) });
  const args = ['check', '--server', `127.0.0.1:${server.port}`, '--tls', 'none', '--ehlo', 'client.probe.test', ...DNS, '--from', 'a@client.probe.test', '--to', 'b@elsewhere.test', ...extra];
  return runCli(args);
}

describe('smtp-probe check: hints name flags', () => {
  it('--json: the relay-denied hint names --auth-user and carries no app form', async () => {
    const { stdout } = await relayDenied(['--json']);
    const finding = runReportSchema.parse(JSON.parse(stdout)).findings.find((f) => f.code === 'rcpt.relay-denied');
    expect(finding?.hint).toContain('--auth-user');
    expect(finding).not.toHaveProperty('uiHint');
  });

  it('the summary and a --transcript export show the flag, not the profile control', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'probe-hints-'));
    try {
      const file = path.join(dir, 'report.md');
      const { stdout } = await relayDenied(['--transcript', file]);
      expect(stdout).toContain('--auth-user');
      expect(stdout).not.toContain("profile's User name");
      const exported = await readFile(file, 'utf8');
      expect(exported).toContain('--auth-user');
      expect(exported).not.toContain("profile's User name");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
