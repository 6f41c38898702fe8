import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import ntlmLibrary from 'httpntlm/ntlm.js';
import type { SmtpReply } from '../../../../shared/evidence.ts';
import { authenticate, type AuthExchange } from '../../../../electron/engine/smtp/auth.ts';
import { ntlmAccount, ntlmAuthenticate, ntlmChallengeNames, ntlmChallengeProblem, ntlmNegotiate } from '../../../../electron/engine/smtp/ntlm.ts';
import { createSecretScrubber } from '../../../../electron/engine/smtp/secret-scrubber.ts';
import { challengeMessage as challengeFor, ntlmV2Valid, readAuthenticate } from '../../../../electron/engine/sandbox/ntlm-mechanism.ts';
import { NTLM_NAMES } from '../../../helpers/ntlm-server.ts';

const reply = (code: number, text = ''): SmtpReply => ({ code, lines: [text], raw: [`${code} ${text}`] });
const SERVER_CHALLENGE = Buffer.from('0123456789abcdef', 'hex');
/** The CHALLENGE an Exchange server of the domain EXAMPLE sends (the built-in server's, with these names). */
const challengeMessage = (serverChallenge: Buffer, options: { ntlmV1?: boolean } = {}) => challengeFor(serverChallenge, NTLM_NAMES, options);
const CHALLENGE = challengeMessage(SERVER_CHALLENGE).toString('base64');
const NEGOTIATE = await ntlmNegotiate({ domain: '', user: 'a' });
const AUTHENTICATE = await ntlmAuthenticate(CHALLENGE, { domain: 'EXAMPLE', user: 'alice' }, 'Secret-1').then((a) => (a.ok ? a.message : ''));

describe('ntlmAccount: the logon name as NTLM carries it', () => {
  const cases: Array<[string, string, string]> = [
    ['EXAMPLE\\alice', 'EXAMPLE', 'alice'],
    ['example.local\\Alice Smith', 'example.local', 'Alice Smith'],
    // A UPN and a bare name go whole, with no domain: the domain controller resolves them.
    ['alice@example.com', '', 'alice@example.com'],
    ['alice', '', 'alice'],
    // Only the first backslash separates; a leading one leaves no domain.
    ['EXAMPLE\\odd\\name', 'EXAMPLE', 'odd\\name'],
    ['\\alice', '', 'alice'],
  ];
  for (const [name, domain, user] of cases) {
    it(`${JSON.stringify(name)} -> domain ${JSON.stringify(domain)}, user ${JSON.stringify(user)}`, () => {
      expect(ntlmAccount(name)).toEqual({ domain, user });
    });
  }
});

describe('NTLM messages', () => {
  it('MD4 works on Node 20 without OpenSSL\'s legacy provider: NTOWFv1("Password") is the MS-NLMP §4.2.2.1.2 value', () => {
    expect(() => createHash('md4')).toThrow();
    expect(ntlmLibrary.create_NT_hashed_password('Password').toString('hex')).toBe('a4f49c406510bdcab6824ee7c30fd852');
  });

  it('loads only httpntlm\'s NTLM module, never the HTTP client beside it', () => {
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.some((file) => file.endsWith('/httpntlm/ntlm.js'))).toBe(true);
    expect(loaded.filter((file) => /\/node_modules\/(httpreq|underscore)\/|\/httpntlm\/httpntlm\.js$/.test(file))).toEqual([]);
  });

  it('the AUTH code loads the library on the first NTLM login, not at start-up (it costs tens of ms)', async () => {
    const auth = fileURLToPath(new URL('../../../../electron/engine/smtp/auth.ts', import.meta.url));
    const script = [
      "const { createRequire } = await import('node:module');",
      `const auth = await import(${JSON.stringify(auth)});`,
      "const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes('/httpntlm/'));",
      'const before = loaded();',
      "await auth.authenticate({ send() {}, read: async () => ({ code: 504, lines: ['no'], raw: ['504 no'] }) }, 'NTLM', 'a', 'b');",
      'console.log(JSON.stringify([before, loaded()]));',
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual([false, true]);
  });

  it('the NEGOTIATE message is type 1, names the domain and no workstation', async () => {
    const negotiate = Buffer.from(await ntlmNegotiate({ domain: 'EXAMPLE', user: 'alice' }), 'base64');
    expect(negotiate.toString('latin1', 0, 8)).toBe('NTLMSSP\0');
    expect(negotiate.readUInt32LE(8)).toBe(1);
    expect(negotiate.toString('latin1')).toContain('EXAMPLE');
    expect(negotiate.readUInt16LE(24)).toBe(0);
  });

  it('the AUTHENTICATE message carries the split name and an NTLMv2 response that verifies only with the password', async () => {
    const answer = await ntlmAuthenticate(CHALLENGE, { domain: 'EXAMPLE', user: 'alice' }, 'Secret-1');
    if (!answer.ok) throw new Error(answer.problem);
    const message = readAuthenticate(answer.message);
    expect(message).toMatchObject({ domain: 'EXAMPLE', user: 'alice', workstation: '' });
    expect(ntlmV2Valid(message!, SERVER_CHALLENGE, ntlmLibrary.create_NT_hashed_password('Secret-1'))).toBe(true);
    expect(ntlmV2Valid(message!, SERVER_CHALLENGE, ntlmLibrary.create_NT_hashed_password('Secret-2'))).toBe(false);
    // A fresh client challenge each time: two answers to one challenge differ.
    const again = await ntlmAuthenticate(CHALLENGE, { domain: 'EXAMPLE', user: 'alice' }, 'Secret-1');
    expect(again.ok && again.message).not.toBe(answer.message);
  });

  it('the names in the target info stop at a pair that runs past its end', () => {
    const challenge = challengeMessage(SERVER_CHALLENGE);
    expect(ntlmChallengeNames(challenge)).toBe('domain EXAMPLE, server MAIL1');
    // The first pair claims more bytes than the target info holds: nothing is read past it.
    challenge.writeUInt16LE(400, challenge.readUInt32LE(44) + 2);
    expect(ntlmChallengeNames(challenge)).toBe('');
  });

  it('a CHALLENGE with garbage in its target name and target info is still answered, and its names read without a crash', async () => {
    for (let i = 0; i < 200; i++) {
      const challenge = challengeMessage(SERVER_CHALLENGE);
      randomBytes(8).copy(challenge, 12);
      randomBytes(challenge.length - 48).copy(challenge, 48);
      expect(typeof ntlmChallengeNames(challenge)).toBe('string');
      const answer = await ntlmAuthenticate(challenge.toString('base64'), { domain: 'EXAMPLE', user: 'alice' }, 'p');
      expect(answer.ok && readAuthenticate(answer.message)?.user).toBe('alice');
    }
  });

  const problems: Array<[string, Buffer, RegExp]> = [
    ['not base64 of an NTLM message', Buffer.from('NTLM supported'), /not an NTLM challenge/],
    ['a NEGOTIATE instead of a CHALLENGE', Buffer.from(NEGOTIATE.padEnd(80, 'A'), 'base64'), /not an NTLM challenge/],
    ['a CHALLENGE that asks for NTLMv1', challengeMessage(SERVER_CHALLENGE, { ntlmV1: true }), /NTLMv1/],
    ['target info beyond the message', (() => { const c = challengeMessage(SERVER_CHALLENGE); c.writeUInt32LE(4000, 44); return c; })(), /NTLMv1/],
  ];
  for (const [name, challenge, problem] of problems) {
    it(`not answered: ${name}`, async () => {
      expect(ntlmChallengeProblem(challenge)).toMatch(problem);
      expect(await ntlmAuthenticate(challenge.toString('base64'), { domain: '', user: 'a' }, 'p')).toMatchObject({ ok: false });
    });
  }
});

function fakeExchange(replies: SmtpReply[]): AuthExchange & { sent: string[]; shown: string[]; notes: string[] } {
  const queue = [...replies];
  const ex = { sent: [] as string[], shown: [] as string[], notes: [] as string[] };
  return {
    ...ex,
    send(line, display) {
      ex.sent.push(line);
      ex.shown.push(display);
    },
    async read() {
      const next = queue.shift();
      if (!next) throw new Error('script ran out of replies');
      return next;
    },
    note: (text) => ex.notes.push(text),
  };
}

describe('authenticate: NTLM', () => {
  it('NEGOTIATE as initial response, AUTHENTICATE to the 334 CHALLENGE, both shown redacted', async () => {
    const ex = fakeExchange([reply(334, CHALLENGE), reply(235, '2.7.0 Authentication successful')]);
    const out = await authenticate(ex, 'NTLM', 'EXAMPLE\\alice', 'Secret-1');
    expect(out).toMatchObject({ ok: true, mechanism: 'NTLM' });
    expect(ex.sent[0]).toMatch(/^AUTH NTLM TlRMTVNTUAABAAAA/);
    expect(readAuthenticate(ex.sent[1]!)).toMatchObject({ domain: 'EXAMPLE', user: 'alice' });
    expect(ex.shown).toEqual(['AUTH NTLM [redacted]', '[redacted]']);
    // What the server says its domain is: the part to type before the backslash.
    expect(ex.notes).toEqual(['NTLM challenge: domain EXAMPLE, server MAIL1']);
  });

  it('a server that ignores the initial response gets the NEGOTIATE again after its empty 334', async () => {
    const ex = fakeExchange([reply(334, ''), reply(334, CHALLENGE), reply(235)]);
    const out = await authenticate(ex, 'NTLM', 'alice@example.com', 'Secret-1');
    expect(out.ok).toBe(true);
    expect(ex.sent[1]).toBe(ex.sent[0]!.replace('AUTH NTLM ', ''));
    expect(readAuthenticate(ex.sent[2]!)).toMatchObject({ domain: '', user: 'alice@example.com' });
  });

  it('a 334 that is no usable CHALLENGE is cancelled with "*" and said why', async () => {
    const ex = fakeExchange([reply(334, Buffer.from('NTLM supported').toString('base64')), reply(501, 'aborted')]);
    const out = await authenticate(ex, 'NTLM', 'EXAMPLE\\alice', 'Secret-1');
    expect(out).toMatchObject({ ok: false, reply: { code: 501 } });
    expect(ex.sent.slice(1)).toEqual(['*']);
    expect(ex.notes).toEqual([expect.stringMatching(/^AUTH NTLM cancelled: the server's 334 reply is not an NTLM challenge/)]);
  });

  it('a refusal of AUTH NTLM itself (504) ends the exchange', async () => {
    const ex = fakeExchange([reply(504, '5.7.4 Unrecognized authentication type')]);
    expect(await authenticate(ex, 'NTLM', 'EXAMPLE\\alice', 'Secret-1')).toMatchObject({ ok: false, reply: { code: 504 } });
    expect(ex.sent).toHaveLength(1);
  });
});

describe('the secret scrub of NTLM AUTHENTICATE messages', () => {
  const type3 = AUTHENTICATE;
  const scrubber = createSecretScrubber({ user: 'EXAMPLE\\alice', password: 'Secret-1' });
  const b64 = (text: string) => Buffer.from(text, 'latin1').toString('base64');
  const echoes: Array<[string, string]> = [
    ['raw', `535 5.7.3 you sent ${type3}`],
    ['inside a base64 blob of the server', `334 ${b64(`got: ${Buffer.from(type3, 'base64').toString('latin1')}`)}`],
    ['base64 of the base64 line', `535 ${b64(`echo ${type3}`)}`],
    ['base64url', `535 ${Buffer.from(type3, 'base64').toString('base64url')}`],
  ];
  for (const [name, line] of echoes) {
    it(`an echoed AUTHENTICATE message is scrubbed whole: ${name}`, () => {
      const out = scrubber.scrub(line);
      expect(out).toContain('[redacted]');
      expect(out).not.toContain(type3.slice(16, 40));
    });
  }

  it('the NEGOTIATE and CHALLENGE messages stay readable', async () => {
    const negotiate = await ntlmNegotiate({ domain: 'EXAMPLE', user: 'alice' });
    expect(scrubber.scrub(`334 ${CHALLENGE}`)).toBe(`334 ${CHALLENGE}`);
    expect(scrubber.scrub(`AUTH NTLM ${negotiate}`)).toBe(`AUTH NTLM ${negotiate}`);
  });
});
