/**
 * The report's timing from real runs against the built-in server (and the loopback DNS peer):
 * one span per stage, in the order the run went, sequential in step mode and sharing their start
 * where fast mode wrote commands together. Structure and order only, never how long anything took.
 */
import { createHash, X509Certificate } from 'node:crypto';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../../../electron/engine/check/run-check.ts';
import { startSandbox, type Sandbox } from '../../../../electron/engine/sandbox/index.ts';
import { checkRequestSchema, type CheckRequestInput } from '../../../../shared/check-request.ts';
import { parseRunReport, type RunReport } from '../../../../shared/report.ts';
import type { TimingSpan } from '../../../../shared/timing.ts';
import { DNS_PEER_PUBLIC_IP_RESOLVERS, DNS_PEER_SERVER, DNS_ZONE } from '../../../helpers/dns-peer.ts';

let dir: string;
let sandbox: Sandbox;

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-timing-'));
  sandbox = await startSandbox({ dataDir: path.join(dir, 'sandbox'), smtpPort: 0, tlsPort: 0 });
});
afterAll(async () => {
  await sandbox?.close();
  await fsp.rm(dir, { recursive: true, force: true });
});

/** The sandbox's certificate by its pin: the MX name of the DNS peer is not the name in it. */
const sandboxPin = () => `sha256:${createHash('sha256').update(new X509Certificate(sandbox.certificatePem).raw).digest('hex')}`;

/** A domain whose MX is 127.0.0.1, on the sandbox's port: MX, PTR, our public IP, STARTTLS, AUTH, two recipients. */
const request = (extra: Partial<CheckRequestInput> = {}) =>
  checkRequestSchema.parse({
    domain: DNS_ZONE.postfixMx.name,
    port: sandbox.smtpPort,
    security: 'starttls',
    tlsPin: sandboxPin(),
    ehloName: 'client.smtp-probe.test',
    auth: { user: sandbox.credentials.user, password: sandbox.credentials.password, mechanism: 'LOGIN' },
    from: 'me@sandbox.smtp-probe.test',
    to: ['you@sandbox.smtp-probe.test', 'them@sandbox.smtp-probe.test'],
    dnsServer: DNS_PEER_SERVER,
    publicIpResolvers: DNS_PEER_PUBLIC_IP_RESOLVERS,
    ...extra,
  });

const end = (s: TimingSpan) => s.startMs + s.durationMs;
const stages = (spans: readonly TimingSpan[]) => spans.map((s) => s.stage);
const session = (report: RunReport) => (report.timing ?? []).filter((s) => s.stage !== 'dns');
/** Times are kept to 0.1 ms, so an end may pass the next start by that much. */
const ROUNDING = 0.2;

function expectValid(report: RunReport): TimingSpan[] {
  const checked = parseRunReport(JSON.parse(JSON.stringify(report)));
  expect(checked.ok && checked.report.timing).toEqual(report.timing);
  const timing = report.timing ?? [];
  expect(timing.length).toBeGreaterThan(0);
  // In order of start, none before the run started.
  expect(timing.map((s) => s.startMs)).toEqual([...timing.map((s) => s.startMs)].sort((a, b) => a - b));
  expect(timing.every((s) => s.startMs >= 0 && s.durationMs >= 0)).toBe(true);
  return timing;
}

describe('the timing of a run', () => {
  it('step mode: DNS, then each stage of the session one after the other, AUTH as one span, nothing failed', async () => {
    const report = await runCheck(request());
    expect(report.exitCode).toBe(0);
    const timing = expectValid(report);
    expect(stages(session(report))).toEqual(['compose', 'connect', 'banner', 'ehlo', 'starttls', 'tls', 'ehlo', 'auth', 'mail', 'rcpt', 'rcpt', 'data', 'message', 'quit']);
    expect(session(report).map((s) => s.label)).toEqual([
      'Compose the message',
      `TCP connect to 127.0.0.1 port ${sandbox.smtpPort}`,
      'Banner (greeting)',
      'EHLO',
      'STARTTLS',
      'TLS handshake',
      'EHLO (after TLS)',
      'AUTH LOGIN',
      'MAIL FROM <me@sandbox.smtp-probe.test>',
      'RCPT TO <you@sandbox.smtp-probe.test>',
      'RCPT TO <them@sandbox.smtp-probe.test>',
      'DATA',
      `The message and the final dot (${report.smtp?.data?.sizeOctets} octets)`,
      'QUIT',
    ]);
    const steps = session(report);
    for (let i = 1; i < steps.length; i++) expect(end(steps[i - 1]!), `${steps[i - 1]!.label} ends before ${steps[i]!.label}`).toBeLessThanOrEqual(steps[i]!.startMs + ROUNDING);
    expect(timing.some((s) => s.failed)).toBe(false);

    // Our own side is asked alongside the MX lookup: the two overlap, both before the session.
    const mx = timing.find((s) => s.label === `MX lookup of ${DNS_ZONE.postfixMx.name}`)!;
    const ownSide = timing.find((s) => s.label === 'Your public IP and its PTR')!;
    expect(ownSide.startMs).toBeLessThanOrEqual(mx.startMs);
    expect(end(ownSide)).toBeGreaterThan(mx.startMs);
    expect(timing.find((s) => s.label === 'PTR of the server, 127.0.0.1')?.startMs).toBeGreaterThanOrEqual(end(mx) - ROUNDING);
    expect(end(mx)).toBeLessThanOrEqual(steps[0]!.startMs + ROUNDING);
    // Each span ends by the last line of the transcript.
    const lastLine = report.transcript.at(-1)!.t;
    expect(timing.every((s) => end(s) <= lastLine + ROUNDING)).toBe(true);
  });

  it('fast mode: MAIL, the RCPTs and DATA start together and end in order; QUIT starts with the message it rode behind', async () => {
    const report = await runCheck(request({ fast: true }));
    expect(report.exitCode).toBe(0);
    expectValid(report);
    const by = (stage: TimingSpan['stage']) => session(report).filter((s) => s.stage === stage);
    const flight = [...by('mail'), ...by('rcpt'), ...by('data')];
    expect(flight).toHaveLength(4);
    expect(new Set(flight.map((s) => s.startMs)).size).toBe(1);
    // The replies are read in the order sent, so each command's span ends no earlier than the one before.
    for (let i = 1; i < flight.length; i++) expect(end(flight[i]!)).toBeGreaterThanOrEqual(end(flight[i - 1]!) - ROUNDING);
    const [message] = by('message');
    const [quit] = by('quit');
    expect(quit?.startMs).toBe(message?.startMs);
    expect(end(quit!)).toBeGreaterThanOrEqual(end(message!) - ROUNDING);
  });

  it('step by step: a gate that holds the run leaves a pause span where it held, none where it let the step through', async () => {
    // Holds before MAIL FROM (as the wizard does after "Run to here: Auth"), lets every other step through.
    const gate = async (step: string): Promise<void | 'held'> => {
      if (step !== 'mail') return;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 'held';
    };
    const report = await runCheck(request(), { beforeStep: gate });
    expect(report.exitCode).toBe(0);
    expectValid(report);
    const pauses = session(report).filter((s) => s.stage === 'pause');
    expect(pauses.map((s) => s.label)).toEqual(['Paused before MAIL FROM: waiting for you']);
    const order = stages(session(report));
    expect(order.slice(order.indexOf('auth'), order.indexOf('mail') + 1)).toEqual(['auth', 'pause', 'mail']);
  });

  it('implicit TLS: the handshake between connect and the banner', async () => {
    const report = await runCheck(request({ domain: undefined, server: '127.0.0.1', port: sandbox.tlsPort, security: 'implicit', to: ['you@sandbox.smtp-probe.test'] }));
    expect(report.exitCode).toBe(0);
    expectValid(report);
    expect(stages(session(report)).slice(0, 4)).toEqual(['compose', 'connect', 'tls', 'banner']);
  });

  it('a refused connection is the last span of the session, marked failed', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const report = await runCheck(request({ domain: undefined, server: '127.0.0.1', port, security: 'none', auth: undefined, publicIpResolvers: [] }));
    expectValid(report);
    expect(session(report).map((s) => [s.stage, s.failed ?? false])).toEqual([
      ['compose', false],
      ['connect', true],
    ]);
  });
});
