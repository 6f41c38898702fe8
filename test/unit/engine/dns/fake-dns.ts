/**
 * A DnsClient that answers from a table, for unit tests of one piece (MX assembly, PTR, ...).
 * Keys are "name TYPE"; a value is the records, or an outcome for a failure. Unknown keys are NXDOMAIN.
 * Every question asked is recorded in `asked`.
 */
import type { DnsOutcome } from '../../../../shared/evidence.ts';
import type { DnsAnswer, DnsClient, DnsRecordMap, DnsRecordType } from '../../../../electron/engine/dns/dns-client.ts';

export type FakeZone = Record<string, unknown[] | Exclude<DnsOutcome, 'ok'>>;

export interface FakeDnsClient extends DnsClient {
  asked: string[];
}

export function fakeDnsClient(zone: FakeZone, label = '192.0.2.53:53'): FakeDnsClient {
  const asked: string[] = [];
  return {
    label,
    asked,
    async query<K extends DnsRecordType>(name: string, type: K): Promise<DnsAnswer<DnsRecordMap[K]>> {
      const key = `${name} ${type}`;
      asked.push(key);
      const value = zone[key] ?? 'nxdomain';
      if (typeof value === 'string') return { outcome: value, records: [], message: `fake ${value}` };
      if (value.length === 0) return { outcome: 'nodata', records: [] };
      return { outcome: 'ok', records: value as DnsRecordMap[K][] };
    },
  };
}
