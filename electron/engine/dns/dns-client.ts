/**
 * One DNS question at a time, as a plain outcome: a wrapper over node:dns/promises' Resolver
 * (c-ares) that never throws for DNS failures. NXDOMAIN, NODATA, SERVFAIL, REFUSED and timeout come
 * back as distinct outcomes (Haraka's habit: DNS failures are results to show, not exceptions).
 * Concurrency is capped and every question has a deadline of its own on top of c-ares' timeouts.
 */
import { Resolver } from 'node:dns/promises';
import type { DnsOutcome } from '../../../shared/evidence.ts';
import { abortMessage } from '../run-budget.ts';
import { DNS_DEFAULTS, parseDnsServer, resolveTimings, type DnsOptions } from './dns-options.ts';

export const DNS_RECORD_TYPES = ['A', 'AAAA', 'MX', 'CNAME', 'PTR', 'TXT'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

export interface DnsRecordMap {
  A: string;
  AAAA: string;
  MX: { exchange: string; priority: number };
  CNAME: string;
  PTR: string;
  TXT: string[];
}

export interface DnsAnswer<T> {
  /** "ok" only with at least one record: an empty answer is "nodata". */
  outcome: DnsOutcome;
  records: T[];
  /** Node's error code ("ENOTFOUND", "ESERVFAIL", ...) when the question failed. */
  code?: string;
  /** Plain description of a failure. */
  message?: string;
}

export interface DnsClient {
  /** "system" or the server as "ip:port". */
  readonly label: string;
  query<K extends DnsRecordType>(name: string, type: K): Promise<DnsAnswer<DnsRecordMap[K]>>;
}

/** The part of node:dns/promises' Resolver that the client uses; unit tests pass a fake. */
export interface RawResolver {
  resolve(name: string, type: string): Promise<unknown>;
  cancel(): void;
}

/** Node's (c-ares') error codes -> DnsOutcome. Anything unknown is "error", never "ok". */
export function outcomeFromErrorCode(code: string | undefined): DnsOutcome {
  switch (code) {
    case 'ENOTFOUND': // RCODE 3, NXDOMAIN
      return 'nxdomain';
    case 'ENODATA': // NOERROR with no answer of that type
      return 'nodata';
    case 'ESERVFAIL': // RCODE 2
      return 'servfail';
    case 'EREFUSED': // RCODE 5
      return 'refused';
    case 'ETIMEOUT':
      return 'timeout';
    case 'ECANCELLED': // Resolver.cancel(): Stop or the run's time budget
    case 'EDESTRUCTION':
      return 'cancelled';
    default:
      return 'error';
  }
}

const MESSAGES: Record<string, string> = {
  ENOTFOUND: 'the name does not exist (NXDOMAIN)',
  ENODATA: 'the name exists but has no record of this type (NODATA)',
  ESERVFAIL: 'the DNS server failed to answer (SERVFAIL)',
  EREFUSED: 'the DNS server refused the question (REFUSED)',
  ETIMEOUT: 'no answer from the DNS server before the timeout',
  ECONNREFUSED: 'could not contact the DNS server (connection refused)',
  ECANCELLED: 'cancelled',
  EFORMERR: 'the DNS server said the question was malformed (FORMERR)',
  EBADRESP: 'the DNS server sent a malformed answer',
  ENOTIMP: 'the DNS server does not implement this query (NOTIMP)',
  EBADNAME: 'the name is not a valid DNS name',
  EDESTRUCTION: 'cancelled',
};

export function messageForErrorCode(code: string | undefined): string {
  return (code && MESSAGES[code]) ?? `DNS error${code ? ` ${code}` : ''}`;
}

/**
 * One outcome for several answers about the same name (A and AAAA): "ok" if any is; otherwise a
 * failure that may hide records (timeout, SERVFAIL, ...) wins over a definite "no" (NXDOMAIN, then NODATA).
 */
export function combineOutcomes(outcomes: readonly DnsOutcome[]): DnsOutcome {
  for (const outcome of ['ok', 'cancelled', 'timeout', 'servfail', 'refused', 'error', 'nxdomain'] as const) {
    if (outcomes.includes(outcome)) return outcome;
  }
  return 'nodata';
}

/**
 * Settles like `promise`, or rejects with code ETIMEOUT after `ms` (a deadline for the whole wait),
 * or with ECANCELLED when `signal` aborts: a wait nothing else can cancel (getaddrinfo) ends at once.
 */
export async function withDeadline<T>(promise: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEOUT' })), ms);
    onAbort = () => reject(Object.assign(new Error('cancelled'), { code: 'ECANCELLED' }));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** The whole-question deadline: c-ares doubles the timeout on each retry, plus a margin. */
export function questionDeadlineMs(timeoutMs: number, tries: number): number {
  return timeoutMs * (2 ** tries - 1) + 1000;
}

/** A counting semaphore: at most `limit` tasks run at once, the rest wait in order. */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

function describeRecords(type: DnsRecordType, records: unknown[]): string {
  const shown = records.slice(0, 4).map((record) => {
    if (type === 'MX') {
      const mx = record as DnsRecordMap['MX'];
      return `${mx.priority} ${mx.exchange === '' ? '.' : mx.exchange}`;
    }
    if (type === 'TXT') return JSON.stringify((record as string[]).join(''));
    return String(record);
  });
  const more = records.length > shown.length ? ` (+${records.length - shown.length} more)` : '';
  return shown.join(', ') + more;
}

export interface DnsClientDeps {
  /** Replaces the c-ares Resolver (unit tests). */
  resolver?: RawResolver;
}

/** Throws DnsInputError (before anything is sent) when the server or the timings are not valid. */
export function createDnsClient(opts: DnsOptions = {}, deps: DnsClientDeps = {}): DnsClient {
  const { timeoutMs, tries } = resolveTimings(opts);
  const server = opts.server === undefined ? undefined : parseDnsServer(opts.server);
  const label = server ? server.setting : 'system';
  let resolver = deps.resolver;
  if (!resolver) {
    const real = new Resolver({ timeout: timeoutMs, tries });
    if (server) real.setServers([server.setting]);
    resolver = real;
  }
  const raw = resolver;
  const limit = createLimiter(DNS_DEFAULTS.maxConcurrent);
  // Bounds the whole question even if c-ares' own timeouts do not.
  const deadlineMs = questionDeadlineMs(timeoutMs, tries);
  const signal = opts.signal;
  // Listening only while a question is out: a long-lived signal does not collect listeners.
  const onAbort = () => raw.cancel();

  const ask = async (name: string, type: DnsRecordType): Promise<DnsAnswer<unknown>> => {
    if (signal?.aborted) return { outcome: 'cancelled', records: [], code: 'ECANCELLED', message: abortMessage(signal) };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await withDeadline(raw.resolve(name, type), deadlineMs, signal);
      const records = Array.isArray(result) ? (result as unknown[]) : [];
      if (records.length === 0) return { outcome: 'nodata', records, code: 'ENODATA', message: messageForErrorCode('ENODATA') };
      return { outcome: 'ok', records };
    } catch (error) {
      const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
      const outcome = outcomeFromErrorCode(code);
      const message = outcome === 'cancelled' ? abortMessage(signal) : messageForErrorCode(code);
      return { outcome, records: [], ...(code ? { code } : {}), message };
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  };

  return {
    label,
    async query<K extends DnsRecordType>(name: string, type: K): Promise<DnsAnswer<DnsRecordMap[K]>> {
      const started = performance.now();
      const answer = await limit(() => ask(name, type));
      if (opts.transcript) {
        const elapsedMs = Math.round(performance.now() - started);
        const detail = answer.outcome === 'ok' ? describeRecords(type, answer.records) : answer.message;
        opts.transcript.add('info', `DNS ${type} ${name} @${label}: ${answer.outcome}${detail ? ` — ${detail}` : ''}`, { elapsedMs });
      }
      return answer as DnsAnswer<DnsRecordMap[K]>;
    },
  };
}
