import { describe, expect, it } from 'vitest';
import type { SmtpReply } from '../../../../shared/evidence.ts';
import {
  authenticate,
  chooseAuthMechanism,
  cramMd5Response,
  plainInitialResponse,
  xoauth2InitialResponse,
  type AuthExchange,
  type AuthPolicy,
} from '../../../../electron/engine/smtp/auth.ts';
import { AUTH_EXPOSURE_WITHOUT_TLS, AUTH_MECHANISMS } from '../../../../shared/steps.ts';

const reply = (code: number, text = ''): SmtpReply => ({ code, lines: [text], raw: [`${code} ${text}`] });

/** A scripted server: replies in order; records what was sent and what the transcript would show. */
function fakeExchange(replies: SmtpReply[]): AuthExchange & { sent: string[]; shown: string[] } {
  const queue = [...replies];
  const sent: string[] = [];
  const shown: string[] = [];
  return {
    sent,
    shown,
    send(line, display) {
      sent.push(line);
      shown.push(display);
    },
    async read() {
      const next = queue.shift();
      if (!next) throw new Error('script ran out of replies');
      return next;
    },
  };
}

describe('chooseAuthMechanism', () => {
  const tls: Omit<AuthPolicy, 'offered'> = { secure: true, tlsVerified: true };
  const cases: Array<[string, AuthPolicy, ReturnType<typeof chooseAuthMechanism>['ok'], string]> = [
    ['automatic prefers PLAIN', { ...tls, offered: ['LOGIN', 'CRAM-MD5', 'PLAIN'] }, true, 'PLAIN'],
    ['then LOGIN', { ...tls, offered: ['CRAM-MD5', 'LOGIN'] }, true, 'LOGIN'],
    ['then CRAM-MD5', { ...tls, offered: ['CRAM-MD5', 'XOAUTH2'] }, true, 'CRAM-MD5'],
    ['never XOAUTH2 automatically', { ...tls, offered: ['XOAUTH2'] }, false, 'mechanism-unsupported'],
    ['XOAUTH2 when chosen', { ...tls, offered: ['XOAUTH2'], requested: 'XOAUTH2' }, true, 'XOAUTH2'],
    ['nothing offered', { ...tls, offered: [] }, false, 'not-offered'],
    ['chosen but not offered', { ...tls, offered: ['PLAIN'], requested: 'LOGIN' }, false, 'mechanism-unsupported'],
    ['PLAIN without TLS refused', { secure: false, tlsVerified: false, offered: ['PLAIN'] }, false, 'plaintext-refused'],
    ['LOGIN without TLS refused', { secure: false, tlsVerified: false, offered: ['LOGIN'] }, false, 'plaintext-refused'],
    ['PLAIN without TLS when allowed', { secure: false, tlsVerified: false, offered: ['PLAIN'], allowPlaintext: true }, true, 'PLAIN'],
    ['CRAM-MD5 chosen automatically without TLS is refused (its answer is cracked offline)', { secure: false, tlsVerified: false, offered: ['CRAM-MD5'] }, false, 'plaintext-refused'],
    ['unverified certificate refused', { secure: true, tlsVerified: false, offered: ['PLAIN'] }, false, 'tls-unverified'],
    ['unverified certificate when allowed', { secure: true, tlsVerified: false, offered: ['PLAIN'], allowUnverifiedTls: true }, true, 'PLAIN'],
    ['mechanism names are case-insensitive', { ...tls, offered: ['plain'] }, true, 'PLAIN'],
  ];
  for (const [name, policy, ok, expected] of cases) {
    it(name, () => {
      const decision = chooseAuthMechanism(policy);
      expect(decision.ok).toBe(ok);
      expect(decision.ok ? decision.mechanism : decision.reason).toBe(expected);
    });
  }
});

describe('chooseAuthMechanism: every mechanism x TLS x plaintext consent', () => {
  // Without TLS every mechanism gives something away (readable password, replayable token,
  // offline-crackable answer): it runs only with the user's consent.
  const exposureWords = { readable: /password readable/, crackable: /cracked offline/, replayable: /token readable.*replay/ } as const;
  for (const mechanism of AUTH_MECHANISMS) {
    for (const secure of [false, true]) {
      for (const allowPlaintext of [false, true]) {
        const refused = !secure && !allowPlaintext;
        it(`${mechanism}, ${secure ? 'TLS' : 'no TLS'}, plaintext ${allowPlaintext ? 'allowed' : 'not allowed'}: ${refused ? 'refused' : 'runs'}`, () => {
          const decision = chooseAuthMechanism({ offered: [mechanism], requested: mechanism, secure, tlsVerified: secure, allowPlaintext });
          if (!refused) {
            expect(decision).toEqual({ ok: true, mechanism });
            return;
          }
          expect(decision).toMatchObject({ ok: false, reason: 'plaintext-refused', mechanism });
          expect(decision.ok ? '' : decision.message).toMatch(exposureWords[AUTH_EXPOSURE_WITHOUT_TLS[mechanism]]);
        });
      }
    }
  }

  it('the automatic choice is refused too when only CRAM-MD5 is offered without TLS', () => {
    expect(chooseAuthMechanism({ offered: ['CRAM-MD5'], secure: false, tlsVerified: false })).toMatchObject({ ok: false, reason: 'plaintext-refused', mechanism: 'CRAM-MD5' });
  });

  it('an unverified certificate is refused for every mechanism, whatever the plaintext consent', () => {
    for (const mechanism of AUTH_MECHANISMS) {
      for (const allowPlaintext of [false, true]) {
        expect(chooseAuthMechanism({ offered: [mechanism], requested: mechanism, secure: true, tlsVerified: false, allowPlaintext })).toMatchObject({ ok: false, reason: 'tls-unverified', mechanism });
      }
    }
  });
});

describe('AUTH encodings', () => {
  it('CRAM-MD5 matches the RFC 2195 example', () => {
    const challenge = Buffer.from('<1896.697170952@postoffice.reston.mci.net>');
    expect(cramMd5Response('tim', 'tanstaaftanstaaf', challenge)).toBe('dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw');
  });

  it('PLAIN is base64 of NUL user NUL password (RFC 4616 §2)', () => {
    expect(Buffer.from(plainInitialResponse('user', 'pass'), 'base64').toString()).toBe('\0user\0pass');
  });

  it('XOAUTH2 is base64 of user=..^Aauth=Bearer ..^A^A', () => {
    expect(Buffer.from(xoauth2InitialResponse('u@x.test', 'tok'), 'base64').toString()).toBe('user=u@x.test\x01auth=Bearer tok\x01\x01');
  });
});

describe('authenticate', () => {
  it('PLAIN sends the initial response in one line and shows it redacted', async () => {
    const ex = fakeExchange([reply(235, '2.7.0 ok')]);
    const out = await authenticate(ex, 'PLAIN', 'user', 'secret');
    expect(out).toMatchObject({ ok: true, mechanism: 'PLAIN' });
    expect(ex.sent).toEqual([`AUTH PLAIN ${plainInitialResponse('user', 'secret')}`]);
    expect(ex.shown[0]).toMatch(/^AUTH PLAIN \[redacted\]$/);
    expect(out.steps.map((s) => s.command)).toEqual(ex.shown);
  });

  it('LOGIN answers both 334 prompts with base64 user and password, both redacted', async () => {
    const ex = fakeExchange([reply(334, 'VXNlcm5hbWU6'), reply(334, 'UGFzc3dvcmQ6'), reply(235)]);
    const out = await authenticate(ex, 'LOGIN', 'user', 'secret');
    expect(out.ok).toBe(true);
    expect(ex.sent).toEqual(['AUTH LOGIN', Buffer.from('user').toString('base64'), Buffer.from('secret').toString('base64')]);
    expect(ex.shown.slice(1).every((s) => /^\[redacted\]$/.test(s))).toBe(true);
  });

  it('LOGIN refused at the user name: 535 outcome, the password is never sent', async () => {
    const ex = fakeExchange([reply(334, 'VXNlcm5hbWU6'), reply(535, '5.7.8 no')]);
    const out = await authenticate(ex, 'LOGIN', 'user', 'secret');
    expect(out).toMatchObject({ ok: false, reply: { code: 535 } });
    expect(ex.sent).toHaveLength(2);
  });

  it('CRAM-MD5 answers the challenge with user + HMAC-MD5 digest', async () => {
    const challenge = Buffer.from('<1896.697170952@postoffice.reston.mci.net>').toString('base64');
    const ex = fakeExchange([reply(334, challenge), reply(235)]);
    const out = await authenticate(ex, 'CRAM-MD5', 'tim', 'tanstaaftanstaaf');
    expect(out.ok).toBe(true);
    expect(ex.sent[1]).toBe('dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw');
    expect(ex.shown[1]).toMatch(/^\[redacted/);
  });

  it('XOAUTH2 failure: 334 with base64 JSON is answered by an empty line, then 535', async () => {
    const ex = fakeExchange([reply(334, 'eyJzdGF0dXMiOiI0MDEifQ=='), reply(535, '5.7.8 bad token')]);
    const out = await authenticate(ex, 'XOAUTH2', 'u@x.test', 'tok');
    expect(out).toMatchObject({ ok: false, reply: { code: 535 } });
    expect(ex.sent[1]).toBe('');
    expect(ex.sent).toHaveLength(2);
  });

  it('a 334 we have no answer for is cancelled with "*" (RFC 4954 §4)', async () => {
    const ex = fakeExchange([reply(334, 'VXNlcm5hbWU6'), reply(334, 'UGFzc3dvcmQ6'), reply(334, 'more?'), reply(501, 'cancelled')]);
    const out = await authenticate(ex, 'LOGIN', 'user', 'secret');
    expect(ex.sent[3]).toBe('*');
    expect(out).toMatchObject({ ok: false, reply: { code: 501 } });
  });

  it('a mechanism the server rejects outright (504) is an outcome', async () => {
    const ex = fakeExchange([reply(504, '5.5.4 unrecognized')]);
    const out = await authenticate(ex, 'CRAM-MD5', 'user', 'secret');
    expect(out).toMatchObject({ ok: false, reply: { code: 504 } });
    expect(ex.sent).toEqual(['AUTH CRAM-MD5']);
  });
});
