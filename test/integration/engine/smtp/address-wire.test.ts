/**
 * As a property: for every address the rules accept, the MAIL FROM and RCPT TO
 * argument that reaches a real server (smtp-server on loopback, its command log) is the input
 * exactly, or, for an IDN domain, the input with that domain as its A-label and a transcript line
 * saying so. Every address the rules refuse fails with the reason, and the server receives no line.
 */
import type net from 'node:net';
import tls from 'node:tls';
import fc from 'fast-check';
import SMTPServerModule from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpEngineError } from '../../../../electron/engine/smtp/errors.ts';
import { SmtpClient } from '../../../../electron/engine/smtp/smtp-client.ts';
import { createTranscript, type TranscriptSink } from '../../../../electron/engine/transcript.ts';
import { checkMailbox, conversionNote } from '../../../../shared/mailbox.ts';
import { testCerts } from '../../../helpers/test-certs.ts';
import { clientOptions } from '../../../helpers/direct-connection.ts';

const { SMTPServer } = SMTPServerModule;
const timeouts = { connect: 5000, tlsHandshake: 5000, greeting: 5000, command: 5000, dataStart: 5000, dataEnd: 5000 };

/** Every command line the server read, in order. */
const received: string[] = [];
let server: InstanceType<typeof SMTPServer>;
let port = 0;

beforeAll(async () => {
  const quiet = () => undefined;
  server = new SMTPServer({
    hideSTARTTLS: true,
    // No reverse lookup of 127.0.0.1: it would ask the system's DNS server, beyond loopback.
    disableReverseLookup: true,
    authOptional: true,
    logger: {
      level: quiet,
      trace: quiet,
      info: quiet,
      warn: quiet,
      error: quiet,
      fatal: quiet,
      debug: (meta: { tnx?: string }, _format: string, line: unknown) => {
        if (meta?.tnx === 'command') received.push(String(line));
      },
    } as never,
    onMailFrom: (_address, _session, callback) => callback(),
    onRcptTo: (_address, _session, callback) => callback(),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function session(): Promise<{ client: SmtpClient; transcript: TranscriptSink }> {
  const transcript = createTranscript();
  const client = new SmtpClient(clientOptions({ host: '127.0.0.1', port, security: 'none', timeouts, transcript }));
  expect((await client.connect()).code).toBe(220);
  expect((await client.ehlo('client.example.test')).reply.code).toBe(250);
  return { client, transcript };
}

/** The argument between "<" and ">" of the last line the server read that starts with `verb`. */
function lastArgument(verb: 'MAIL FROM:' | 'RCPT TO:'): string | undefined {
  const line = received.filter((l) => l.startsWith(verb)).at(-1);
  return line === undefined ? undefined : line.slice(verb.length + 1, line.indexOf('>'));
}

/** What must reach the server: the input, or its IDN domain as an A-label (and then a transcript note). */
function expectedOnWire(address: string): { wire: string; converted: boolean } {
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1);
  if (at < 0 || !/[^\x00-\x7f]/.test(domain)) return { wire: address, converted: false };
  return { wire: `${address.slice(0, at + 1)}${new URL(`http://${domain}/`).hostname}`, converted: true };
}

/** MAIL FROM:<address>, then MAIL FROM:<fixed> + RCPT TO:<address>; checks both arguments on the wire. */
async function sendBoth(client: SmtpClient, transcript: TranscriptSink, address: string): Promise<void> {
  const smtputf8 = checkMailbox(address, 'to').ok && (checkMailbox(address, 'to') as { needsSmtpUtf8: boolean }).needsSmtpUtf8;
  const { wire, converted } = expectedOnWire(address);
  const mail = await client.mailFrom(address, smtputf8 ? { smtputf8 } : {});
  expect(lastArgument('MAIL FROM:')).toBe(wire);
  // The record carries the mailbox exactly as it went between < and > (the diagnosis reads it there).
  expect(mail.record.address).toBe(wire);
  await client.rset();
  await client.mailFrom('probe@example.test', smtputf8 ? { smtputf8 } : {});
  const rcpt = await client.rcptTo(address, smtputf8 ? { smtputf8 } : {});
  expect(lastArgument('RCPT TO:')).toBe(wire);
  expect(rcpt.record.address).toBe(wire);
  await client.rset();
  const notes = transcript.events.filter((e) => e.dir === 'info').map((e) => e.text);
  if (converted) {
    expect(notes).toContain(conversionNote('the sender', address, wire));
    expect(notes).toContain(conversionNote('the recipient', address, wire));
  }
}

// ---- generators of addresses the rules accept

const atext = fc.constantFrom(...'abcXYZ019!#$%&\'*+-/=?^_`{|}~'.split(''));
const atom = fc.string({ unit: atext, minLength: 1, maxLength: 8 });
const dotString = fc.array(atom, { minLength: 1, maxLength: 3 }).map((a) => a.join('.'));
const qchar = fc.oneof(fc.constantFrom(...' a@.,;:()[]Z9'.split('')), fc.constantFrom('\\"', '\\\\', '\\a'));
const quoted = fc.array(qchar, { minLength: 0, maxLength: 8 }).map((a) => `"${a.join('')}"`);
const utf8Local = fc.array(fc.constantFrom('ü', 'ñ', 'ø', '例', 'пользователь', 'δοκιμή', 'a', '.x'), { minLength: 1, maxLength: 3 }).map((a) => a.join('').replace(/^\.|\.$|\.\./g, 'u'));
const ldhLabel = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,10}[A-Za-z0-9])?$/);
const asciiDomain = fc.array(ldhLabel, { minLength: 1, maxLength: 3 }).map((labels) => [...labels, 'test'].join('.'));
const idnDomain = fc.tuple(fc.constantFrom('bücher', 'münchen', '例子', 'пример', 'straße', 'δοκιμή', 'ÆRØ', 'Bücher'), asciiDomain).map(([idn, rest]) => `${idn}.${rest}`);
const literal = fc.oneof(fc.ipV4().map((ip) => `[${ip}]`), fc.ipV6().map((ip) => `[IPv6:${ip}]`), fc.ipV6().map((ip) => `[ipv6:${ip}]`));
const accepted = fc
  .tuple(fc.oneof(dotString, quoted, utf8Local), fc.oneof(asciiDomain, idnDomain, literal))
  .map(([local, domain]) => `${local}@${domain}`)
  .filter((address) => checkMailbox(address, 'to').ok && checkMailbox(address, 'from').ok);

// ---- random text over an alphabet of everything that used to be cut, mapped or mistaken
const hostileUnit = fc.constantFrom(...['a', 'B', '.', '@', '-', '\\', '/', '?', '#', '%', ':', '[', ']', '"', ' ', 'ü', 'ｂ', '。', '\u00ad', '\u200b', '<', '>', '\r', '\n', '\0', 'x'] as const);
const hostile = fc.string({ unit: hostileUnit, minLength: 1, maxLength: 14 });

describe('the envelope argument on the wire is the address as typed (IDN: A-label, said in the transcript)', () => {
  it('holds for 150 accepted addresses: dot-strings, quoted local parts, UTF-8 local parts, IDN domains, IP literals', async () => {
    const { client, transcript } = await session();
    const samples = fc.sample(accepted, { numRuns: 150, seed: 7 });
    expect(samples.some((a) => a.startsWith('"'))).toBe(true);
    expect(samples.some((a) => /\[ipv6:/i.test(a))).toBe(true);
    expect(samples.some((a) => expectedOnWire(a).converted)).toBe(true);
    expect(samples.some((a) => /^[^@]*[^\x00-\x7f]/.test(a))).toBe(true);
    for (const address of samples) await sendBoth(client, transcript, address);
    await client.quit();
  });

  it('refuses every address the rules refuse with a reason, and the server receives no line for it', async () => {
    const { client, transcript } = await session();
    let refused = 0;
    for (const text of fc.sample(hostile, { numRuns: 150, seed: 11 })) {
      const check = checkMailbox(text, 'from');
      if (check.ok) {
        await sendBoth(client, transcript, text);
        continue;
      }
      refused++;
      const before = received.length;
      const error = await Promise.resolve()
        .then(() => client.mailFrom(text))
        .then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SmtpEngineError);
      expect((error as SmtpEngineError).code).toBe('EINVALID');
      expect((error as SmtpEngineError).message).toContain(check.reason);
      expect(received.length).toBe(before);
    }
    expect(refused).toBeGreaterThan(100);
    await client.quit();
  });
});

describe('a Unicode server name goes out as its A-label where it reaches the wire', () => {
  it('sends SNI as xn--… (RFC 6066 §3), not raw UTF-8, and says so in the transcript', async () => {
    const certs = await testCerts();
    const sni: string[] = [];
    const tlsServer = tls.createServer({ ...certs.good, SNICallback: (name, cb) => (sni.push(name), cb(null, undefined)) }, (socket) => socket.end('220 tls.example ESMTP\r\n'));
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    try {
      const transcript = createTranscript();
      const tlsPort = (tlsServer.address() as net.AddressInfo).port;
      const client = new SmtpClient(clientOptions({ host: '127.0.0.1', servername: 'bücher.example', port: tlsPort, security: 'implicit', tlsVerify: false, timeouts, transcript }));
      await client.connect().catch(() => undefined);
      expect(sni).toEqual(['xn--bcher-kva.example']);
      expect(transcript.events.map((e) => e.text)).toContain('the server name bücher.example is used as xn--bcher-kva.example: its A-label form, for DNS and TLS (SNI)');
    } finally {
      await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    }
  });
});
