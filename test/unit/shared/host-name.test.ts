import { describe, expect, it } from 'vitest';
import { checkEhloName, checkHostname } from '../../../shared/host-name.ts';

describe('checkHostname (reliability C.36)', () => {
  it.each<[string, string, string]>([
    ['bücher.example', 'xn--bcher-kva.example', 'bücher.example'],
    ['MX1.Example.NET', 'MX1.Example.NET', 'MX1.Example.NET'],
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
    ['bad name.test', /contains " "/],
  ])('rejects %j', (name, reason) => {
    const check = checkEhloName(name);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });
});


describe('host names are used as typed or refused', () => {
  it.each<[string, RegExp]>([
    ['b.c\\x', /contains "\\"/],
    ['b.c\\r\\n', /contains "\\"/],
    ['a\\b', /contains "\\"/],
    ['b.c/x', /contains "\/"/],
    ['b.c?x', /contains "\?"/],
    ['b.c#x', /contains "#"/],
    ['b.c%41', /contains "%"/],
    ['b.c:25', /contains ":"/],
    ['b.c@d', /contains "@"/],
    ['bü.c\\x', /contains "\\"/],
    ['bü.c/x', /contains "\/"/],
    ['ｂ.c', /would be changed before sending \(to b\.c, which reads "b\.c"\): type "b\.c"/],
    ['a。b', /type "a\.b"/],
    ['exam\u00adple.com', /invisible character ⟨U\+00AD⟩/],
    ['exa\u200bmple.com', /invisible character ⟨U\+200B⟩/],
    ['bü\u200dcher.example', /invisible character ⟨U\+200D⟩/],
    ['example.com\u2028', /invisible character ⟨U\+2028⟩/],
    ['exam\u00a0ple.com', /special space \(U\+00A0\)/],
    ['[::1', /brackets/],
    ['[a.b]', /brackets/],
    ['a]', /brackets/],
  ])('refuses %j', (name, reason) => {
    const check = checkHostname(name);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });

  it('keeps ASCII names exactly as typed and converts only non-ASCII labels', () => {
    expect(checkHostname('Mail.Example.COM')).toMatchObject({ ok: true, ascii: 'Mail.Example.COM' });
    expect(checkHostname('MÜNCHEN.de')).toMatchObject({ ok: true, ascii: 'xn--mnchen-3ya.de', unicode: 'münchen.de' });
  });

  it('warns about look-alikes typed as A-labels too', () => {
    const typed = checkHostname('xn--pypal-4ve.example');
    expect(typed.ok && typed.warning).toMatch(/mixes Latin and Cyrillic/);
  });

  it('refuses an EHLO name with a trailing dot instead of dropping it', () => {
    expect(checkEhloName('client.example.')).toEqual({ ok: false, reason: 'the EHLO name ends with a dot' });
  });
});
