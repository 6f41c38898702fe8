/**
 * Resolver round trips: the MX step of a domain with ten MX hosts (ten.probe.test on the DNS
 * peer), alone and as part of a whole run, through a forwarder that delays every DNS message by
 * 20 ms each way (a 40 ms round trip to the resolver). Round trips are counted at the forwarder
 * (test/helpers/dns-forwarder.ts: the waves of questions the client waited for in turn); the wall
 * times are medians and say how close the client comes to that many round trips.
 */
import { checkRequestSchema } from '../../shared/check-request.ts';
import { runCheck } from '../../electron/engine/check/run-check.ts';
import { lookupMx } from '../../electron/engine/dns/mx.ts';
import { DNS_PEER_SERVER, dnsPeerAvailable } from '../helpers/dns-peer.ts';
import { startDnsForwarder, type DnsForwarder } from '../helpers/dns-forwarder.ts';
import type { BenchResult } from './micro.ts';

const DELAY_MS = 20;
const RTT_MS = 2 * DELAY_MS;
const ROUNDS = 9;
const DOMAIN = 'ten.probe.test';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

interface Sample {
  wallMs: number;
  questions: number;
  waves: number;
  /** Of a whole run: the MX step's share (questions asked until the step ended). */
  mxQuestions?: number;
  mxWaves?: number;
}

async function mxStep(forwarder: DnsForwarder): Promise<Sample> {
  const started = performance.now();
  const mx = await lookupMx(DOMAIN, { server: forwarder.server });
  const wallMs = performance.now() - started;
  if (mx.hosts.length !== 10 || mx.hosts.some((h) => h.addresses.length !== 2)) throw new Error(`${DOMAIN} does not have ten MX hosts with A and AAAA: restart the DNS peer (test/peers/dns/stop.sh, start.sh)`);
  return { wallMs, questions: forwarder.questions().length, waves: forwarder.waves() };
}

/** A whole run in domain mode, uninterrupted (as the CLI runs it): MX, the server's PTR, our public IP and its PTR, then a connect to 127.0.2.1:25 that is refused. */
async function wholeRun(forwarder: DnsForwarder): Promise<Sample> {
  const request = checkRequestSchema.parse({
    domain: DOMAIN,
    security: 'none',
    ehloName: 'client.probe.test',
    dnsServer: forwarder.server,
    publicIpResolvers: [{ method: 'opendns', server: forwarder.server }],
  });
  let mxEnd: { questions: number; waves: number } | undefined;
  const started = performance.now();
  const report = await runCheck(request, {
    onStep: (step, phase) => {
      if (step === 'mx' && phase === 'end') mxEnd = { questions: forwarder.questions().length, waves: forwarder.waves() };
    },
  });
  const wallMs = performance.now() - started;
  if (report.dns.serverPtr === undefined || report.dns.client?.ptr === undefined) throw new Error('the run did not check both PTRs');
  return { wallMs, questions: forwarder.questions().length, waves: forwarder.waves(), mxQuestions: mxEnd?.questions, mxWaves: mxEnd?.waves };
}

async function measure(forwarder: DnsForwarder, one: (f: DnsForwarder) => Promise<Sample>): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    forwarder.reset();
    samples.push(await one(forwarder));
  }
  return samples;
}

export async function benchDnsRoundTrips(): Promise<BenchResult[]> {
  if (!(await dnsPeerAvailable())) {
    console.warn('dns: the DNS peer is not running (test/peers/dns/start.sh); no rows');
    return [];
  }
  const forwarder = await startDnsForwarder({ upstream: DNS_PEER_SERVER, delayMs: DELAY_MS });
  try {
    const mx = await measure(forwarder, mxStep);
    const run = await measure(forwarder, wholeRun);
    // The median: on a loaded machine a late timer can deliver an unrelated answer first and add a wave.
    const waves = (samples: Sample[], key: 'waves' | 'mxWaves') => {
      const values = samples.map((s) => s[key] ?? 0);
      return { median: median(values), most: Math.max(...values) };
    };
    const counted = (w: { median: number; most: number }) => (w.most === w.median ? '' : ` (most ${w.most})`);
    const conditions = `${DOMAIN} (10 MX hosts, A + AAAA each) on the DNS peer behind a forwarder delaying each DNS message ${DELAY_MS} ms each way (${RTT_MS} ms round trip); round trips = waves of questions counted at the forwarder, median of ${ROUNDS} runs`;
    const mxWall = median(mx.map((s) => s.wallMs));
    const runWall = median(run.map((s) => s.wallMs));
    return [
      { name: 'DNS: MX step, 10 MX hosts (round trips)', value: waves(mx, 'waves').median, unit: 'round trips', digits: 0, note: `${conditions}${counted(waves(mx, 'waves'))}; ${mx[0]?.questions ?? 0} questions (MX, then A, AAAA and CNAME of every host at once)` },
      { name: 'DNS: MX step, 10 MX hosts (wall)', value: mxWall, unit: 'ms', note: `lookupMx alone, median of ${ROUNDS}: ${(mxWall / RTT_MS).toFixed(1)} round trips of ${RTT_MS} ms` },
      {
        name: 'DNS: whole run, 10 MX hosts (round trips)',
        value: waves(run, 'waves').median,
        unit: 'round trips',
        digits: 0,
        note: `every DNS question of an uninterrupted run (MX, the hosts, the server's PTR and its forward check, our public IP, its PTR and forward check)${counted(waves(run, 'waves'))}: ${run[0]?.questions ?? 0} questions; the MX step within it ${waves(run, 'mxWaves').median} round trips${counted(waves(run, 'mxWaves'))} (${run[0]?.mxQuestions ?? 0} questions), the public-IP lookup alongside it`,
      },
      { name: 'DNS: whole run, 10 MX hosts (wall)', value: runWall, unit: 'ms', note: `runCheck to the refused connect to 127.0.2.1:25, median of ${ROUNDS}: ${(runWall / RTT_MS).toFixed(1)} round trips of ${RTT_MS} ms` },
    ];
  } finally {
    await forwarder.close();
  }
}
