/**
 * "Tests must never use the real public-IP services": the test set-up (test/helpers/loopback-only.ts)
 * refuses any traffic beyond loopback, so a test that forgot `publicIpResolvers` fails instead of
 * asking OpenDNS and Google. This proves the guard is in place and what it catches.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PUBLIC_IP_RESOLVERS, discoverPublicIp } from '../../../../electron/engine/dns/public-ip.ts';
import type { LoopbackGuard } from '../../../helpers/loopback-only.ts';

/** Found through the global the set-up file leaves, not imported: this fails if the set-up is not configured. */
const guard = (globalThis as Record<symbol, LoopbackGuard | undefined>)[Symbol.for('smtp-probe.loopback-only')];

/** Runs fn and returns the destinations beyond loopback it tried (taken, so the test does not fail for them). */
async function attemptsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  if (!guard) throw new Error('the loopback-only set-up file is not configured for this test run');
  const from = guard.attempts.length;
  await fn();
  return guard.attempts.splice(from);
}

describe('the loopback-only test guard', () => {
  it('refuses the real public-IP services: nothing is asked, the run gets an error outcome', async () => {
    let result: Awaited<ReturnType<typeof discoverPublicIp>> | undefined;
    const tried = await attemptsDuring(async () => {
      result = await discoverPublicIp({ timeoutMs: 1000, tries: 1 });
    });
    // A and AAAA for OpenDNS, TXT for Google: each question refused before it left.
    expect(new Set(tried.map((t) => t.split(' @ ')[1]))).toEqual(new Set(DEFAULT_PUBLIC_IP_RESOLVERS.map((r) => r.server)));
    expect(result?.address).toBeUndefined();
    expect(result?.attempts.map((a) => a.outcome)).toEqual(['error', 'error']);
  });

  it('refuses a TCP connection, a datagram and a name lookup beyond loopback; loopback goes through', async () => {
    const tried = await attemptsDuring(async () => {
      const socket = net.connect({ host: '192.0.2.1', port: 25 });
      await expect(new Promise((_resolve, reject) => socket.once('error', reject))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      const udp = dgram.createSocket('udp4');
      await expect(new Promise((resolve, reject) => udp.send('x', 53, '192.0.2.53', (e) => (e ? reject(e) : resolve(e))))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      udp.close();
      await expect(dns.promises.lookup('mail.example.com')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      const resolver = new dns.promises.Resolver();
      resolver.setServers(['198.51.100.53']);
      await expect(resolver.resolveMx('example.com')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    });
    expect(tried).toEqual(['connect 192.0.2.1:25', 'udp 192.0.2.53', 'lookup mail.example.com', 'dns resolveMx(example.com) @ 198.51.100.53']);

    const server = net.createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    expect(
      await attemptsDuring(async () => {
        const socket = net.connect({ host: '127.0.0.1', port });
        await new Promise((resolve) => socket.once('close', resolve));
      }),
    ).toEqual([]);
    await new Promise((resolve) => server.close(resolve));
  });
});
