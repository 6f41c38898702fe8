import { describe, expect, it } from 'vitest';
import { ehloNameFinding, isNonPublicAddress } from '../../../../electron/engine/diagnose/client-side.ts';
import type { DiagnoseContext } from '../../../../electron/engine/diagnose/context.ts';
import { diagnose } from '../../../../electron/engine/diagnose/index.ts';
import { okRun, ptr, runWith } from '../../../fixtures/evidence/builders.ts';

const ctxOf = (ev = okRun()): DiagnoseContext => ({ evidence: ev, smtp: ev.smtp, slowBannerMs: 5000 });

describe('isNonPublicAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.1.20', true],
    ['100.64.0.1', true],
    ['::1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['203.0.113.10', false],
    ['2001:db8::1', false],
  ])('%s -> %s', (address, want) => {
    expect(isNonPublicAddress(address)).toBe(want);
  });
});

describe('ehloNameFinding', () => {
  it('accepts our PTR name, case and trailing dot aside', () => {
    expect(ehloNameFinding(ctxOf(), 'Client.Example.Org.')).toBeUndefined();
  });
  it('accepts the address literal of our public address', () => {
    expect(ehloNameFinding(ctxOf(), '[198.51.100.7]')).toBeUndefined();
  });
  it('flags a literal of another address and suggests the right name', () => {
    const f = ehloNameFinding(ctxOf(), '[192.168.1.20]');
    expect(f?.code).toBe('ehlo.name-mismatch');
    expect(f?.hint).toContain('--ehlo client.example.org');
  });
  it('suggests an IPv6 literal when the address is IPv6 and there is no suggestion', () => {
    const ev = okRun();
    ev.dns.client = { publicIp: '2001:db8::7', publicIpOutcome: 'ok', ptr: ptr('2001:db8::7', []) };
    expect(ehloNameFinding(ctxOf(ev), 'localhost')?.hint).toContain('[IPv6:2001:db8::7]');
  });
  it('says nothing when our public address is unknown', () => {
    const ev = okRun();
    ev.dns.client = { publicIpOutcome: 'timeout' };
    expect(ehloNameFinding(ctxOf(ev), 'localhost')).toBeUndefined();
  });
});

describe('server PTR on private addresses', () => {
  it('does not judge reverse DNS of a loopback server (the built-in test server)', () => {
    const ev = runWith((e) => {
      e.dns.serverPtr = ptr('127.0.0.1', []);
      e.smtp.banner!.reply = { code: 220, lines: ['localhost ESMTP'], raw: ['220 localhost ESMTP'] };
    });
    const codes = diagnose(ev).findings.map((f) => f.code);
    expect(codes).not.toContain('ptr.server-missing');
    expect(codes).not.toContain('banner.hostname-mismatch');
  });
});
