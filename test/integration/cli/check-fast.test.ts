/**
 * `smtp-probe check --fast` end to end: against the built-in test server and against Postfix on
 * 587 with STARTTLS and AUTH, the envelope goes out as one RFC 2920 group, the message arrives,
 * the run exits 0 and the transcript shows each reply in its command's order.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/engine/sandbox/index.ts';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema, type RunReport } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { DNS_PEER_SERVER } from '../../helpers/dns-peer.ts';
import { describeWithPeer } from '../../helpers/peers.ts';
import { postfixAvailable, postfixPeer, waitForDelivery } from '../../helpers/postfix-peer.ts';

const wire = (r: RunReport) => r.transcript.filter((e) => e.dir === 'C' || e.dir === 'S').map((e) => `${e.dir}: ${e.text}`);

/** The group: MAIL, both RCPTs and DATA, then their four replies; and QUIT right behind the final dot. */
function expectPipelined(r: RunReport, to: readonly string[]): void {
  const lines = wire(r);
  const at = lines.findIndex((l) => l.startsWith('C: MAIL FROM:'));
  const group = lines.slice(at, at + 8);
  expect(group.slice(1, 4)).toEqual([...to.map((a) => `C: RCPT TO:<${a}>`), 'C: DATA']);
  expect(group.slice(4).map((l) => l.slice(0, 6))).toEqual(['S: 250', 'S: 250', 'S: 250', 'S: 354']);
  const dot = lines.lastIndexOf('C: .');
  expect(lines.slice(dot, dot + 2)).toEqual(['C: .', 'C: QUIT']);
  expect(lines.slice(dot + 2).map((l) => l.slice(0, 6))).toEqual(['S: 250', 'S: 221']);
}

describe('smtp-probe check --fast against the built-in test server', () => {
  let sandbox: Sandbox;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-probe-fast-'));
    sandbox = await startSandbox({ dataDir: path.join(dir, 'sandbox'), smtpPort: 0, tlsPort: 0 });
  });
  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('pipelines the envelope over STARTTLS with AUTH, delivers the message and exits 0', async () => {
    const to = ['you@sandbox.smtp-probe.test', 'other@sandbox.smtp-probe.test'];
    const subject = `fast-${randomUUID()}`;
    const result = await runCli(
      ['check', '--server', `127.0.0.1:${sandbox.smtpPort}`, '--tls', 'starttls', '--ca', sandbox.certificatePath, '--ehlo', 'client.smtp-probe.test', '--dns-server', '127.0.0.1:5300', '--no-public-ip', '--auth-user', sandbox.credentials.user, '--auth-password-env', 'PROBE_TEST_PASSWORD', '--from', 'me@sandbox.smtp-probe.test', ...to.flatMap((a) => ['--to', a]), '--subject', subject, '--fast', '--json'],
      { env: { PROBE_TEST_PASSWORD: sandbox.credentials.password } },
    );
    const r = runReportSchema.parse(JSON.parse(result.stdout));
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(r.steps.filter((s) => s.status === 'fail')).toEqual([]);
    expectPipelined(r, to);
    const messages = await sandbox.listMessages();
    expect(messages.some((m) => m.subject === subject && to.every((a) => m.to.includes(a)))).toBe(true);
  });
});

await describeWithPeer('Postfix', postfixAvailable, 'smtp-probe check --fast against Postfix', () => {
  it('port 587: STARTTLS, AUTH, the envelope pipelined, the message delivered to the mailbox on disk', async () => {
    const peer = postfixPeer();
    const marker = `cli-fast-${randomUUID()}`;
    const to = [peer.user.address, peer.user.address];
    const result = await runCli(
      ['check', '--server', `${peer.host}:${peer.ports.submission}`, '--tls', 'starttls', '--ca', peer.caFile, '--ehlo', 'client.probe.test', '--dns-server', DNS_PEER_SERVER, '--no-public-ip', '--auth-user', peer.user.username, '--auth-password-env', 'PEER_PASSWORD', '--from', peer.user.address, ...to.flatMap((a) => ['--to', a]), '--subject', marker, '--fast', '--json'],
      { env: { PEER_PASSWORD: peer.user.password } },
    );
    const r = runReportSchema.parse(JSON.parse(result.stdout));
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(r.steps.filter((s) => s.status === 'fail')).toEqual([]);
    expect(r.findings.find((f) => f.code === 'message.accepted')?.message).toMatch(/queue id/i);
    expectPipelined(r, to);
    const delivered = await waitForDelivery(peer.mailboxDir, marker);
    expect(delivered.content).toContain(marker);
  });
});
