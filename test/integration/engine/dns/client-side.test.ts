/**
 * Public IP over DNS and the client side, with the public-IP resolvers pointed at the DNS peer
 * (never at OpenDNS or Google).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inspectClientSide } from '../../../../electron/engine/dns/client-side.ts';
import { discoverPublicIp } from '../../../../electron/engine/dns/public-ip.ts';
import { DNS_PEER_PUBLIC_IP_RESOLVERS, DNS_PEER_SERVER, DNS_ZONE as Z, dnsPeerAvailable, dnsPeerOptions, startSilentDnsServer } from '../../../helpers/dns-peer.ts';
import { describeWithPeer } from '../../../helpers/peers.ts';

await describeWithPeer('the DNS peer (dnsmasq, test/peers/dns)', dnsPeerAvailable, 'public IP and client side against the DNS peer', () => {
  // A public-IP service that does not answer: a UDP listener on loopback that never replies.
  let silent: Awaited<ReturnType<typeof startSilentDnsServer>>;
  beforeAll(async () => {
    silent = await startSilentDnsServer();
  });
  afterAll(async () => {
    await silent.close();
  });

  it('discovers the public IP with the OpenDNS method (myip.opendns.com A)', async () => {
    const result = await discoverPublicIp({ ...dnsPeerOptions(), publicIpResolvers: [{ method: 'opendns', server: DNS_PEER_SERVER }] });
    expect(result).toMatchObject({ address: Z.publicIp.opendns, family: 4, outcome: 'ok', source: `myip.opendns.com A/AAAA @ ${DNS_PEER_SERVER}` });
  });

  it('discovers the public IP with the Google method (o-o.myaddr.l.google.com TXT)', async () => {
    const result = await discoverPublicIp({ ...dnsPeerOptions(), publicIpResolvers: [{ method: 'google', server: DNS_PEER_SERVER }] });
    expect(result).toMatchObject({ address: Z.publicIp.google, outcome: 'ok', source: `o-o.myaddr.l.google.com TXT @ ${DNS_PEER_SERVER}` });
  });

  it('falls back to the next resolver when the first does not answer', async () => {
    const result = await discoverPublicIp({
      ...dnsPeerOptions({ timeoutMs: 300 }),
      publicIpResolvers: [
        { method: 'opendns', server: silent.server },
        { method: 'google', server: DNS_PEER_SERVER },
      ],
    });
    expect(result.address).toBe(Z.publicIp.google);
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(['timeout', 'ok']);
  });

  it('reports the outcome when no resolver answers', async () => {
    const result = await discoverPublicIp({ ...dnsPeerOptions({ timeoutMs: 300 }), publicIpResolvers: [{ method: 'google', server: silent.server }] });
    expect(result).toMatchObject({ outcome: 'timeout', attempts: [{ outcome: 'timeout' }] });
    expect(result.address).toBeUndefined();
  });

  it('gives the public IP, its confirmed PTR and that name as EHLO suggestion', async () => {
    const evidence = await inspectClientSide({
      seenByServer: 'mail.peer.test Hello x [127.0.0.20]',
      publicIpResolvers: DNS_PEER_PUBLIC_IP_RESOLVERS,
      dns: dnsPeerOptions(),
    });
    expect(evidence).toMatchObject({
      publicIp: Z.publicIp.opendns,
      publicIpOutcome: 'ok',
      seenByServer: '127.0.0.20',
      suggestedEhlo: Z.ptr.confirmed.name,
      ptr: { address: Z.publicIp.opendns, names: [Z.ptr.confirmed.name], forwardConfirmed: true },
    });
  });

  it('suggests an address literal when the PTR does not confirm', async () => {
    const evidence = await inspectClientSide({
      ehloName: Z.ptr.mismatch.name,
      publicIpResolvers: [{ method: 'google', server: DNS_PEER_SERVER }],
      dns: dnsPeerOptions(),
    });
    expect(evidence).toMatchObject({ publicIp: Z.publicIp.google, suggestedEhlo: `[${Z.publicIp.google}]`, ptr: { forwardConfirmed: false } });
    expect(evidence.seenByServer).toBeUndefined();
  });

  it('checks the PTR of the address the server saw when discovery fails', async () => {
    const evidence = await inspectClientSide({
      seenByServer: '[127.0.0.24]',
      publicIpResolvers: [{ method: 'opendns', server: silent.server }],
      dns: dnsPeerOptions({ timeoutMs: 300 }),
    });
    expect(evidence).toMatchObject({ publicIpOutcome: 'timeout', seenByServer: Z.ptr.multi.address, suggestedEhlo: Z.ptr.multi.confirmedName });
    expect(evidence.publicIp).toBeUndefined();
  });
});
