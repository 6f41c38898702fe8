import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEhloName, checkHostname, checkMailbox } from '../../../../electron/engine/smtp/address.ts';

describe('checkMailbox (reliability C.34, C.31)', () => {
  it.each<[string, 'from' | 'to', string, boolean]>([
    ['user@example.test', 'to', 'user@example.test', false],
    ['first.last+tag@sub.example.test', 'to', 'first.last+tag@sub.example.test', false],
    ["o'brien!#$%&*=?^_`{|}~-@example.test", 'to', "o'brien!#$%&*=?^_`{|}~-@example.test", false],
    ['"a b"@x.test', 'to', '"a b"@x.test', false],
    ['"a\\"b@c"@x.test', 'to', '"a\\"b@c"@x.test', false],
    ['a@[IPv6:2001:db8::1]', 'to', 'a@[IPv6:2001:db8::1]', false],
    ['a@[ipv6:::1]', 'to', 'a@[IPv6:::1]', false],
    ['a@[192.0.2.1]', 'from', 'a@[192.0.2.1]', false],
    ['a@bücher.example', 'to', 'a@xn--bcher-kva.example', false],
    ['A@EXAMPLE.TEST', 'to', 'A@example.test', false],
    ['用户@例子.测试', 'to', '用户@xn--fsqu00a.xn--0zwm56d', true],
    ['', 'from', '', false],
    ['Postmaster', 'to', 'Postmaster', false],
    ['postmaster', 'to', 'Postmaster', false],
    [`${'l'.repeat(64)}@x.test`, 'to', `${'l'.repeat(64)}@x.test`, false],
  ])('accepts %j as %s', (input, role, address, needsSmtpUtf8) => {
    expect(checkMailbox(input, role)).toEqual({ ok: true, address, needsSmtpUtf8 });
  });

  it.each<[string, 'from' | 'to', RegExp]>([
    ['a@b@c', 'to', /not a valid host name|contains/],
    ['a(comment)@x.test', 'to', /only allowed inside quotes/],
    ['John <a@x.test>', 'to', /"<" or ">"/],
    ['<a@x.test>', 'to', /"<" or ">"/],
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

describe('checkHostname (reliability C.36)', () => {
  it.each<[string, string, string]>([
    ['bücher.example', 'xn--bcher-kva.example', 'bücher.example'],
    ['MX1.Example.NET', 'mx1.example.net', 'mx1.example.net'],
    ['mx1.example.net.', 'mx1.example.net', 'mx1.example.net'],
    ['localhost', 'localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1', '127.0.0.1'],
    ['::1', '::1', '::1'],
    ['[2001:db8::1]', '2001:db8::1', '2001:db8::1'],
    [`${'a'.repeat(63)}.test`, `${'a'.repeat(63)}.test`, `${'a'.repeat(63)}.test`],
  ])('accepts %j', (name, ascii, unicode) => {
    expect(checkHostname(name)).toEqual({ ok: true, ascii, unicode });
  });

  it('warns when a label mixes scripts (look-alikes), not for Latin with CJK', () => {
    const spoof = checkHostname('pаypal.example'); // Cyrillic "а"
    expect(spoof).toMatchObject({ ok: true, ascii: 'xn--pypal-4ve.example' });
    expect(spoof.ok && spoof.warning).toMatch(/mixes Latin and Cyrillic/);
    const japanese = checkHostname('sony製品カタログ.example');
    expect(japanese.ok && japanese.warning).toBeUndefined();
    expect(checkHostname('bücher.example')).not.toHaveProperty('warning');
  });

  it.each(['', '.', 'a..b', '9', '0x7f.1', '1.2.3', 'a.123', '.a.b', `${'a'.repeat(64)}.test`, 'exa mple.com', 'under_score.test', '-lead.test', 'trail-.test', 'a\r\nb', 'a<b', 'x'.repeat(10 ** 6), `${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}`])(
    'rejects %j',
    (name) => {
      expect(checkHostname(name).ok).toBe(false);
    },
  );
});

describe('checkEhloName (reliability B.30)', () => {
  it.each<[string, string]>([
    ['client.example.test', 'client.example.test'],
    ['Bücher.Example', 'xn--bcher-kva.example'],
    ['[192.0.2.7]', '[192.0.2.7]'],
    ['[IPv6:2001:db8::7]', '[IPv6:2001:db8::7]'],
  ])('accepts %j as %j', (name, value) => {
    expect(checkEhloName(name)).toEqual({ ok: true, value });
  });

  it.each<[string, RegExp]>([
    ['a\r\nRSET', /line break/],
    ['a.test\nQUIT', /line break/],
    ['', /empty/],
    ['localhost', /fully qualified/],
    ['192.0.2.7', /\[192\.0\.2\.7\]/],
    ['2001:db8::7', /\[IPv6:2001:db8::7\]/],
    ['[2001:db8::7]', /IPv6:/],
    ['[300.1.1.1]', /not an IPv4/],
    ['bad name.test', /not a valid host name/],
  ])('rejects %j', (name, reason) => {
    const check = checkEhloName(name);
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
        if (check.ok) expect(check.address.toLowerCase()).toBe(s.toLowerCase());
      }),
      { numRuns: 5000 },
    );
  });
});
