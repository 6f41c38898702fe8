/**
 * How tests find the DNS peer (test/peers/dns/: dnsmasq on 127.0.0.1:5300 serving probe.test).
 * The names below are the cases of test/peers/dns/zone.conf: keep both in step.
 */
import dgram from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import type { DnsOptions } from '../../electron/engine/dns/dns-options.ts';
import type { PublicIpResolver } from '../../electron/engine/dns/public-ip.ts';

export const DNS_PEER_HOST = '127.0.0.1';
/** SMTP_PROBE_DNS_PEER_PORT: a developer's own instance of zone.conf on another port (the shared peer runs another copy). */
export const DNS_PEER_PORT = Number(process.env.SMTP_PROBE_DNS_PEER_PORT ?? 5300);
/** "127.0.0.1:5300", the form DnsOptions.server takes. */
export const DNS_PEER_SERVER = `${DNS_PEER_HOST}:${DNS_PEER_PORT}`;
/**
 * A loopback port where nothing listens (the dead upstream behind timeout.probe.test). Asked
 * directly, the kernel answers "port unreachable", so a client sees a refused connection, not silence.
 */
export const DNS_CLOSED_SERVER = '127.0.0.1:5303';

/** A real UDP listener on a random loopback port that reads questions and never answers: silence. */
export async function startSilentDnsServer(): Promise<{ server: string; received: () => number; close: () => Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  let received = 0;
  socket.on('message', () => {
    received += 1;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address();
  return {
    server: `127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** Options for tests: always the peer, never the system's resolvers; short timeouts so silence ends soon. */
export function dnsPeerOptions(extra: DnsOptions = {}): DnsOptions {
  return { server: DNS_PEER_SERVER, timeoutMs: 1000, tries: 1, ...extra };
}

/** Public-IP discovery pointed at the peer, never at OpenDNS or Google. */
export const DNS_PEER_PUBLIC_IP_RESOLVERS: PublicIpResolver[] = [
  { method: 'opendns', server: DNS_PEER_SERVER },
  { method: 'google', server: DNS_PEER_SERVER },
];

export const DNS_ZONE = {
  zone: 'probe.test',
  /** MX 10 mail.peer.probe.test -> 127.0.0.1 (the Postfix peer), PTR 127.0.0.1 -> mail.peer.probe.test. */
  postfixMx: { name: 'peer.probe.test', exchange: 'mail.peer.probe.test', address: '127.0.0.1' },
  /** MX 10 mx1, 20 mx2 (listed in reverse order in the zone). */
  mx: 'mx.probe.test',
  mx1: { name: 'mx1.probe.test', a: '127.0.1.1', aaaa: 'fd00:5300::1' },
  mx2: { name: 'mx2.probe.test', a: '127.0.1.2', aaaa: 'fd00:5300::2' },
  /** No MX; A 127.0.1.5, AAAA fd00:5300::5. */
  implicit: { name: 'implicit.probe.test', a: '127.0.1.5', aaaa: 'fd00:5300::5' },
  nullMx: 'nullmx.probe.test',
  /** MX 10 alias.probe.test, alias CNAME mx1.probe.test. */
  cnameMx: { name: 'cnamemx.probe.test', target: 'alias.probe.test', alias: 'mx1.probe.test' },
  /** MX 10 missing.probe.test (NXDOMAIN). */
  unresolvable: { name: 'unresolvable.probe.test', target: 'missing.probe.test' },
  nxdomain: 'nxdomain.probe.test',
  /** Exists (TXT), no MX, no address. */
  nodata: 'nodata.probe.test',
  servfail: 'servfail.probe.test',
  timeout: 'timeout.probe.test',
  refused: 'refused.probe.test',
  /** MX 10 host.timeout.probe.test: the target's addresses time out. */
  mxTimeout: { name: 'mxtimeout.probe.test', target: 'host.timeout.probe.test' },
  /** MX 10 127.0.1.1 (an IP literal as exchange), MX 20 999.1.1.1 (looks like one, is neither). */
  mxIp: { name: 'mxip.probe.test', target: '127.0.1.1', bogus: '999.1.1.1' },
  /** MX 10 a.loop.probe.test; a.loop -> b.loop2 -> a.loop. */
  loop: { name: 'loopmx.probe.test', target: 'a.loop.probe.test', next: 'b.loop2.probe.test' },
  /** MX 10 mx01 … 100 mx10.ten.probe.test; mxNN: A 127.0.2.N, AAAA fd00:5300::1NN, and their PTRs. */
  ten: { name: 'ten.probe.test', count: 10, first: { name: 'mx01.ten.probe.test', a: '127.0.2.1', aaaa: 'fd00:5300::101' } },
  /** 500 MX records mx-001 … mx-500.hosts.many.probe.test (preference = number), all A 127.0.1.9. */
  many: { name: 'many.probe.test', count: 500, a: '127.0.1.9' },
  ptr: {
    confirmed: { address: '127.0.0.20', name: 'good.probe.test' },
    mismatch: { address: '127.0.0.21', name: 'mismatch.probe.test', forward: '127.0.0.99' },
    dangling: { address: '127.0.0.22', name: 'dangling.probe.test' },
    missing: { address: '127.0.0.23' },
    multi: { address: '127.0.0.24', names: ['multi.probe.test', 'other.probe.test'], confirmedName: 'multi.probe.test' },
    confirmed6: { address: 'fd00:5300::20', name: 'good6.probe.test' },
  },
  /** A 127.0.0.1 and AAAA ::1, no PTR: a server name to run over both IP versions, where tests listen. */
  dual: { name: 'dual.probe.test', a: '127.0.0.1', aaaa: '::1' },
  /** What the peer answers for the public-IP names. */
  publicIp: { opendns: '127.0.0.20', google: '127.0.0.21' },
} as const;

/**
 * True when all three dnsmasq processes of the peer answer as the zone says: the front server (MX),
 * the upstream (the CNAME loop's second half, forwarded) and the validator (SERVFAIL).
 */
export async function dnsPeerAvailable(): Promise<boolean> {
  const resolver = new Resolver({ timeout: 500, tries: 2 });
  resolver.setServers([DNS_PEER_SERVER]);
  try {
    const [mx, alias, servfail] = await Promise.all([
      resolver.resolveMx(DNS_ZONE.mx),
      resolver.resolveCname(DNS_ZONE.loop.next),
      resolver.resolveMx(DNS_ZONE.servfail).then(
        () => 'answered',
        (error: { code?: string }) => error.code,
      ),
    ]);
    return mx.some((record) => record.exchange === DNS_ZONE.mx1.name) && alias[0] === DNS_ZONE.loop.target && servfail === 'ESERVFAIL';
  } catch {
    // Any failure of the known questions means the peer is not (fully) running.
    return false;
  }
}

/** True when the peer serves ten.probe.test (zone.conf added it: a peer started before needs stop.sh + start.sh). */
export async function tenMxAvailable(): Promise<boolean> {
  const resolver = new Resolver({ timeout: 500, tries: 2 });
  resolver.setServers([DNS_PEER_SERVER]);
  try {
    return (await resolver.resolveMx(DNS_ZONE.ten.name)).length === DNS_ZONE.ten.count;
  } catch {
    return false;
  }
}

/** True when the peer serves dual.probe.test with both records (zone.conf added it: a peer started before needs stop.sh + start.sh). */
export async function dualAvailable(): Promise<boolean> {
  const resolver = new Resolver({ timeout: 500, tries: 2 });
  resolver.setServers([DNS_PEER_SERVER]);
  try {
    const [a, aaaa] = await Promise.all([resolver.resolve4(DNS_ZONE.dual.name), resolver.resolve6(DNS_ZONE.dual.name)]);
    return a[0] === DNS_ZONE.dual.a && aaaa[0] === DNS_ZONE.dual.aaaa;
  } catch {
    return false;
  }
}
