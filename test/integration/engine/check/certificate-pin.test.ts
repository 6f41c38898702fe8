/**
 * Certificate pins and "inspect anyway" against the built-in server, whose certificate is
 * self-signed (made with `selfsigned` at start): a pin that matches verifies it and AUTH goes on;
 * any other pin fails at the handshake with no AUTH byte sent; inspect anyway goes on with AUTH
 * withheld unless the profile's "still log in" choice is on.
 */
import { createHash, X509Certificate } from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../../../electron/engine/check/run-check.ts';
import { startSandbox, type Sandbox, type SandboxEvent } from '../../../../electron/engine/sandbox/index.ts';
import { checkRequestSchema, type CheckRequestInput } from '../../../../shared/check-request.ts';
import { EXIT_CODES } from '../../../../shared/exit-codes.ts';
import { DNS_PEER_SERVER } from '../../../helpers/dns-peer.ts';

let dir: string;
let sandbox: Sandbox;
const events: SandboxEvent[] = [];

beforeAll(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'smtp-probe-pin-'));
  sandbox = await startSandbox({ dataDir: path.join(dir, 'sandbox'), smtpPort: 0, tlsPort: 0, onEvent: (e) => events.push(e) });
});
afterAll(async () => {
  await sandbox?.close();
  await fsp.rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  events.length = 0;
});

/** The pin of the built-in server's certificate, computed here from its PEM (not from our report). */
const sandboxPin = () => `sha256:${createHash('sha256').update(new X509Certificate(sandbox.certificatePem).raw).digest('hex')}`;
const otherPin = `sha256:${'ab'.repeat(32)}`;

/** STARTTLS + AUTH to the built-in server by name, with nothing trusting its certificate but what the test adds. */
const request = (extra: Partial<CheckRequestInput> = {}, auth: Partial<NonNullable<CheckRequestInput['auth']>> = {}) =>
  checkRequestSchema.parse({
    server: '127.0.0.1',
    port: sandbox.smtpPort,
    security: 'starttls',
    ehloName: 'client.smtp-probe.test',
    auth: { user: sandbox.credentials.user, password: sandbox.credentials.password, ...auth },
    from: 'me@sandbox.smtp-probe.test',
    to: ['you@sandbox.smtp-probe.test'],
    dnsServer: DNS_PEER_SERVER,
    publicIpResolvers: [],
    ...extra,
  });

const authEvents = () => events.filter((e) => e.type === 'auth');
const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

describe('a certificate pin', () => {
  it('without a pin or CA, the self-signed certificate fails STARTTLS and nothing more is sent', async () => {
    const report = await runCheck(request());
    expect(report.exitCode).toBe(EXIT_CODES.starttls);
    expect(codes(report.findings)).toContain('tls.cert-untrusted');
    expect(authEvents()).toEqual([]);
  });

  it('that matches verifies the self-signed certificate, and AUTH and the message go through', async () => {
    const report = await runCheck(request({ tlsPin: sandboxPin() }));
    expect(report.exitCode).toBe(EXIT_CODES.ok);
    expect(report.smtp?.tls?.authorized).toBe(true);
    expect(report.smtp?.tls?.pin).toEqual({ expected: sandboxPin(), matched: true, overrode: expect.stringMatching(/SELF_SIGNED|ALTNAME|ISSUER/) });
    expect(report.smtp?.auth?.ok).toBe(true);
    expect(authEvents()).toMatchObject([{ accepted: true }]);
    const pinned = report.findings.find((f) => f.code === 'tls.cert-pinned');
    expect(pinned?.severity).toBe('info');
    expect(report.transcript.map((l) => l.text).join('\n')).toContain('certificate trusted by its pin');
  });

  it('accepts the pin written with colons and upper case, as openssl prints it', async () => {
    const hex = sandboxPin().slice('sha256:'.length).toUpperCase().match(/../g)?.join(':');
    const report = await runCheck(request({ tlsPin: `SHA256:${hex}` }));
    expect(report.exitCode).toBe(EXIT_CODES.ok);
  });

  it('that differs fails loudly at the handshake: tls.pin-mismatch, and no AUTH byte after it', async () => {
    const report = await runCheck(request({ tlsPin: otherPin }));
    expect(report.exitCode).toBe(EXIT_CODES.starttls);
    const finding = report.findings.find((f) => f.code === 'tls.pin-mismatch');
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain(otherPin);
    expect(finding?.message).toContain(sandboxPin());
    expect(report.smtp?.starttls?.error?.cause).toBe('PIN_MISMATCH');
    expect(report.smtp?.auth).toBeUndefined();
    expect(report.smtp?.commands.map((c) => c.command).filter((c) => /^AUTH/i.test(c))).toEqual([]);
    // The last line we wrote is STARTTLS: nothing went over the TLS session to the wrong server.
    const sent = report.transcript.filter((l) => l.dir === 'C').map((l) => l.text);
    expect(sent.at(-1)).toBe('STARTTLS');
    expect(authEvents()).toEqual([]);
  });

  it('a certificate a trusted CA signed is still refused when it is not the pinned one', async () => {
    const report = await runCheck(request({ tlsPin: otherPin, ca: [sandbox.certificatePem] }));
    expect(report.exitCode).toBe(EXIT_CODES.starttls);
    expect(codes(report.findings)).toContain('tls.pin-mismatch');
  });

  it('that differs, with inspect anyway and "still log in", goes on but never sends the password', async () => {
    const report = await runCheck(request({ tlsPin: otherPin, tlsVerify: false }, { allowUnverifiedTls: true }));
    expect(report.smtp?.tls?.pin?.matched).toBe(false);
    expect(report.findings.find((f) => f.code === 'tls.pin-mismatch')?.severity).toBe('warning');
    expect(report.smtp?.auth?.attempted).toBe(false);
    expect(authEvents()).toEqual([]);
  });
});

describe('inspect anyway', () => {
  it('goes on past the self-signed certificate and withholds AUTH, which fails the run at AUTH', async () => {
    const report = await runCheck(request({ tlsVerify: false }));
    expect(report.smtp?.tls?.inspectedAnyway).toBe(true);
    expect(report.findings.find((f) => f.code === 'tls.cert-untrusted')?.severity).toBe('warning');
    expect(report.smtp?.auth?.attempted).toBe(false);
    expect(report.smtp?.auth?.skippedReason).toBe('tls-unverified');
    expect(report.exitCode).toBe(EXIT_CODES.auth);
    expect(authEvents()).toEqual([]);
  });

  it('with the profile\'s "still log in" choice, logs in over the unverified connection', async () => {
    const report = await runCheck(request({ tlsVerify: false }, { allowUnverifiedTls: true }));
    expect(report.smtp?.auth?.ok).toBe(true);
    expect(authEvents()).toMatchObject([{ accepted: true }]);
    expect(report.exitCode).toBe(EXIT_CODES.ok);
  });
});
