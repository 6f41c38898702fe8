import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTranscript } from '../../../../electron/engine/transcript.ts';
import {
  combineOutcomes,
  createDnsClient,
  createLimiter,
  outcomeFromErrorCode,
  type RawResolver,
} from '../../../../electron/engine/dns/dns-client.ts';
import { DnsInputError } from '../../../../electron/engine/dns/names.ts';
import { DNS_DEFAULTS } from '../../../../electron/engine/dns/dns-options.ts';
import { RunDeadlineExceeded } from '../../../../electron/engine/run-budget.ts';

function dnsError(code: string): Error {
  return Object.assign(new Error(`query ${code}`), { code });
}

/** A resolver whose answer is decided per call by `answer`. */
function fakeResolver(answer: (name: string, type: string) => Promise<unknown>): RawResolver & { cancelled: number } {
  const fake = {
    cancelled: 0,
    resolve: answer,
    cancel() {
      fake.cancelled += 1;
    },
  };
  return fake;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('outcomeFromErrorCode', () => {
  it.each([
    ['ENOTFOUND', 'nxdomain'],
    ['ENODATA', 'nodata'],
    ['ESERVFAIL', 'servfail'],
    ['EREFUSED', 'refused'],
    ['ETIMEOUT', 'timeout'],
    ['ECONNREFUSED', 'error'],
    ['EBADRESP', 'error'],
    ['ECANCELLED', 'cancelled'],
    ['EDESTRUCTION', 'cancelled'],
    ['SOMETHING_NEW', 'error'],
    [undefined, 'error'],
  ])('%s -> %s', (code, outcome) => {
    expect(outcomeFromErrorCode(code)).toBe(outcome);
  });
});

describe('combineOutcomes', () => {
  it('says ok when any answer is ok, else prefers failures that may hide records over a definite no', () => {
    expect(combineOutcomes(['nxdomain', 'ok'])).toBe('ok');
    expect(combineOutcomes(['nodata', 'timeout'])).toBe('timeout');
    expect(combineOutcomes(['nxdomain', 'servfail'])).toBe('servfail');
    expect(combineOutcomes(['nodata', 'nxdomain'])).toBe('nxdomain');
    expect(combineOutcomes(['nodata', 'nodata'])).toBe('nodata');
    expect(combineOutcomes([])).toBe('nodata');
  });
});

describe('createDnsClient', () => {
  it('returns records with outcome ok, an empty answer as nodata, and each error code as its outcome', async () => {
    const client = createDnsClient(
      { server: '192.0.2.53' },
      {
        resolver: fakeResolver(async (name) => {
          if (name === 'ok.test') return ['192.0.2.1'];
          if (name === 'empty.test') return [];
          throw dnsError(name.split('.')[0]?.toUpperCase() ?? '');
        }),
      },
    );
    expect(client.label).toBe('192.0.2.53:53');
    expect(await client.query('ok.test', 'A')).toEqual({ outcome: 'ok', records: ['192.0.2.1'] });
    expect(await client.query('empty.test', 'A')).toMatchObject({ outcome: 'nodata', records: [] });
    expect(await client.query('enotfound.test', 'A')).toMatchObject({ outcome: 'nxdomain', code: 'ENOTFOUND', message: expect.stringMatching(/NXDOMAIN/) });
    expect(await client.query('eservfail.test', 'MX')).toMatchObject({ outcome: 'servfail', code: 'ESERVFAIL' });
    expect(await client.query('etimeout.test', 'MX')).toMatchObject({ outcome: 'timeout', code: 'ETIMEOUT' });
    expect(await client.query('erefused.test', 'PTR')).toMatchObject({ outcome: 'refused', code: 'EREFUSED' });
    expect(await client.query('econnrefused.test', 'PTR')).toMatchObject({ outcome: 'error', message: expect.stringMatching(/could not contact/) });
  });

  it('passes the record type through to the resolver', async () => {
    const asked: string[] = [];
    const client = createDnsClient({}, { resolver: fakeResolver(async (name, type) => (asked.push(`${name} ${type}`), [])) });
    expect(client.label).toBe('system');
    await client.query('20.0.0.127.in-addr.arpa', 'PTR');
    await client.query('example.test', 'TXT');
    expect(asked).toEqual(['20.0.0.127.in-addr.arpa PTR', 'example.test TXT']);
  });

  it('rejects a bad server or bad timings before anything is sent', () => {
    expect(() => createDnsClient({ server: 'dns.example.com' })).toThrow(DnsInputError);
    expect(() => createDnsClient({ timeoutMs: 0 })).toThrow(DnsInputError);
  });

  it('ends a question that never settles at its own deadline, as a timeout', async () => {
    vi.useFakeTimers();
    const client = createDnsClient({ timeoutMs: 100, tries: 1 }, { resolver: fakeResolver(() => new Promise(() => undefined)) });
    const pending = client.query('silent.test', 'MX');
    await vi.advanceTimersByTimeAsync(100 + 1000);
    expect(await pending).toMatchObject({ outcome: 'timeout', code: 'ETIMEOUT' });
  });

  it('keeps at most DNS_DEFAULTS.maxConcurrent questions in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const client = createDnsClient(
      {},
      {
        resolver: fakeResolver(async () => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise<void>((resolve) => release.push(resolve));
          inFlight -= 1;
          return ['192.0.2.1'];
        }),
      },
    );
    const all = Promise.all(Array.from({ length: DNS_DEFAULTS.maxConcurrent + 24 }, (_, i) => client.query(`h${i}.test`, 'A')));
    while (release.length > 0 || inFlight > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      release.splice(0).forEach((resolve) => resolve());
    }
    const answers = await all;
    expect(answers).toHaveLength(DNS_DEFAULTS.maxConcurrent + 24);
    expect(answers.every((answer) => answer.outcome === 'ok')).toBe(true);
    expect(most).toBe(DNS_DEFAULTS.maxConcurrent);
  });

  it('cancels outstanding questions on abort and sends nothing after it', async () => {
    const controller = new AbortController();
    let asked = 0;
    const resolver = fakeResolver(
      () =>
        new Promise((_, reject) => {
          asked += 1;
          controller.signal.addEventListener('abort', () => reject(dnsError('ECANCELLED')));
        }),
    );
    const client = createDnsClient({ signal: controller.signal }, { resolver });
    const pending = client.query('slow.test', 'MX');
    controller.abort();
    expect(await pending).toMatchObject({ outcome: 'cancelled', code: 'ECANCELLED', message: 'cancelled' });
    expect(resolver.cancelled).toBe(1);
    expect(await client.query('later.test', 'MX')).toMatchObject({ outcome: 'cancelled', message: 'cancelled' });
    expect(asked).toBe(1);
  });

  it('a question whose resolver ignores cancel still ends on abort, and says when the run budget ran out', async () => {
    const controller = new AbortController();
    const client = createDnsClient({ signal: controller.signal }, { resolver: fakeResolver(() => new Promise(() => undefined)) });
    const pending = client.query('silent.test', 'A');
    controller.abort(new RunDeadlineExceeded(60_000));
    expect(await pending).toMatchObject({ outcome: 'cancelled', code: 'ECANCELLED', message: "the run's time budget of 60 s ran out" });
  });

  it('writes each question and its outcome to the transcript', async () => {
    const transcript = createTranscript();
    const client = createDnsClient(
      { server: '127.0.0.1:5300', transcript },
      {
        resolver: fakeResolver(async (name) => {
          if (name === 'mx.test') return [{ exchange: 'mx1.test', priority: 10 }, { exchange: '', priority: 0 }];
          throw dnsError('ENOTFOUND');
        }),
      },
    );
    await client.query('mx.test', 'MX');
    await client.query('nx.test', 'A');
    expect(transcript.events.map((event) => [event.dir, event.text])).toEqual([
      ['info', 'DNS MX mx.test @127.0.0.1:5300: ok — 10 mx1.test, 0 .'],
      ['info', 'DNS A nx.test @127.0.0.1:5300: nxdomain — the name does not exist (NXDOMAIN)'],
    ]);
  });
});

describe('createLimiter', () => {
  it('runs every task and passes results and errors through', async () => {
    const limit = createLimiter(1);
    const results = await Promise.allSettled([limit(async () => 1), limit(async () => Promise.reject(new Error('boom'))), limit(async () => 3)]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([1, 'boom', 3]);
  });
});
