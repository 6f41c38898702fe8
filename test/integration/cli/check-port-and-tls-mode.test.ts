/**
 * Which port a run connects to, and a port that speaks TLS from the first byte: `smtp-probe check`
 * against a real implicit-TLS server on loopback checked in plain text (it must be told apart from a
 * server that says nothing at all), and a domain's MX reached on 25 whatever --tls says.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import { runReportSchema, type RunReport } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { DNS_PEER_SERVER, DNS_ZONE, dnsPeerAvailable } from '../../helpers/dns-peer.ts';
import { startHostileServer, type HostileServer, type Scenario } from '../../helpers/hostile-server.ts';
import { describeWithPeer } from '../../helpers/peers.ts';
import { postfixAvailable, postfixPeer } from '../../helpers/postfix-peer.ts';
import { testCerts } from '../../helpers/test-certs.ts';

// DNS questions (PTR of 127.0.0.1) go to the DNS peer on loopback, never to the system's resolvers.
const DNS = ['--dns-server', DNS_PEER_SERVER, '--no-public-ip'];
const FIRST_BYTE = 'this port expects TLS from the first byte: use implicit TLS (465-style)';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function check(scenario: Scenario, args: string[]): Promise<{ code: number; report: RunReport; server: HostileServer }> {
  server = await startHostileServer(scenario);
  const result = await runCli(['check', '--server', `127.0.0.1:${server.port}`, '--ehlo', 'client.probe.test', ...DNS, '--timeout', '1', '--json', ...args]);
  return { code: result.code, report: runReportSchema.parse(JSON.parse(result.stdout)), server };
}

describe('smtp-probe check: a port that expects TLS from the first byte', () => {
  for (const mode of ['starttls', 'none'] as const) {
    it(`--tls ${mode} against an implicit-TLS server: tls.wrong-mode says to use implicit TLS, connect exit code`, async () => {
      const certs = await testCerts();
      const { code, report, server: s } = await check({ implicitTls: true, tls: certs.good, greeting: '220 tls-only.test ESMTP\r\n' }, ['--tls', mode]);
      const wrongMode = report.findings.find((f) => f.code === 'tls.wrong-mode');
      expect(wrongMode?.message).toContain(FIRST_BYTE);
      expect(report.findings.map((f) => f.code)).not.toContain('banner.timeout');
      expect(report.smtp?.tlsProbe).toMatchObject({ answered: true, outcome: 'handshake' });
      expect(report.steps.find((st) => st.id === 'banner')?.status).toBe('fail');
      // The wrong TLS mode for the port is a connect-step finding, as on 465 and in the reverse case.
      expect(code).toBe(EXIT_CODES.connect);
      expect(report.exitCode).toBe(EXIT_CODES.connect);
      // The plain connection and the TLS probe; nothing but the handshake was sent inside TLS.
      expect(s.connections).toBe(2);
      expect(s.tlsBytes.length).toBe(0);
    });
  }

  it('a truly silent server is still banner.timeout: the TLS probe gets no answer and no wrong-mode is claimed', async () => {
    const { code, report } = await check({}, ['--tls', 'starttls']);
    expect(report.findings.map((f) => f.code)).toContain('banner.timeout');
    expect(report.findings.map((f) => f.code)).not.toContain('tls.wrong-mode');
    expect(report.smtp?.tlsProbe?.answered).toBe(false);
    expect(code).toBe(EXIT_CODES.banner);
  });

  it('the reverse case stays: implicit TLS against a plain-text server is tls.wrong-mode, with no TLS probe', async () => {
    const { report } = await check({ greeting: '220 plain.test ESMTP\r\n' }, ['--tls', 'implicit']);
    expect(report.findings.find((f) => f.code === 'tls.wrong-mode')?.message).toContain('plain text (it expects STARTTLS)');
    expect(report.smtp?.tlsProbe).toBeUndefined();
  });
});

const bothPeers = async () => (await postfixAvailable()) && (await dnsPeerAvailable());

await describeWithPeer('Postfix and the DNS peer', bothPeers, 'smtp-probe check: a domain\'s MX is reached on 25 whatever --tls says', () => {
  it('--tls starttls in domain mode connects to the MX on 25 and the target line says why', async () => {
    const peer = postfixPeer();
    // The peer's certificate names mail.peer.test, not the MX name: inspect anyway, so the STARTTLS step runs to its end.
    const args = ['check', DNS_ZONE.postfixMx.name, '--tls', 'starttls', '--no-tls-verify', '--ca', peer.caFile, '--ehlo', 'client.probe.test', ...DNS, '--stop-after', 'starttls'];
    const json = await runCli([...args, '--json']);
    const r = runReportSchema.parse(JSON.parse(json.stdout));
    expect(r.target).toMatchObject({ host: DNS_ZONE.postfixMx.exchange, port: 25, portRule: 'mx', security: 'starttls' });
    expect(r.smtp?.target.port).toBe(25);
    // Postfix's port 25 answered: its greeting, then STARTTLS and a TLS handshake on the MX port.
    expect(r.transcript.some((e) => e.dir === 'S' && e.text.startsWith(`220 ${peer.hostname}`))).toBe(true);
    expect(r.transcript.some((e) => e.dir === 'C' && e.text === 'STARTTLS')).toBe(true);
    expect(r.smtp?.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    const text = await runCli(args);
    expect(text.stdout).toContain(`Target: ${DNS_ZONE.postfixMx.name} → ${DNS_ZONE.postfixMx.exchange} [127.0.0.1]:25 (starttls; port 25: an MX receives mail there, whatever the TLS mode)`);
  });

  it('--port still overrides domain mode\'s 25', async () => {
    const peer = postfixPeer();
    const result = await runCli(['check', DNS_ZONE.postfixMx.name, '--port', String(peer.ports.submission), '--tls', 'starttls', '--ca', peer.caFile, '--ehlo', 'client.probe.test', ...DNS, '--stop-after', 'ehlo', '--json']);
    const r = runReportSchema.parse(JSON.parse(result.stdout));
    expect(r.target).toMatchObject({ port: peer.ports.submission, portRule: 'given' });
  });
});
