/** The results table's merge when only some benchmark groups run (test/bench/results-table.ts). */
import { describe, expect, it } from 'vitest';
import { measuredSubject, mergeResultsTable } from '../../bench/results-table.ts';

const table = [
  'Measured 2026-11-24 on 2 × CPU, Node v20, linux.',
  '',
  '| benchmark | result | conditions |',
  '|---|---:|---|',
  '| reply parser throughput | 41.4 MiB/s | median of 5 |',
  '| start-up: smtp-probe session (before), wall median | 424 ms | paired |',
  '| start-up: smtp-probe session, now / before | 0.77 × | paired |',
  '| start-up: smtp-probe session, wall median | 300 ms | paired |',
  '| renderer first screen: JavaScript, gzip (baseline build) | 298 KiB | old build |',
  '| renderer first screen: JavaScript, gzip | 155 KiB | entry |',
].join('\n');

const fresh = new Map([
  ['start-up: smtp-probe session, wall median', '| start-up: smtp-probe session, wall median | 167 ms | paired |'],
  ['renderer first screen: JavaScript, gzip', '| renderer first screen: JavaScript, gzip | 124 KiB | entry |'],
]);

describe('mergeResultsTable', () => {
  it('replaces the rows run again and drops the same measurement variants this run did not make', () => {
    const merged = mergeResultsTable(table, fresh, ['startup', 'tti'], '2026-12-03');
    expect(merged.split('\n')).toEqual([
      'Measured 2026-11-24 on 2 × CPU, Node v20, linux.',
      'Re-run alone since: startup 2026-12-03, tti 2026-12-03.',
      '',
      '| benchmark | result | conditions |',
      '|---|---:|---|',
      '| reply parser throughput | 41.4 MiB/s | median of 5 |',
      '| start-up: smtp-probe session, wall median | 167 ms | paired |',
      '| renderer first screen: JavaScript, gzip | 124 KiB | entry |',
    ]);
  });

  it('keeps the variants this run made, and the dates of groups not run', () => {
    const once = mergeResultsTable(table, fresh, ['startup', 'tti'], '2026-12-03');
    const before = '| start-up: smtp-probe session (before), wall median | 400 ms | paired |';
    const twice = mergeResultsTable(once, new Map([['start-up: smtp-probe session (before), wall median', before]]), ['startup'], '2026-12-04');
    expect(twice).toContain('Re-run alone since: startup 2026-12-04, tti 2026-12-03.');
    expect(twice).toContain(before);
    // The fresh run's own row of the same subject was not made this time, so it goes too.
    expect(twice).not.toContain('167 ms');
    expect(twice).toContain('| renderer first screen: JavaScript, gzip | 124 KiB | entry |');
  });

  it('adds a row it has not seen at the end', () => {
    const merged = mergeResultsTable(table, new Map([['dns: waves', '| dns: waves | 3 waves | 10 hosts |']]), ['dns'], '2026-12-03');
    expect(merged.split('\n').at(-1)).toBe('| dns: waves | 3 waves | 10 hosts |');
    expect(merged).toContain('| start-up: smtp-probe session, now / before | 0.77 × | paired |');
  });
});

describe('measuredSubject', () => {
  it('is the text before the first comma without a variant marker', () => {
    expect(measuredSubject('start-up: smtp-probe explain (before), CPU median')).toBe('start-up: smtp-probe explain');
    expect(measuredSubject('renderer first screen: JavaScript, gzip (baseline build)')).toBe('renderer first screen: JavaScript');
    expect(measuredSubject('reply parser throughput')).toBe('reply parser throughput');
  });
});
