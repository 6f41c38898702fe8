/**
 * The DNS part of a run in parallel, against the DNS peer through the delaying forwarder
 * (test/helpers/dns-forwarder.ts), which counts questions and the round trips waited for in turn:
 * ten.probe.test's MX step in two round trips, our own side asked alongside it when nothing gates
 * the run, the chosen host's addresses taken from the MX step, the same evidence either way, and
 * Stop still ending every lookup at once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCheck, type CheckHooks } from '../../../../electron/engine/check/run-check.ts';
import { lookupMx } from '../../../../electron/engine/dns/mx.ts';
import { checkRequestSchema, type CheckRequestInput } from '../../../../shared/check-request.ts';
import type { RunReport } from '../../../../shared/report.ts';
import { RUN_DEADLINE_MS } from '../../../../shared/timeout-limits.ts';
import { DNS_PEER_SERVER, DNS_ZONE as Z, startSilentDnsServer, tenMxAvailable } from '../../../helpers/dns-peer.ts';
import { startDnsForwarder, type DnsForwarder, type ForwardedQuestion } from '../../../helpers/dns-forwarder.ts';
import { describeWithPeer } from '../../../helpers/peers.ts';

/** Without durations, which differ from run to run. */
function timeless(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(timeless);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'elapsedMs' && key !== 'durationMs').map(([key, v]) => [key, timeless(v)]));
}

const publicIp = (q: ForwardedQuestion) => q.name === 'myip.opendns.com';

await describeWithPeer('the DNS peer with ten.probe.test (test/peers/dns; restart it after a zone change)', tenMxAvailable, 'parallel DNS through a delaying forwarder', () => {
  let forwarder: DnsForwarder;
  beforeAll(async () => {
    // Waves are an order of events; a long delay keeps a busy machine's late timers from reordering them.
    forwarder = await startDnsForwarder({ upstream: DNS_PEER_SERVER, delayMs: 100 });
  });
  afterAll(async () => {
    await forwarder.close();
  });

  const request = (extra: Partial<CheckRequestInput> = {}) =>
    checkRequestSchema.parse({
      domain: Z.ten.name,
      security: 'none',
      ehloName: 'client.probe.test',
      dnsServer: forwarder.server,
      publicIpResolvers: [{ method: 'opendns', server: forwarder.server }],
      ...extra,
    });

  /** A run through the forwarder: its report, its step events, and the questions asked until the MX step ended. */
  async function run(hooks: CheckHooks = {}): Promise<{ report: RunReport; steps: string[]; mxStep: ForwardedQuestion[] }> {
    forwarder.reset();
    const steps: string[] = [];
    let mxStep: ForwardedQuestion[] = [];
    const report = await runCheck(request(), {
      ...hooks,
      onStep: (step, phase) => {
        steps.push(`${step}:${phase}`);
        if (step === 'mx' && phase === 'end') mxStep = forwarder.questions();
      },
    });
    return { report, steps, mxStep };
  }

  it('asks MX, then the A, AAAA and CNAME of all ten hosts at once: two round trips, the same evidence as asked directly', async () => {
    forwarder.reset();
    const through = await lookupMx(Z.ten.name, { server: forwarder.server });
    expect(forwarder.waves()).toBe(2);
    const questions = forwarder.questions();
    expect(questions).toHaveLength(1 + 3 * Z.ten.count);
    expect(questions.filter((q) => q.wave === 2).map((q) => q.type).sort()).toEqual([...Array(10).fill('A'), ...Array(10).fill('AAAA'), ...Array(10).fill('CNAME')]);
    const direct = await lookupMx(Z.ten.name, { server: DNS_PEER_SERVER });
    expect(through.hosts).toHaveLength(Z.ten.count);
    expect(through.hosts[0]).toMatchObject({ exchange: Z.ten.first.name, addresses: [Z.ten.first.a, Z.ten.first.aaaa], addressOutcome: 'ok' });
    expect({ ...(timeless(through) as object), resolver: '' }).toEqual({ ...(timeless(direct) as object), resolver: '' });
  });

  it('an ungated run asks for our public IP alongside the MX lookup, and our PTR no later than the MX hosts', async () => {
    const { report, mxStep } = await run();
    expect(report.target).toMatchObject({ host: Z.ten.first.name, address: Z.ten.first.a });
    const first = forwarder.questions().filter((q) => q.wave === 1);
    expect(first.map((q) => `${q.type} ${q.name}`).sort()).toEqual(['A myip.opendns.com', 'AAAA myip.opendns.com', `MX ${Z.ten.name}`]);
    // The round-trip counts (2 for the MX step, 4 in all) depend on how fast this process sends each
    // burst, so the bench measures them (npm run bench -- dns); here: the order that makes them possible.
    const mxAnswered = Math.min(...mxStep.filter((q) => q.type !== 'MX' && q.type !== 'PTR' && !publicIp(q)).map((q) => q.wave));
    expect(mxAnswered).toBe(2);
    expect(Math.min(...forwarder.questions().filter((q) => q.type === 'PTR').map((q) => q.wave))).toBeLessThanOrEqual(mxAnswered);
  });

  it('does not ask the chosen host for its addresses again after the MX step', async () => {
    await run();
    const asked = forwarder.questions().filter((q) => q.name === Z.ten.first.name);
    // A: once in the MX step, once to confirm the server's PTR; AAAA and CNAME: in the MX step only.
    expect(asked.map((q) => q.type).sort()).toEqual(['A', 'A', 'AAAA', 'CNAME']);
  });

  it('a gated run keeps the old order (our side after the MX step) and both give the same evidence, lines and step events', async () => {
    const ungated = await run();
    const gated = await run({ beforeStep: async () => undefined });
    expect(Math.min(...forwarder.questions().filter(publicIp).map((q) => q.wave))).toBeGreaterThan(2);
    expect(gated.steps).toEqual(ungated.steps);
    expect(timeless(gated.report.dns)).toEqual(timeless(ungated.report.dns));
    expect(timeless(gated.report.steps)).toEqual(timeless(ungated.report.steps));
    expect(gated.report.findings).toEqual(ungated.report.findings);
    const lines = (r: RunReport) => r.transcript.map((e) => `${e.dir} ${e.text}`);
    expect(lines(gated.report)).toEqual(lines(ungated.report));
    expect(ungated.report.dns.client).toMatchObject({ publicIp: Z.publicIp.opendns, ptr: { forwardConfirmed: true } });
    expect(ungated.report.dns.serverPtr).toMatchObject({ address: Z.ten.first.a, names: [Z.ten.first.name], forwardConfirmed: true });
  });

  it('keeps the run quiet: dozens of questions in flight on the one signal raise no listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      await run();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(forwarder.questions().length).toBeGreaterThan(30);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it.each([
    ['Stop', 'cancelled'],
    ['the deadline', 'deadline'],
  ] as const)('%s during the MX step also ends the public-IP lookup started alongside it', async (_, reason) => {
    // The public-IP service never answers, and the MX answer is held: without the one signal the
    // run would wait out c-ares' timeouts (minutes) for the public IP.
    const silent = await startSilentDnsServer();
    const slow = await startDnsForwarder({ upstream: DNS_PEER_SERVER, delayMs: 60_000 });
    try {
      const stop = new AbortController();
      const deadline = reason === 'deadline' ? { deadlineMs: RUN_DEADLINE_MS.min } : {};
      const report = runCheck(
        request({ dnsServer: slow.server, publicIpResolvers: [{ method: 'opendns', server: silent.server }], timeouts: { dns: 60_000 }, ...deadline }),
        { signal: stop.signal },
      );
      while (silent.received() < 2 || slow.questions().length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
      if (reason === 'cancelled') stop.abort();
      const done = await report;
      expect(done.interrupted).toMatchObject({ reason, step: 'mx' });
      expect(done.dns.mx?.outcome).toBe('cancelled');
      expect(done.dns.client).toBeUndefined();
      expect(slow.questions().map((q) => q.type)).toEqual(['MX']);
    } finally {
      await slow.close();
      await silent.close();
    }
  });
});
