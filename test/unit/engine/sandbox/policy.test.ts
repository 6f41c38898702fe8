import { describe, expect, it } from 'vitest';
import { DEFAULT_BEHAVIOURS, Greylist, isLocalDomain, mergeBehaviours, recipientDecision, splitAddress } from '../../../../electron/engine/sandbox/policy.ts';
import type { RecipientContext } from '../../../../electron/engine/sandbox/policy.ts';

const LOCAL = ['sandbox.smtp-probe.test', 'localhost', '[127.0.0.1]'];

function ctx(over: Partial<RecipientContext> = {}): RecipientContext {
  return {
    address: 'someone@example.net',
    from: 'a@example.org',
    clientAddress: '127.0.0.1',
    authenticated: false,
    behaviours: { ...DEFAULT_BEHAVIOURS },
    localDomains: LOCAL,
    greylist: new Greylist(),
    ...over,
  };
}

describe('mergeBehaviours', () => {
  it('applies a partial update and leaves the rest', () => {
    expect(mergeBehaviours({ ...DEFAULT_BEHAVIOURS }, { greylist: true, slowBannerMs: 250 })).toEqual({ denyRelay: false, greylist: true, rejectAuth: false, slowBannerMs: 250 });
  });

  it.each([
    [{ denyRelay: 1 }, /denyRelay/],
    [{ slowBannerMs: 1.5 }, /slowBannerMs/],
    [{ slowBannerMs: -1 }, /slowBannerMs/],
    [{ slowBannerMs: 120_001 }, /slowBannerMs/],
    [{ relay: true }, /Unknown behaviour "relay"/],
  ])('refuses %j', (update, message) => {
    expect(() => mergeBehaviours({ ...DEFAULT_BEHAVIOURS }, update as never)).toThrow(message);
  });
});

describe('splitAddress / isLocalDomain', () => {
  it('splits at the last @ (a quoted local part may contain one)', () => {
    expect(splitAddress('"a@b"@example.net')).toEqual({ local: '"a@b"', domain: 'example.net' });
    expect(splitAddress('postmaster')).toEqual({ local: 'postmaster', domain: '' });
  });

  it('compares domains case-insensitively and ignores a trailing dot', () => {
    expect(isLocalDomain('LocalHost.', LOCAL)).toBe(true);
    expect(isLocalDomain('[127.0.0.1]', LOCAL)).toBe(true);
    expect(isLocalDomain('example.net', LOCAL)).toBe(false);
  });
});

describe('recipientDecision', () => {
  it('accepts anything by default, except the local part "unknown"', () => {
    expect(recipientDecision(ctx())).toBeUndefined();
    expect(recipientDecision(ctx({ address: 'UNKNOWN@example.net' }))).toEqual({ code: 550, text: '5.1.1 User unknown' });
  });

  it('denies relay to outside domains for unauthenticated clients only', () => {
    const behaviours = { ...DEFAULT_BEHAVIOURS, denyRelay: true };
    expect(recipientDecision(ctx({ behaviours }))).toEqual({ code: 554, text: '5.7.1 Relaying refused: sign in (AUTH) first to send to other domains' });
    expect(recipientDecision(ctx({ behaviours, authenticated: true }))).toBeUndefined();
    expect(recipientDecision(ctx({ behaviours, address: 'x@localhost' }))).toBeUndefined();
    // The relay check comes first, as in Postfix's restriction order.
    expect(recipientDecision(ctx({ behaviours, address: 'unknown@example.net' }))?.code).toBe(554);
  });

  it('greylists only mail that would otherwise be accepted', () => {
    const behaviours = { ...DEFAULT_BEHAVIOURS, greylist: true };
    const greylist = new Greylist();
    expect(recipientDecision(ctx({ behaviours, greylist, address: 'unknown@localhost' }))?.code).toBe(550);
    expect(greylist.size).toBe(0);
    expect(recipientDecision(ctx({ behaviours, greylist }))).toEqual({ code: 451, text: '4.7.1 Greylisted, try again later' });
    expect(recipientDecision(ctx({ behaviours, greylist }))).toBeUndefined();
  });
});

describe('Greylist', () => {
  it('defers each new (client, from, to) once, case-insensitively on the addresses', () => {
    const g = new Greylist();
    expect(g.check('127.0.0.1', 'a@x', 'b@y')).toBe('defer');
    expect(g.check('127.0.0.1', 'A@X', 'B@Y')).toBe('pass');
    expect(g.check('127.0.0.2', 'a@x', 'b@y')).toBe('defer');
    expect(g.check('127.0.0.1', 'a@x', 'c@y')).toBe('defer');
  });

  it('forgets entries after the ttl', () => {
    let now = 0;
    const g = new Greylist(100, 1000, () => now);
    g.check('c', 'f', 't');
    now = 1000;
    expect(g.check('c', 'f', 't')).toBe('pass');
    now = 2001;
    expect(g.check('c', 'f', 't')).toBe('defer');
  });

  it('stays within maxEntries, dropping the oldest', () => {
    const g = new Greylist(3);
    for (const to of ['a', 'b', 'c', 'd']) g.check('c', 'f', to);
    expect(g.size).toBe(3);
    expect(g.check('c', 'f', 'a')).toBe('defer'); // evicted, so new again
    expect(g.check('c', 'f', 'd')).toBe('pass');
  });
});
