/**
 * `smtp-probe check --fast` end to end: against the built-in test server (PIPELINING, no CHUNKING)
 * the envelope and DATA go out as one RFC 2920 group with QUIT behind the final dot; against
 * Postfix on 587 with STARTTLS and AUTH (PIPELINING and CHUNKING) MAIL, the RCPTs, BDAT LAST with
 * the message and QUIT go out as one group (RFC 3030). The message arrives, and the transcript
 * shows each reply in its command's order.
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

/**
 * With CHUNKING (RFC 3030): MAIL, the RCPTs, `BDAT <n> LAST`, the message lines (not dot-stuffed)
 * and QUIT, all before any reply; then every reply in command order, BDAT's right after the RCPTs'.
 */
function expectChunked(r: RunReport, to: readonly string[], replies: readonly string[]): { octets: number; body: string[] } {
  const lines = wire(r);
  const at = lines.findIndex((l) => l.startsWith('C: MAIL FROM:'));
  expect(lines.slice(at + 1, at + 1 + to.length)).toEqual(to.map((a) => `C: RCPT TO:<${a}>`));
  const bdat = lines[at + 1 + to.length] ?? '';
  expect(bdat).toMatch(/^C: BDAT \d+ LAST$/);
  const quit = lines.indexOf('C: QUIT', at);
  const body = lines.slice(at + 2 + to.length, quit);
  expect(body.every((l) => l.startsWith('C: '))).toBe(true);
  expect(body).not.toContain('C: .');
  expect(lines.slice(quit + 1).map((l) => l.slice(0, 6))).toEqual(replies.map((code) => `S: ${code}`));
  return { octets: Number(/BDAT (\d+)/.exec(bdat)?.[1]), body: body.map((l) => l.slice(3)) };
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

  it('pipelines the envelope and DATA (no CHUNKING offered) over STARTTLS with AUTH, delivers the message and exits 0', async () => {
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
  const check = (to: readonly string[], marker: string) => {
    const peer = postfixPeer();
    return runCli(
      ['check', '--server', `${peer.host}:${peer.ports.submission}`, '--tls', 'starttls', '--ca', peer.caFile, '--ehlo', 'client.probe.test', '--dns-server', DNS_PEER_SERVER, '--no-public-ip', '--auth-user', peer.user.username, '--auth-password-env', 'PEER_PASSWORD', '--from', peer.user.address, ...to.flatMap((a) => ['--to', a]), '--subject', marker, '--body', '.a line starting with a dot\n..and two', '--fast', '--json'],
      { env: { PEER_PASSWORD: peer.user.password } },
    );
  };

  it('port 587: STARTTLS, AUTH, then MAIL, RCPTs, BDAT LAST with the message and QUIT in one group (CHUNKING); the message reaches the mailbox on disk', async () => {
    const peer = postfixPeer();
    const marker = `cli-fast-${randomUUID()}`;
    const to = [peer.user.address, peer.user.address];
    const result = await check(to, marker);
    const r = runReportSchema.parse(JSON.parse(result.stdout));
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(r.steps.filter((s) => s.status === 'fail')).toEqual([]);
    expect(r.findings.find((f) => f.code === 'message.accepted')?.message).toMatch(/queue id/i);
    // RFC 4954 §4: AUTH PLAIN carries its initial response, so the 235 answers the AUTH line itself.
    const wireLines = wire(r);
    const authAt = wireLines.indexOf('C: AUTH PLAIN [redacted]');
    expect(wireLines[authAt + 1]).toMatch(/^S: 235 /);
    const { octets, body } = expectChunked(r, to, ['250', '250', '250', '250', '221']);
    // Not dot-stuffed: the lines go as written, and Postfix counts the same octets.
    expect(body).toContain('.a line starting with a dot');
    expect(r.transcript.some((e) => e.dir === 'S' && e.text.includes(`${octets} bytes queued as`))).toBe(true);
    expect(r.steps.find((s) => s.id === 'data')?.details).toMatchObject({ command: 'BDAT', sizeOctets: octets, start: null });
    const delivered = await waitForDelivery(peer.mailboxDir, marker);
    expect(delivered.content).toContain(marker);
    expect(delivered.content).toContain('\n.a line starting with a dot\n..and two');
  });

  it('a refused RCPT in the BDAT group: the other recipient still gets the message, the refusal is reported', async () => {
    const peer = postfixPeer();
    const marker = `cli-fast-${randomUUID()}`;
    const to = [peer.unknownUser, peer.user.address];
    const result = await check(to, marker);
    const r = runReportSchema.parse(JSON.parse(result.stdout));
    expect(result.code).toBe(EXIT_CODES.rcpt);
    expectChunked(r, to, ['250', '550', '250', '250', '221']);
    expect(r.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['rcpt.unknown-user', 'message.accepted']));
    expect(r.steps.find((s) => s.id === 'data')?.status).toBe('pass');
    await waitForDelivery(peer.mailboxDir, marker);
  });

  it('every RCPT refused: Postfix answers BDAT with 554 (RFC 3030), reported as DATA is without accepted recipients', async () => {
    const peer = postfixPeer();
    const to = [peer.unknownUser];
    const result = await check(to, `cli-fast-${randomUUID()}`);
    const r = runReportSchema.parse(JSON.parse(result.stdout));
    expect(result.code).toBe(EXIT_CODES.rcpt);
    expectChunked(r, to, ['250', '550', '554', '221']);
    expect(r.steps.find((s) => s.id === 'data')?.status).toBe('skipped');
    expect(r.steps.find((s) => s.id === 'quit')?.status).toBe('pass');
    expect(r.findings.map((f) => f.code)).not.toContain('data.rejected');
  });
});
