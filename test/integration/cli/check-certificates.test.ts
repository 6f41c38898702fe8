/**
 * Certificates the way a sending server and an admin see them, through `smtp-probe check`:
 * opportunistic STARTTLS to a domain's MX on port 25 goes on past an untrusted certificate with a
 * warning (mail is still delivered), "STARTTLS required" keeps it a failure, and --tls-pin is
 * checked before anything is sent.
 */
import { expect, it } from 'vitest';
import { EXIT_CODES } from '../../../shared/exit-codes.ts';
import type { RunReport } from '../../../shared/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { DNS_PEER_SERVER, DNS_ZONE, dnsPeerAvailable } from '../../helpers/dns-peer.ts';
import { describeWithPeer } from '../../helpers/peers.ts';
import { postfixAvailable } from '../../helpers/postfix-peer.ts';

const bothPeers = async () => (await postfixAvailable()) && (await dnsPeerAvailable());

/** No --ca: the Postfix peer's certificate comes from the test CA, which nothing here trusts. */
const mxCheck = (...extra: string[]) => runCli(['check', DNS_ZONE.postfixMx.name, '--ehlo', 'client.probe.test', '--dns-server', DNS_PEER_SERVER, '--no-public-ip', '--stop-after', 'starttls', '--json', ...extra]);

await describeWithPeer('Postfix and the DNS peer', bothPeers, 'certificates of an MX on port 25', () => {
  it('STARTTLS if offered (an MX check): an untrusted certificate is a warning that mail is still delivered', async () => {
    const result = await mxCheck();
    const r = JSON.parse(result.stdout) as RunReport;
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(r.target.port).toBe(25);
    expect(r.smtp?.tls?.opportunistic).toBe(true);
    expect(r.smtp?.tls?.authorized).toBe(false);
    expect(r.steps.find((s) => s.id === 'starttls')?.status).toBe('warn');
    const finding = r.findings.find((f) => f.code === 'tls.cert-unverified-mx');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toContain('Mail is still delivered');
    expect(r.findings.map((f) => f.code)).not.toContain('tls.cert-untrusted');
  });

  it('--tls starttls (required): the same certificate fails the STARTTLS step', async () => {
    const result = await mxCheck('--tls', 'starttls');
    const r = JSON.parse(result.stdout) as RunReport;
    expect(result.code).toBe(EXIT_CODES.starttls);
    expect(r.findings.find((f) => f.code === 'tls.cert-untrusted')?.severity).toBe('error');
    expect(r.findings.map((f) => f.code)).not.toContain('tls.cert-unverified-mx');
  });
});

it.each([['sha256:1234'], ['AB:CD'], [`md5:${'ab'.repeat(32)}`], [`sha256:${'zz'.repeat(32)}`]])('--tls-pin %s is refused with exit 2 and nothing is sent', async (pin) => {
  const result = await runCli(['check', '--server', '127.0.0.1:1', '--tls-pin', pin]);
  expect(result.code).toBe(EXIT_CODES.usage);
  expect(result.stderr).toContain('--tls-pin: a certificate pin is sha256: followed by the 64 hex digits');
  expect(result.stdout).not.toMatch(/connecting/);
});
