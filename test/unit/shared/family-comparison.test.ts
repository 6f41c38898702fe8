/** The comparison of one check over IPv4 and IPv6 (shared/family-comparison.ts), over recorded report pairs. */
import { describe, expect, it } from 'vitest';
import { compareFamilies } from '../../../shared/family-comparison.ts';
import { familyComparisonSchema } from '../../../shared/family-pair.ts';
import { FAMILY_SCENARIOS } from '../../fixtures/evidence/scenarios/families.ts';

const scenario = (name: string) => {
  const found = FAMILY_SCENARIOS.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no scenario ${name}`);
  return compareFamilies(found.reports);
};
const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

describe('compareFamilies', () => {
  it('both pass: exit 0, no finding added, a valid comparison', () => {
    const c = scenario('both versions pass');
    expect(c.outcomes).toEqual({ ipv4: 'pass', ipv6: 'pass' });
    expect(c.exitCode).toBe(0);
    expect(codes([...c.ipv4.findings, ...c.ipv6.findings])).toEqual([]);
    expect(familyComparisonSchema.safeParse(c).success).toBe(true);
  });

  it('refused over IPv6 only: the AAAA points where nothing listens, in the IPv6 report, and the run fails with its code', () => {
    const c = scenario('the AAAA points to an address where nothing listens');
    expect(c.outcomes).toEqual({ ipv4: 'pass', ipv6: 'fail' });
    expect(c.exitCode).toBe(12);
    expect(c.ipv6.findings[0]?.message).toBe('IPv6 fails while IPv4 works: the AAAA record of mail.example.com points to 2001:db8::25, where nothing listens on port 25.');
    expect(c.ipv6.findings[0]?.hint).toContain('remove the AAAA record');
    expect(codes(c.ipv4.findings)).toEqual([]);
  });

  it('timed out over IPv4 only: the same finding the other way round, naming the A record and a firewall', () => {
    const c = scenario('IPv4 connections time out while IPv6 works');
    expect(c.ipv4.findings[0]?.message).toBe('IPv4 fails while IPv6 works: the A record of mail.example.com points to 192.0.2.25, where connections to port 25 time out (a firewall dropping IPv4?).');
    expect(c.exitCode).toBe(12);
  });

  it('a later step failing over one version names that step', () => {
    const c = scenario('IPv6 connects but the server refuses the session there');
    expect(c.ipv6.findings[0]?.message).toBe('IPv6 fails while IPv4 works: the AAAA record of mail.example.com points to 2001:db8::25, where the run failed at Banner (554 no service over IPv6).');
    expect(c.exitCode).toBe(13);
  });

  it('no AAAA: IPv6 is "no-address", told as information, and does not fail the run', () => {
    const c = scenario('no AAAA record');
    expect(c.outcomes).toEqual({ ipv4: 'pass', ipv6: 'no-address' });
    expect(c.exitCode).toBe(0);
    expect(c.ipv6.findings[0]).toMatchObject({ code: 'connect.family-missing', severity: 'info' });
  });

  it('neither version resolves: both fail, nothing compared, the IPv4 run\'s exit code', () => {
    const c = scenario('the name resolves in neither version');
    expect(c.outcomes).toEqual({ ipv4: 'fail', ipv6: 'fail' });
    expect(c.exitCode).toBe(12);
    expect(codes([...c.ipv4.findings, ...c.ipv6.findings])).toEqual([]);
  });
});
