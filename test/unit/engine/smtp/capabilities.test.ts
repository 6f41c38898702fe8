import { describe, expect, it } from 'vitest';
import type { SmtpReply } from '../../../../shared/evidence.ts';
import { authMechanisms, clientAddressFromGreeting, hasCapability, parseEhloReply, sizeLimit } from '../../../../electron/engine/smtp/capabilities.ts';
import { ReplyParser } from '../../../../electron/engine/smtp/reply-parser.ts';

/** A reply as the parser makes it from server text. */
function reply(text: string): SmtpReply {
  const [r] = new ReplyParser().push(Buffer.from(text));
  if (!r) throw new Error('incomplete reply');
  return r;
}

const postfix = reply(
  [
    '250-mx.example.test',
    '250-PIPELINING',
    '250-SIZE 10240000',
    '250-VRFY',
    '250-ETRN',
    '250-STARTTLS',
    '250-AUTH PLAIN login',
    '250-AUTH=LOGIN PLAIN CRAM-MD5',
    '250-ENHANCEDSTATUSCODES',
    '250-8BITMIME',
    '250-DSN',
    '250 smtputf8',
    '',
  ].join('\r\n'),
);

describe('parseEhloReply', () => {
  it('maps upper-cased keywords to their parameters; the greeting is the first line', () => {
    const caps = parseEhloReply(postfix);
    expect(caps.greeting).toBe('mx.example.test');
    expect(caps.keywords.SIZE).toEqual(['10240000']);
    expect(caps.keywords.STARTTLS).toEqual([]);
    expect(caps.keywords.SMTPUTF8).toEqual([]);
    expect(caps.keywords.AUTH).toEqual(['PLAIN', 'login', 'LOGIN', 'CRAM-MD5']);
    expect(Object.keys(caps.keywords)).not.toContain('AUTH=LOGIN');
  });

  it('handles a single-line reply (no extensions) and tabs or repeated spaces', () => {
    expect(parseEhloReply(reply('250 mx.test Hello [127.0.0.1]\r\n'))).toEqual({ keywords: {}, greeting: 'mx.test Hello [127.0.0.1]' });
    expect(parseEhloReply(reply('250-mx\r\n250 SIZE \t 1000  \r\n')).keywords).toEqual({ SIZE: ['1000'] });
  });

  it('keeps hostile keywords as plain data', () => {
    const caps = parseEhloReply(reply('250-mx\r\n250-__proto__ x\r\n250 constructor\r\n'));
    expect(caps.keywords.__PROTO__).toEqual(['x']);
    expect(hasCapability(caps, 'constructor')).toBe(true);
    expect(hasCapability(caps, 'toString')).toBe(false);
  });
});

describe('hasCapability, authMechanisms, sizeLimit', () => {
  const caps = parseEhloReply(postfix);

  it('answers case-insensitively and handles missing capabilities', () => {
    expect(hasCapability(caps, 'starttls')).toBe(true);
    expect(hasCapability(caps, 'CHUNKING')).toBe(false);
    expect(hasCapability(undefined, 'STARTTLS')).toBe(false);
  });

  it('lists mechanisms upper-cased and deduplicated, including the AUTH= form', () => {
    expect(authMechanisms(caps)).toEqual(['PLAIN', 'LOGIN', 'CRAM-MD5']);
    expect(authMechanisms({ greeting: '', keywords: { 'AUTH=LOGIN': ['plain'] } })).toEqual(['LOGIN', 'PLAIN']);
    expect(authMechanisms({ greeting: '', keywords: { AUTH: ['PLAIN', 'NOT/A/MECH', 'X'.repeat(21)] } })).toEqual(['PLAIN']);
    expect(authMechanisms(undefined)).toEqual([]);
  });

  it.each<[string, number | undefined]>([
    ['250-mx\r\n250 SIZE 10240000\r\n', 10_240_000],
    ['250-mx\r\n250 SIZE\r\n', undefined],
    ['250-mx\r\n250 SIZE 0\r\n', undefined],
    ['250-mx\r\n250 SIZE 12abc\r\n', undefined],
    ['250-mx\r\n250 SIZE -5\r\n', undefined],
    ['250-mx\r\n250 8BITMIME\r\n', undefined],
  ])('sizeLimit of %j is %j', (text, expected) => {
    expect(sizeLimit(parseEhloReply(reply(text)))).toBe(expected);
  });
});

describe('clientAddressFromGreeting', () => {
  it.each<[string, string | undefined]>([
    ['mx.example.net Hello client.example [203.0.113.5]', '203.0.113.5'],
    ['mx Hello [IPv6:2001:db8::1], pleased to meet you', '2001:db8::1'],
    ['mx Nice to meet you, [::1]', '::1'],
    ['mx greets [not-an-ip] from [127.0.0.1]', '127.0.0.1'],
    ['mx.example.net', undefined],
    ['mx [999.1.1.1]', undefined],
    ['[[[[[ ]]]]', undefined],
    ['[' + '1'.repeat(100) + ']', undefined],
  ])('%j -> %j', (greeting, expected) => {
    expect(clientAddressFromGreeting(greeting)).toBe(expected);
  });
});
