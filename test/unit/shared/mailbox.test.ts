import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMailbox, conversionNote } from '../../../shared/mailbox.ts';

describe('checkMailbox (reliability C.34, C.31)', () => {
  it.each<[string, 'from' | 'to', string, boolean]>([
    ['user@example.test', 'to', 'user@example.test', false],
    ['first.last+tag@sub.example.test', 'to', 'first.last+tag@sub.example.test', false],
    ["o'brien!#$%&*=?^_`{|}~-@example.test", 'to', "o'brien!#$%&*=?^_`{|}~-@example.test", false],
    ['"a b"@x.test', 'to', '"a b"@x.test', false],
    ['"a\\"b@c"@x.test', 'to', '"a\\"b@c"@x.test', false],
    ['a@[IPv6:2001:db8::1]', 'to', 'a@[IPv6:2001:db8::1]', false],
    ['a@[ipv6:::1]', 'to', 'a@[ipv6:::1]', false],
    ['a@[192.0.2.1]', 'from', 'a@[192.0.2.1]', false],
    ['a@bücher.example', 'to', 'a@xn--bcher-kva.example', false],
    ['A@EXAMPLE.TEST', 'to', 'A@EXAMPLE.TEST', false],
    ['a@Bücher.Example', 'to', 'a@xn--bcher-kva.example', false],
    ['"a\\\\b"@x.test', 'to', '"a\\\\b"@x.test', false],
    ['ü@x.test', 'from', 'ü@x.test', true],
    ['用户@例子.测试', 'to', '用户@xn--fsqu00a.xn--0zwm56d', true],
    ['', 'from', '', false],
    ['Postmaster', 'to', 'Postmaster', false],
    ['postmaster', 'to', 'postmaster', false],
    ['POSTMASTER', 'to', 'POSTMASTER', false],
    [`${'l'.repeat(64)}@x.test`, 'to', `${'l'.repeat(64)}@x.test`, false],
  ])('accepts %j as %s', (input, role, address, needsSmtpUtf8) => {
    expect(checkMailbox(input, role)).toEqual({ ok: true, address, needsSmtpUtf8 });
  });

  it.each<[string, 'from' | 'to', RegExp]>([
    ['a@b@c', 'to', /not a valid host name|contains/],
    ['a(comment)@x.test', 'to', /only allowed inside quotes/],
    ['John <a@x.test>', 'to', /^an envelope address has no display name or angle brackets: give the bare address, e\.g\. a@x\.test$/],
    ['<a@x.test>', 'to', /give the bare address, e\.g\. a@x\.test/],
    [`${'l'.repeat(65)}@x.test`, 'to', /64/],
    ['a@x.test>\r\nRCPT TO:<v@y>', 'to', /line break|"<" or ">"/],
    ['a@x.test\nRSET', 'from', /line break/],
    ['a\0@x.test', 'to', /NUL/],
    ['a\t@x.test', 'to', /control/],
    ['', 'to', /only a sender/],
    ['Postmaster', 'from', /needs a domain/],
    ['user', 'to', /missing "@domain"/],
    ['user@', 'to', /missing domain/],
    ['@x.test', 'to', /empty local part/],
    ['a..b@x.test', 'to', /empty part between dots/],
    ['.a@x.test', 'to', /empty part between dots/],
    ['a.@x.test', 'to', /ends with a dot/],
    ['a b@x.test', 'to', /only allowed inside quotes/],
    ['"unterminated@x.test', 'to', /unterminated/],
    ['"a"b@x.test', 'to', /followed by "@"/],
    ['a@x.test.', 'to', /ends with a dot/],
    ['a@192.0.2.1', 'to', /\[192\.0\.2\.1\]/],
    ['a@[2001:db8::1]', 'to', /IPv6:/],
    ['a@[999.1.1.1]', 'to', /not an IPv4/],
    ['a@[192.0.2.1', 'to', /brackets/],
    ['a@exa mple.com', 'to', /not a valid host name|contains/],
    ['a@-x.test', 'to', /hyphen/],
    [`a@${'x'.repeat(64)}.test`, 'to', /63/],
    [`${'l'.repeat(60)}@${Array.from({ length: 4 }, () => 'd'.repeat(60)).join('.')}.test`, 'to', /longer than/],
  ])('rejects %j as %s', (input, role, reason) => {
    const check = checkMailbox(input, role);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });
});

// ------------------------------------------------------------------ property (reliability E.46c)

/** A reference grammar for ASCII Dot-string @ LDH-domain, written independently as a regex over short test strings. */
const REFERENCE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

describe('checkMailbox properties', () => {
  const alphabet = fc.constantFrom(...'ab.@-_+"\\ <>()[]:\r\n\0\tZ9é'.split(''));

  it('never accepts a string with CR, LF, NUL, "<" or ">"', () => {
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 24 }), fc.constantFrom<'from' | 'to'>('from', 'to'), (s, role) => {
        if (/[\r\n\0<>]/.test(s)) expect(checkMailbox(s, role).ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the reference grammar on unquoted ASCII addresses', () => {
    const ascii = fc.constantFrom(...'ab.@-_+Z9!~'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: ascii, minLength: 1, maxLength: 20 }), (s) => {
        const check = checkMailbox(s, 'to');
        const domain = s.slice(s.lastIndexOf('@') + 1);
        // The reference does not know that a top-level label is never all-numeric (RFC 1123 §2.1).
        const expected = REFERENCE.test(s) && s.indexOf('@') === s.lastIndexOf('@') && !/(^|\.)[0-9]+$/.test(domain);
        expect(check.ok).toBe(expected);
        if (check.ok) expect(check.address).toBe(s);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('an address goes out as typed or is refused', () => {
  it.each<[string, RegExp]>([
    ['a@b.c\\x', /^the domain contains "\\"/],
    ['a@b.c\\r\\n', /^the domain contains "\\"/],
    ['a@b.c/x', /^the domain contains "\/"/],
    ['a@b.c?x', /^the domain contains "\?"/],
    ['a@b.c#frag', /^the domain contains "#"/],
    ['a@b.c%41', /^the domain contains "%"/],
    ['a@ｂ.c', /^the domain would be changed before sending/],
    ['a@b\u00ad.c', /invisible character ⟨U\+00AD⟩/],
    ['a\u200b@b.c', /invisible character ⟨U\+200B⟩/],
    ['a\u00a0b@c.d', /special space \(U\+00A0\)/],
    ['a@[IPv6:::1', /brackets/],
    ['a@[1.2.3.4', /brackets/],
  ])('refuses %j', (input, reason) => {
    for (const role of ['from', 'to'] as const) {
      const check = checkMailbox(input, role);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.reason).toMatch(reason);
    }
  });

  it('never returns another address than the input, except an IDN domain as its A-label', () => {
    const unit = fc.constantFrom(...'ab.@-\\/?#%:[]"ü例ＡＢ\u00ad\u200b1'.split(''));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 16 }), (s) => {
        const check = checkMailbox(s, 'to');
        if (!check.ok || check.address === s) return;
        const at = s.lastIndexOf('@');
        expect(check.address.slice(0, at + 1)).toBe(s.slice(0, at + 1));
        const domain = s.slice(at + 1);
        expect(domain).toMatch(/[^\x00-\x7f]/);
        expect(check.address.slice(at + 1)).toBe(new URL(`http://${domain}/`).hostname);
        expect(conversionNote('recipient', s, check.address)).toContain(check.address);
      }),
      { numRuns: 5000 },
    );
  });

  it('states the A-label conversion, and nothing when sent as typed', () => {
    expect(conversionNote('sender', 'a@bücher.example', 'a@xn--bcher-kva.example')).toBe('sender a@bücher.example is sent as a@xn--bcher-kva.example: its domain in A-label form (IDNA, RFC 5890)');
    expect(conversionNote('sender', 'a@b.example', 'a@b.example')).toBeUndefined();
  });
});
