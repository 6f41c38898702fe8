/**
 * The new user's run against real servers: `smtp-probe check` against Postfix (with Dovecot SASL)
 * on 25, 587 and 465, and from an MX lookup at the DNS peer through a whole SMTP session.
 * Peers are started by test/peers/start.sh (the Vitest global setup); locally without them these
 * suites skip with a visible line, with CI=true they fail.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema, type RunReport } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { DNS_PEER_PUBLIC_IP_RESOLVERS, DNS_PEER_SERVER, DNS_ZONE, dnsPeerAvailable } from '../../helpers/dns-peer.ts';
import { describeWithPeer } from '../../helpers/peers.ts';
import { postfixAvailable, postfixPeer, waitForDelivery } from '../../helpers/postfix-peer.ts';

const DNS = ['--dns-server', DNS_PEER_SERVER, ...DNS_PEER_PUBLIC_IP_RESOLVERS.flatMap((r) => ['--public-ip-resolver', `${r.method}@${r.server}`])];

function report(stdout: string): RunReport {
  return runReportSchema.parse(JSON.parse(stdout));
}

const RELAY_PAGE = 'https://www.postfix.org/postconf.5.html#reject_unauth_destination';

const bothPeers = async () => (await postfixAvailable()) && (await dnsPeerAvailable());

await describeWithPeer('Postfix and the DNS peer', bothPeers, 'smtp-probe check against Postfix', () => {
  it('port 25: banner, EHLO, optional STARTTLS verified with the test CA, RCPT to the local user, clean QUIT', async () => {
    const peer = postfixPeer();
    const result = await runCli(['check', '--server', `${peer.host}:${peer.ports.smtp}`, '--ca', peer.caFile, '--ehlo', 'client.probe.test', ...DNS, '--from', 'probe@example.com', '--to', peer.user.address, '--stop-after', 'rcpt', '--json']);
    const r = report(result.stdout);
    expect(r.exitCode).toBe(EXIT_CODES.ok);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(r.steps.find((s) => s.id === 'starttls')?.status).toBe('pass');
    expect(r.smtp?.tls?.authorized).toBe(true);
    expect(r.transcript.some((e) => e.dir === 'S' && e.text.startsWith(`220 ${peer.hostname}`))).toBe(true);
    expect(r.transcript.some((e) => e.dir === 'C' && e.text === 'QUIT')).toBe(true);
  });

  it('port 25: an unknown local user is told apart from a relay denial', async () => {
    const peer = postfixPeer();
    const unknown = await runCli(['check', '--server', `${peer.host}:${peer.ports.smtp}`, '--ca', peer.caFile, '--ehlo', 'client.probe.test', ...DNS, '--from', 'probe@example.com', '--to', peer.unknownUser, '--json']);
    expect(unknown.code).toBe(EXIT_CODES.rcpt);
    expect(report(unknown.stdout).findings.map((f) => f.code)).toContain('rcpt.unknown-user');
    const relay = await runCli(['check', '--server', `${peer.host}:${peer.ports.smtp}`, '--ca', peer.caFile, '--ehlo', 'client.probe.test', ...DNS, '--from', 'probe@example.com', '--to', 'someone@elsewhere.example', '--json']);
    expect(relay.code).toBe(EXIT_CODES.rcpt);
    expect(report(relay.stdout).findings.map((f) => f.code)).toContain('rcpt.relay-denied');
  });

  it('port 25: Postfix\'s own wording gives both refusals its cause, fix and page, in --json, the summary and an HTML report', async () => {
    const peer = postfixPeer();
    const base = ['check', '--server', `${peer.host}:${peer.ports.smtp}`, '--ca', peer.caFile, '--ehlo', 'client.probe.test', ...DNS, '--from', 'probe@example.com'];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-probe-known-'));
    try {
      const relay = await runCli([...base, '--to', 'someone@elsewhere.example', '--json', '--transcript', path.join(dir, 'relay.html')]);
      const relayJson = JSON.parse(relay.stdout) as RunReport;
      const denied = relayJson.findings.find((f) => f.code === 'rcpt.relay-denied')!;
      // What the peer really answered, then what the table says about it.
      expect(denied.evidence).toBe('554 5.7.1 <someone@elsewhere.example>: Relay access denied');
      expect(denied.message).toContain('Relay access denied — a known Postfix reply: Postfix accepts mail for other domains only from trusted networks (mynetworks)');
      expect(denied.hint).toMatch(/^As a user: log in \(AUTH\) on the submission port 587/);
      expect(denied.link).toEqual({ id: 'reply:postfix-relay-denied', title: 'Postfix postconf(5): reject_unauth_destination', url: RELAY_PAGE });
      expect(report(relay.stdout).findings.find((f) => f.code === 'rcpt.relay-denied')?.link).toEqual({ id: 'reply:postfix-relay-denied', title: 'Postfix postconf(5): reject_unauth_destination' });
      expect(readFileSync(path.join(dir, 'relay.html'), 'utf8')).toContain(`<a href="${RELAY_PAGE}"`);

      const unknown = await runCli([...base, '--to', peer.unknownUser, '--no-color']);
      expect(unknown.code).toBe(EXIT_CODES.rcpt);
      expect(unknown.stdout).toContain('User unknown in virtual mailbox table — a known Postfix reply: The recipient does not exist on this Postfix: it is not in the virtual mailbox table');
      expect(unknown.stdout).toMatch(/What to do: Check the address\. As the admin: add the user or alias to the virtual mailbox table/);
      expect(unknown.stdout).toContain('More: https://www.postfix.org/postconf.5.html#local_recipient_maps');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('port 587: STARTTLS required, AUTH through Dovecot, the message delivered to the mailbox on disk', async () => {
    const peer = postfixPeer();
    const marker = `cli-587-${randomUUID()}`;
    const result = await runCli(
      ['check', '--server', `${peer.host}:${peer.ports.submission}`, '--tls', 'starttls', '--ca', peer.caFile, '--ehlo', 'client.probe.test', ...DNS, '--auth-user', peer.user.username, '--auth-password-env', 'PEER_PASSWORD', '--from', peer.user.address, '--to', peer.user.address, '--subject', marker, '--json'],
      { env: { PEER_PASSWORD: peer.user.password } },
    );
    const r = report(result.stdout);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(r.steps.filter((s) => s.status === 'fail')).toEqual([]);
    expect(r.findings.find((f) => f.code === 'message.accepted')?.message).toMatch(/queue id/i);
    expect(result.stdout).not.toContain(peer.user.password);
    const delivered = await waitForDelivery(peer.mailboxDir, marker);
    expect(delivered.content).toContain(marker);
  });

  it('port 465: implicit TLS with AUTH LOGIN', async () => {
    const peer = postfixPeer();
    const result = await runCli(
      ['check', '--server', `${peer.host}:${peer.ports.smtps}`, '--ca', peer.caFile, '--ehlo', 'client.probe.test', ...DNS, '--auth-user', peer.user.username, '--auth-password-env', 'PEER_PASSWORD', '--auth-mech', 'LOGIN', '--stop-after', 'auth', '--json'],
      { env: { PEER_PASSWORD: peer.user.password } },
    );
    const r = report(result.stdout);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(r.target.security).toBe('implicit');
    expect(r.steps.find((s) => s.id === 'auth')?.status).toBe('pass');
    expect(result.stdout).not.toContain(peer.user.password);
  });

  it('port 587 without TLS: AUTH is not attempted in plaintext and the run says why', async () => {
    const peer = postfixPeer();
    const result = await runCli(
      ['check', '--server', `${peer.host}:${peer.ports.submission}`, '--tls', 'none', '--ehlo', 'client.probe.test', ...DNS, '--auth-user', peer.user.username, '--auth-password-env', 'PEER_PASSWORD', '--json'],
      { env: { PEER_PASSWORD: peer.user.password } },
    );
    const r = report(result.stdout);
    expect(result.code).toBe(EXIT_CODES.auth);
    expect(r.transcript.some((e) => e.dir === 'C' && e.text.startsWith('AUTH'))).toBe(false);
    expect(r.findings.map((f) => f.code)).toEqual(expect.arrayContaining([expect.stringMatching(/^auth\./)]));
  });

  it('from an MX lookup to a whole session: MX, PTR with forward confirmation, your public IP, Postfix on 25', async () => {
    const peer = postfixPeer();
    const result = await runCli(['check', DNS_ZONE.postfixMx.name, '--ca', peer.caFile, '--ehlo', 'client.probe.test', ...DNS, '--stop-after', 'ehlo', '--json']);
    const r = report(result.stdout);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(r.dns.mx?.hosts[0]?.exchange).toBe(DNS_ZONE.postfixMx.exchange);
    expect(r.target.address).toBe('127.0.0.1');
    expect(r.dns.serverPtr?.names).toContain(DNS_ZONE.postfixMx.exchange);
    expect(r.dns.serverPtr?.forwardConfirmed).toBe(true);
    expect(r.dns.client?.publicIp).toBe(DNS_ZONE.publicIp.opendns);
    expect(r.findings.find((f) => f.code === 'client.public-ip')?.message).toContain(DNS_ZONE.publicIp.opendns);
  });
});

await describeWithPeer('the DNS peer', dnsPeerAvailable, 'smtp-probe check: DNS outcomes and exit codes', () => {
  it.each([
    [DNS_ZONE.nxdomain, 'dns.nxdomain'],
    [DNS_ZONE.nullMx, 'dns.null-mx'],
    [DNS_ZONE.servfail, 'dns.servfail'],
    [DNS_ZONE.unresolvable.name, 'dns.mx-unresolvable'],
  ])('%s -> %s and the MX exit code', async (domain, code) => {
    const result = await runCli(['check', domain, '--dns-server', DNS_PEER_SERVER, '--no-public-ip', '--json']);
    expect(result.code).toBe(EXIT_CODES.mx);
    expect(report(result.stdout).findings.map((f) => f.code)).toContain(code);
  });

  it('an MX whose host refuses the connection gets the connect exit code, after a passing MX step', async () => {
    const result = await runCli(['check', DNS_ZONE.mx, '--dns-server', DNS_PEER_SERVER, '--no-public-ip', '--json']);
    const r = report(result.stdout);
    expect(r.steps.find((s) => s.id === 'mx')?.status).toBe('pass');
    expect(r.target.host).toBe(DNS_ZONE.mx1.name);
    expect(result.code).toBe(EXIT_CODES.connect);
    expect(r.findings.map((f) => f.code)).toContain('connect.refused');
  });
});
